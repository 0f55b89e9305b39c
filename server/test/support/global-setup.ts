import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { createLogger } from '../../src/logging/logger';
import { prepareTemplates } from './templates';
import { freePort } from './free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Owner URL of the test PostgreSQL server, with `{db}` where the database name goes. */
    pgUrlPattern: string;
  }
}

/**
 * Starts one PostgreSQL for the whole test run (embedded, or the server of DATABASE_URL) and
 * builds the template databases that every test file clones (test/support/database.ts).
 * The embedded cluster gets a free port and a folder of its own, so two runs side by side (two
 * terminals, CI beside a developer) never share or stop each other's cluster.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn', false);
  let pattern: string;
  let teardown = async () => undefined as void;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/{db}';
    pattern = url.toString().replace('%7Bdb%7D', '{db}');
  } else {
    const dataDir = path.resolve(__dirname, '..', '..', '.data', `test-postgres-${process.pid}`);
    const cluster = await startEmbeddedPostgres({
      dataDir,
      port: process.env.TEST_PG_PORT ? Number(process.env.TEST_PG_PORT) : await freePort(),
      log,
    });
    pattern = cluster.url('{db}').replace('%7Bdb%7D', '{db}');
    teardown = async () => {
      await cluster.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  try {
    await prepareTemplates(pattern, log);
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('pgUrlPattern', pattern);
  return teardown;
}
