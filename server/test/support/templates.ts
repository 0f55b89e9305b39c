import { Client } from 'pg';
import type { Logger } from 'pino';
import { createDataSource, migrate } from '../../src/db/data-source';
import { appUrlFrom, ensureAppRole } from '../../src/db/roles';
import { loadSourceDocuments } from '../../src/seed/source-documents';
import { seedTenants } from './fixtures';

/** Migrated, empty schema. */
export const EMPTY_TEMPLATE = 'skills_test_empty';
/** Migrated, with the five source documents imported and the users of test/support/fixtures.ts. */
export const SEEDED_TEMPLATE = 'skills_test_seeded';

export function urlFor(pattern: string, database: string): string {
  return pattern.replace('{db}', encodeURIComponent(database));
}

export async function withAdminClient<T>(pattern: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: urlFor(pattern, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** (Re)creates the template databases the test files clone. Runs once per test run. */
export async function prepareTemplates(pattern: string, log: Logger): Promise<void> {
  await withAdminClient(pattern, async (client) => {
    // Drop databases left by an interrupted earlier run, then the template itself.
    const stale = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'skills_test_%'`,
    );
    for (const { datname } of stale.rows) {
      await client.query(`UPDATE pg_database SET datistemplate = false WHERE datname = $1`, [datname]);
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await client.query(`CREATE DATABASE "${EMPTY_TEMPLATE}"`);
  });
  const dataSource = createDataSource(urlFor(pattern, EMPTY_TEMPLATE), { poolSize: 2 });
  await dataSource.initialize();
  try {
    const applied = await migrate(dataSource);
    // The application role is cluster-wide; its grants live in the template and so in every clone.
    await ensureAppRole(dataSource, appUrlFrom(urlFor(pattern, EMPTY_TEMPLATE)), true);
    log.info({ applied }, 'test template migrated');
  } finally {
    await dataSource.destroy();
  }
  await withAdminClient(pattern, async (client) => {
    await client.query(`UPDATE pg_database SET datistemplate = true WHERE datname = $1`, [EMPTY_TEMPLATE]);
    await client.query(`CREATE DATABASE "${SEEDED_TEMPLATE}" TEMPLATE "${EMPTY_TEMPLATE}"`);
  });
  const seeded = createDataSource(urlFor(pattern, SEEDED_TEMPLATE), { poolSize: 2 });
  await seeded.initialize();
  try {
    await loadSourceDocuments(seeded, log);
    await seedTenants(seeded);
  } finally {
    await seeded.destroy();
  }
  await withAdminClient(pattern, (client) =>
    client.query(`UPDATE pg_database SET datistemplate = true WHERE datname = $1`, [SEEDED_TEMPLATE]),
  );
}
