import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { usePreparedStatements } from '../../src/db/prepared';
import { appUrlFrom } from '../../src/db/roles';
import { EMPTY_TEMPLATE, urlFor, withAdminClient } from './templates';

export interface TestDatabase {
  name: string;
  url: string;
  /** Owner connection: fixtures and assertions on raw rows (passes row-level security). */
  dataSource: DataSource;
  /** Application-role connection, as the server uses for requests (row-level security applies). */
  appDataSource: DataSource;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * An isolated database for one test file, cloned from a migrated template (fast: a file copy),
 * so test files run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(template = EMPTY_TEMPLATE): Promise<TestDatabase> {
  const pattern = inject('pgUrlPattern');
  const name = `skills_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(pattern, (client) =>
    client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`),
  );
  const url = urlFor(pattern, name);
  const dataSource = createDataSource(url, { poolSize: 4 });
  await dataSource.initialize();
  const appDataSource = createDataSource(appUrlFrom(url), { poolSize: 4 });
  await appDataSource.initialize();
  usePreparedStatements(appDataSource);
  return {
    name,
    url,
    dataSource,
    appDataSource,
    drop: async () => {
      if (appDataSource.isInitialized) await appDataSource.destroy();
      if (dataSource.isInitialized) await dataSource.destroy();
      await withAdminClient(pattern, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}
