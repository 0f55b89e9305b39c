import { createRequire } from 'node:module';
import path from 'node:path';
import type * as PgModule from 'pg';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * The server's own `pg` (server/node_modules/pg): the benchmark adds no dependency to the workspace
 * lockfile. Types come from the server's @types/pg (test/tsconfig.json `paths`).
 */
const requireFromServer = createRequire(path.join(REPO_ROOT, 'server', 'package.json'));
export const pg = requireFromServer('pg') as typeof PgModule;

export type PgClient = PgModule.Client;
export type PgPool = PgModule.Pool;
