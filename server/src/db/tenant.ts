import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { TenantScope } from '../auth/viewer';

/**
 * A request's transaction with its tenant scope applied for row-level security.
 *
 * The scope travels to PostgreSQL with `set_config(name, value, true)`: transaction-local, so a
 * pooled connection never carries one request's tenant into the next (a session-level SET would).
 * The policies (migration RowLevelSecurity) read these settings through the app_* SQL functions.
 */
export interface TenantTransaction {
  manager: EntityManager;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;

/** Applies `scope` to the current transaction of `runner` (must be inside a transaction). */
export async function applyScope(
  runner: QueryRunner | EntityManager,
  scope: TenantScope,
  userId: string | null,
) {
  await runner.query(
    `SELECT set_config('app.user_id', $1, true),
            set_config('app.reads_all', $2, true),
            set_config('app.writes_city', $3, true),
            set_config('app.read_districts', $4, true),
            set_config('app.write_districts', $5, true),
            set_config('app.organisations', $6, true)`,
    [
      userId ?? '',
      scope.readsAllDistricts ? 'on' : 'off',
      scope.writesCity ? 'on' : 'off',
      uuidArray(scope.readableDistrictIds),
      uuidArray(scope.writableDistrictIds),
      uuidArray(scope.organisationIds),
    ],
  );
}

/**
 * Makes the runner's queries wait for each other. Resolvers and DataLoader batches of one operation
 * run concurrently, but they share the operation's one connection; pg queues overlapping
 * client.query() calls only with a deprecation warning (and pg 9 refuses them).
 */
function serialiseQueries(runner: QueryRunner): void {
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  (runner as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
    const run = tail.then(
      () => query(...args),
      () => query(...args),
    );
    tail = run.catch(() => undefined);
    return run;
  };
}

/** Opens a transaction on its own connection and applies the scope. Read-only for queries. */
export async function openTenantTransaction(
  dataSource: DataSource,
  scope: TenantScope,
  userId: string | null,
  readOnly: boolean,
): Promise<TenantTransaction> {
  const runner = dataSource.createQueryRunner();
  serialiseQueries(runner);
  await runner.connect();
  try {
    await runner.startTransaction('READ COMMITTED');
    if (readOnly) await runner.query('SET TRANSACTION READ ONLY');
    await applyScope(runner, scope, userId);
  } catch (error) {
    await runner.release();
    throw error;
  }
  let done = false;
  const finish = async (how: 'commit' | 'rollback') => {
    if (done) return;
    done = true;
    try {
      if (runner.isTransactionActive) {
        if (how === 'commit') await runner.commitTransaction();
        else await runner.rollbackTransaction();
      }
    } finally {
      await runner.release();
    }
  };
  return { manager: runner.manager, commit: () => finish('commit'), rollback: () => finish('rollback') };
}
