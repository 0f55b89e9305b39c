import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadInputError } from './errors';

/**
 * Cursor connections for the lists of the API (Relay-style, trimmed to what the client uses):
 * `nodes` or `edges { cursor node }`, `pageInfo { hasNextPage endCursor }` and `totalCount`.
 *
 * Pages are keyset pages over (sort key…, id): the cursor holds the sort values of the last row
 * returned, so a page never repeats or skips rows when rows are added before it (OFFSET would).
 * Cursors are opaque to clients (base64url of JSON) and carry the name of their list, so a cursor
 * of one list given to another is refused. They are signed (HMAC-SHA-256 with a key of this
 * process), so a tampered cursor is refused before any of its values reaches PostgreSQL (an enum
 * or uuid sort key would otherwise fail there); a cursor from before a restart asks the client to
 * start again from the first page.
 */

/** Largest page a client may ask for. */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 1–${MAX_PAGE_SIZE}.` })
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  after?: string | null;
}

@ObjectType({ description: '分页信息' })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last node of this page.' })
  endCursor: string | null;
}

/** What a service returns for a list; the connection type of the list serves it to GraphQL. */
export interface Page<T> {
  nodes: T[];
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /** Counts every row of the list (all pages); run only when a client asks for totalCount. */
  countTotal: () => Promise<number>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ClassType<T> = new (...args: any[]) => T;

/**
 * The GraphQL connection type of a node type: `class OrganisationConnection extends
 * ConnectionType(Organisation) {}`, decorated with `@ObjectType()`. Also defines `<Node>Edge`.
 */
export function ConnectionType<T extends object>(Node: ClassType<T>) {
  @ObjectType(`${Node.name}Edge`)
  class Edge {
    @Field({ description: 'Opaque cursor of this node.' })
    cursor: string;

    @Field(() => Node)
    node: T;
  }

  // Not in the schema by itself: only the named subclasses are reachable from the resolvers.
  @ObjectType()
  abstract class Connection implements Page<T> {
    @Field(() => [Node])
    nodes: T[];

    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    countTotal: () => Promise<number>;

    @Field(() => Int, {
      description: 'Number of nodes of the whole list (every page), within the viewer’s scope.',
    })
    totalCount(): Promise<number> {
      return this.countTotal();
    }
  }
  return Connection;
}

/** One key of a list's order. The last key must be unique (the id). */
export interface SortKey<T> {
  /** Expression in the query builder, e.g. `o.name` (a property path) or `p.start_year`. */
  column: string;
  direction: 'ASC' | 'DESC';
  type: 'string' | 'number';
  /** The key's value on a node, written into the cursor. */
  value: (node: T) => string | number;
}

const CURSOR_KEY = randomBytes(32);
/** Longest cursor accepted (a few sort values; far longer is tampering). */
const MAX_CURSOR_LENGTH = 2048;

function signature(payload: string): Buffer {
  return createHmac('sha256', CURSOR_KEY).update(payload).digest().subarray(0, 16);
}

/** Encodes the cursor of a node of list `kind`: `<base64url JSON>.<base64url signature>`. */
export function encodeCursor(kind: string, values: (string | number)[]): string {
  const payload = Buffer.from(JSON.stringify({ k: kind, v: values }), 'utf8').toString('base64url');
  return `${payload}.${signature(payload).toString('base64url')}`;
}

/** Decodes a cursor of list `kind` with the given key types; BAD_USER_INPUT if it is not one. */
export function decodeCursor(
  kind: string,
  cursor: string,
  types: SortKey<unknown>['type'][],
): (string | number)[] {
  const invalid = () => new BadInputError('分页游标无效，请从第一页重新查询', { argument: 'after' });
  if (cursor.length > MAX_CURSOR_LENGTH) throw invalid();
  const [payload, mac, ...rest] = cursor.split('.');
  if (!payload || !mac || rest.length) throw invalid();
  const given = Buffer.from(mac, 'base64url');
  const expected = signature(payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { k, v } = (parsed ?? {}) as { k?: unknown; v?: unknown };
  if (k !== kind || !Array.isArray(v) || v.length !== types.length) throw invalid();
  v.forEach((value, i) => {
    if (typeof value !== types[i]) throw invalid();
    if (typeof value === 'number' && !Number.isFinite(value)) throw invalid();
  });
  return v as (string | number)[];
}

/** Validates the page size. */
export function pageSize(page: PageArgs): number {
  const first = page.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadInputError(`每页条数须在 1 到 ${MAX_PAGE_SIZE} 之间`, { argument: 'first' });
  }
  return first;
}

/**
 * Reads one page of `qb` (already filtered and scoped) in the order of `keys`.
 * Runs one statement for the page, and one more for totalCount when a client asks for it.
 * @example
 * paginate(qb, { kind: 'organisations', page, keys: [
 *   { column: 'o.name', direction: 'ASC', type: 'string', value: (o) => o.name },
 *   { column: 'o.id', direction: 'ASC', type: 'string', value: (o) => o.id },
 * ] })
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  options: { kind: string; keys: SortKey<T>[]; page: PageArgs },
): Promise<Page<T>> {
  const { kind, keys, page } = options;
  const first = pageSize(page);
  const counter = qb.clone();
  const query = qb.clone();
  if (page.after) {
    const values = decodeCursor(
      kind,
      page.after,
      keys.map((k) => k.type),
    );
    // (k0 > v0) OR (k0 = v0 AND k1 > v1) OR …, with < for descending keys.
    const params: Record<string, unknown> = {};
    const branches = keys.map((key, i) => {
      const equal = keys.slice(0, i).map((prev, j) => `${prev.column} = :cursor${j}`);
      const op = key.direction === 'ASC' ? '>' : '<';
      return `(${[...equal, `${key.column} ${op} :cursor${i}`].join(' AND ')})`;
    });
    values.forEach((value, i) => (params[`cursor${i}`] = value));
    query.andWhere(`(${branches.join(' OR ')})`, params);
  }
  keys.forEach((key, i) =>
    i === 0 ? query.orderBy(key.column, key.direction) : query.addOrderBy(key.column, key.direction),
  );
  const rows = await query.limit(first + 1).getMany();
  const nodes = rows.slice(0, first);
  // Cursors are signed (an HMAC each): made only when a client asks for them (getters), since most
  // reads ask for `nodes` alone.
  const cursorOf = (node: T) =>
    encodeCursor(
      kind,
      keys.map((k) => k.value(node)),
    );
  const edges = nodes.map((node) => ({
    node,
    get cursor() {
      return cursorOf(node);
    },
  }));
  const last = nodes.at(-1);
  return {
    nodes,
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      get endCursor() {
        return last === undefined ? null : cursorOf(last);
      },
    },
    countTotal: () => counter.getCount(),
  };
}
