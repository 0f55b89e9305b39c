import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { poolOf } from './data-source';

/**
 * Prepared statements for the loaders' reads (issue 8). A DataLoader's statement is the same text
 * on every request — an id lookup such as `… WHERE d.id = ANY($1) AND <tenant condition>` — and at
 * the benchmark's scale PostgreSQL spent two to four times as long planning it (with the row-level
 * security policies folded in) as running it: 2.2 ms of planning against 1.0 ms of execution for the
 * four reads of an organisation's duties. A statement marked here is parsed once per connection and
 * executed by name; after five executions PostgreSQL keeps a generic plan when it costs no more
 * than the custom ones (plan_cache_mode auto), so an id lookup is no longer planned per request.
 *
 * Only marked statements are prepared: those whose text is fixed by the code (the ids travel as one
 * array parameter) and whose plan does not depend on the values — lookups by key, never a report
 * or list with optional filters, where a generic plan can be far slower (the city ranking's sums
 * took three times as long with one). The number of texts is bounded by the code; a cap guards
 * against a text built from input being marked by mistake.
 *
 * @example db.getRepository(Duty).createQueryBuilder('d').comment(PREPARED) // a query builder
 * @example rawQuery(db, prepared(`SELECT …`), params)                          // raw SQL
 */
export const PREPARED = 'prepared';
const MARK = `/* ${PREPARED} */`;
/** More marked texts than this means a marked text varies: the rest are run unprepared. */
const MAX_PREPARED_TEXTS = 200;

/** Marks raw SQL as a prepared statement (see {@link PREPARED}). */
export function prepared(sql: string): string {
  return `${MARK} ${sql}`;
}

type Query = PoolClient['query'];

/**
 * Makes the clients of `dataSource`'s pool run marked statements ({@link PREPARED}) as named
 * prepared statements. Each client is wrapped once, the first time it is checked out.
 */
export function usePreparedStatements(dataSource: DataSource): void {
  const pool: Pool = poolOf(dataSource);
  const names = new Map<string, string>();
  const wrapped = new WeakSet<PoolClient>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_PREPARED_TEXTS) {
      name = `skills_${names.size}`;
      names.set(text, name);
    }
    return name;
  };
  pool.on('acquire', (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((config: unknown, values?: unknown, callback?: unknown) => {
      if (typeof config === 'string' && config.startsWith(MARK) && Array.isArray(values)) {
        const name = nameOf(config);
        if (name) return query({ name, text: config, values }, callback);
      }
      return query(config, values, callback);
    }) as Query;
  });
}
