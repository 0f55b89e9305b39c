import path from 'node:path';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { createLogger } from '../../src/logging/logger';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/db/embedded';
import { prepareTemplates } from './templates';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Owner URL of the test PostgreSQL server, with `{db}` where the database name goes. */
    pgUrlPattern: string;
  }
}

let embedded: EmbeddedPostgresHandle | undefined;

/**
 * Starts one PostgreSQL for the whole test run (embedded, or the server of DATABASE_URL) and
 * builds the template databases that every test file clones (test/support/database.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn', false);
  let pattern: string;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/{db}';
    pattern = url.toString().replace('%7Bdb%7D', '{db}');
  } else {
    embedded = await startEmbeddedPostgres({
      dataDir: path.resolve(__dirname, '..', '..', '.data', 'test-postgres'),
      port: Number(process.env.TEST_PG_PORT ?? 54339),
      log,
    });
    pattern = embedded.url('{db}').replace('%7Bdb%7D', '{db}');
  }
  await prepareTemplates(pattern, log);
  project.provide('pgUrlPattern', pattern);
  return async () => {
    await embedded?.stop();
  };
}
