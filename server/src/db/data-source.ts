import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { entities } from './entities';
import { installFastHydration } from './fast-hydration';
import { migrations } from './migrations';
import { SnakeNamingStrategy } from './naming';

/**
 * A TypeORM data source over a pg pool. `synchronize` is off: the schema comes from migrations only.
 * `logging` hooks let tests count the SQL statements a request runs (see test/support/sql-counter.ts).
 */
export function createDataSource(url: string, options: { poolSize?: number; applicationName?: string } = {}) {
  installFastHydration();
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'skills-server',
    extra: { connectionTimeoutMillis: 5000 },
  });
}

/** Runs pending migrations and returns the names applied now. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/**
 * The pg pool under an initialised data source, for the few hot statements that need none of
 * TypeORM's query runner (the per-request session lookup, auth/authenticate.ts): `pool.query`
 * borrows a connection for one statement and gives it back.
 */
export function poolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('the data source is not initialised (no pg pool)');
  return pool;
}
