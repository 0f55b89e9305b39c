import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { poolOf } from '../../src/db/data-source';

/**
 * Counts the SQL statements a DataSource sends to PostgreSQL, to pin the cost of an operation
 * (a matrix must cost the same for 3 districts as for 41).
 *
 * Where it listens: on the pg pool under TypeORM. Every connection the pool hands out, to TypeORM's
 * query runners (the request transaction's QueryRunner of db/tenant.ts included), to the entity
 * manager, or to anyone else, has its `query` wrapped once when it is acquired ('acquire' event),
 * so BEGIN, SET, set_config, the reads and COMMIT are all seen, whichever layer sent them. TypeORM's
 * logger would miss statements sent on a raw pg client.
 * @example
 * const counter = countStatements(db.dataSource);
 * const { count } = await counter.measure(() => api.query('{ districts { id } }'));
 */
export interface SqlCounter {
  /** Statements seen since the counter started or was last reset. */
  readonly count: number;
  /** Their text, in order (for a failing test's message). */
  readonly statements: readonly string[];
  reset(): void;
  /** Runs `fn` and returns the statements it ran. */
  measure<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }>;
  /** Stops counting (the wrappers stay, inert). */
  stop(): void;
}

const WRAPPED = Symbol('sql-counter');

type CountingClient = PoolClient & { [WRAPPED]?: { listeners: Set<(sql: string) => void> } };

function sqlText(args: unknown[]): string {
  const first = args[0];
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && 'text' in first) return String((first as { text: unknown }).text);
  return String(first);
}

function wrap(client: CountingClient): Set<(sql: string) => void> {
  if (!client[WRAPPED]) {
    const listeners = new Set<(sql: string) => void>();
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    client[WRAPPED] = { listeners };
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const text = sqlText(args);
      for (const listener of listeners) listener(text);
      return original(...args);
    };
  }
  return client[WRAPPED].listeners;
}

export function countStatements(dataSource: DataSource): SqlCounter {
  const pool = poolOf(dataSource);
  const statements: string[] = [];
  let active = true;
  const listener = (sql: string) => {
    if (active) statements.push(sql);
  };
  const onAcquire = (client: PoolClient) => wrap(client as CountingClient).add(listener);
  pool.on('acquire', onAcquire);
  return {
    get count() {
      return statements.length;
    },
    get statements() {
      return statements;
    },
    reset() {
      statements.length = 0;
    },
    async measure(fn) {
      const start = statements.length;
      const result = await fn();
      const ran = statements.slice(start);
      return { result, count: ran.length, statements: ran };
    },
    stop() {
      active = false;
      pool.removeListener('acquire', onAcquire);
    },
  };
}
