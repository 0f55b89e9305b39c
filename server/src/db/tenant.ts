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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid validated for a SQL literal: the scope's ids come from grants, never from a request. */
function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error(`tenant scope: not a uuid: ${JSON.stringify(id)}`);
  return id.toLowerCase();
}
const uuidArray = (ids: string[]) => `{${ids.map(uuidLiteral).join(',')}}`;
const flag = (on: boolean) => (on ? 'on' : 'off');

/**
 * The statement that applies `scope` to the current transaction, with its values as literals so it
 * can travel in one simple-protocol round trip together with BEGIN ({@link beginStatement}). Safe
 * by construction: the only values are 'on'/'off' and validated uuids (no quote can reach the SQL).
 */
export function scopeStatement(scope: TenantScope, userId: string | null): string {
  const settings: [string, string][] = [
    ['app.user_id', userId === null ? '' : uuidLiteral(userId)],
    ['app.reads_all', flag(scope.readsAllDistricts)],
    ['app.writes_city', flag(scope.writesCity)],
    ['app.read_districts', uuidArray(scope.readableDistrictIds)],
    ['app.write_districts', uuidArray(scope.writableDistrictIds)],
    ['app.organisations', uuidArray(scope.organisationIds)],
  ];
  return `SELECT ${settings.map(([name, value]) => `set_config('${name}', '${value}', true)`).join(', ')}`;
}

/** BEGIN (READ ONLY for queries) and the scope, as one multi-statement simple query: one round trip. */
export function beginStatement(scope: TenantScope, userId: string | null, readOnly: boolean): string {
  return `BEGIN ISOLATION LEVEL READ COMMITTED${readOnly ? ' READ ONLY' : ''}; ${scopeStatement(scope, userId)}`;
}

/** Applies `scope` to the current transaction of `runner` (must be inside a transaction). */
export async function applyScope(
  runner: QueryRunner | EntityManager,
  scope: TenantScope,
  userId: string | null,
) {
  await runner.query(scopeStatement(scope, userId));
}

/** A {@link TenantTransaction} that takes its connection on first use. */
export interface LazyTenantTransaction extends TenantTransaction {
  /** Whether BEGIN was sent (the operation used the database). */
  readonly opened: boolean;
  /** Sends BEGIN and the scope now (otherwise the first query does). */
  open(): Promise<void>;
}

type QueryFn = (...args: unknown[]) => Promise<unknown>;

/**
 * Makes the runner's queries wait for each other, and for `before` (the lazy BEGIN) ahead of the
 * first one. Resolvers and DataLoader batches of one operation run concurrently, but they share the
 * operation's one connection; pg queues overlapping client.query() calls only with a deprecation
 * warning (and pg 9 refuses them).
 */
function serialiseQueries(runner: QueryRunner, before: () => Promise<void>): void {
  const query = runner.query.bind(runner) as QueryFn;
  let tail: Promise<unknown> = Promise.resolve();
  (runner as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
    const previous = tail;
    // A failed BEGIN fails every query of the operation (none runs outside the scoped
    // transaction); a failed query fails only itself.
    const run = before()
      .then(() => previous)
      .then(() => query(...args));
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * Gives the runner's connection back to the pool. After a BEGIN, COMMIT or ROLLBACK that failed
 * (the backend was terminated, the connection broke) the connection's state is unknown: it is
 * handed back with the error, so the pool closes it at once instead of keeping it idle until its
 * socket's close arrives, when the next request could already have taken it.
 */
async function releaseRunner(runner: QueryRunner, failure: unknown): Promise<void> {
  if (failure === null) return runner.release();
  const postgres = runner as unknown as { releasePostgresConnection(error: Error): Promise<void> };
  return postgres.releasePostgresConnection(failure instanceof Error ? failure : new Error(String(failure)));
}

/**
 * The operation's transaction, opened lazily: no connection is taken and no statement sent until
 * the first query through `manager` (an operation that reads no table, `{ __typename }`, costs no
 * round trip). The first query is preceded by {@link beginStatement}, one round trip for BEGIN,
 * READ ONLY and the scope. TypeORM is told a transaction is active from the start, so that
 * `manager.save()` does not open one of its own and `manager.transaction()` nests as a savepoint.
 */
export function lazyTenantTransaction(
  dataSource: DataSource,
  scope: TenantScope,
  userId: string | null,
  readOnly: boolean,
): LazyTenantTransaction {
  const begin = beginStatement(scope, userId, readOnly); // validates the scope now, not mid-operation
  const runner = dataSource.createQueryRunner();
  let opening: Promise<void> | null = null;
  const open = () =>
    (opening ??= (async () => {
      const client = (await runner.connect()) as { query: (sql: string) => Promise<unknown> };
      await client.query(begin);
    })());
  serialiseQueries(runner, open);
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = true;
  state.transactionDepth = 1;

  let done = false;
  const finish = async (how: 'commit' | 'rollback') => {
    if (done) return;
    done = true;
    let failure: unknown = null;
    try {
      if (!opening) return;
      try {
        await opening;
      } catch (error) {
        failure = error;
        return; // BEGIN failed: nothing to end; the operation has seen the error
      }
      if (runner.isTransactionActive) {
        try {
          if (how === 'commit') await runner.commitTransaction();
          else await runner.rollbackTransaction();
        } catch (error) {
          failure = error;
          throw error;
        }
      }
    } finally {
      await releaseRunner(runner, failure);
    }
  };
  return {
    manager: runner.manager,
    get opened() {
      return opening !== null;
    },
    open,
    commit: () => finish('commit'),
    rollback: () => finish('rollback'),
  };
}

/** Opens a transaction on its own connection and applies the scope (one round trip). */
export async function openTenantTransaction(
  dataSource: DataSource,
  scope: TenantScope,
  userId: string | null,
  readOnly: boolean,
): Promise<TenantTransaction> {
  const tx = lazyTenantTransaction(dataSource, scope, userId, readOnly);
  try {
    await tx.open();
  } catch (error) {
    await tx.rollback().catch(() => undefined);
    throw error;
  }
  return tx;
}
