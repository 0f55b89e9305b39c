import DataLoader from 'dataloader';
import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DISTRICT_ROLES, type TenantScope, type Viewer } from '../auth/viewer';
import { BadInputError, NotFoundError } from '../graphql/errors';
import { PREPARED } from './prepared';

/**
 * Tenant filters of the read API, in SQL. Every service and loader that reads a tenant row goes
 * through these helpers, so that the district filter is written once and fails closed: a viewer
 * with no readable district (or no viewer at all) matches no tenant row, never every row.
 *
 * The filters come from the request's scope (context/context.ts), never from arguments. They are
 * the application's own check; row-level security in PostgreSQL (db/tenant.ts) is the second one.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` is a UUID (anything else would make PostgreSQL fail on the cast). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/**
 * Validates an id given as a filter argument: a malformed one is the caller's mistake.
 * @example assertUuidArgument(filter.districtId, 'districtId')
 */
export function assertUuidArgument(id: string, name: string): void {
  if (!isUuid(id)) throw new BadInputError(`参数 ${name} 不是有效的编号`, { argument: name });
}

/**
 * How a viewer reads tenant rows, derived from the scope and, where the scope cannot tell, from the
 * grants: `scope.readableDistrictIds` mixes the districts of district grants (which read the whole
 * district) with those of organisation grants (which read only what concerns their organisation).
 */
export interface ReadAccess {
  /** CITY_ADMIN: every district. */
  all: boolean;
  /** Districts of any grant: reference rows of these districts (organisations, plans…) are readable. */
  districtIds: string[];
  /** Districts read in full: those of DISTRICT_ADMIN and VIEWER grants. */
  fullDistrictIds: string[];
  /** Organisations of organisation grants: in their district, they read only their own duties. */
  organisationIds: string[];
}

/** The read access of a request (no viewer: nothing). */
export function readAccess(ctx: { viewer: Viewer | null; scope: TenantScope }): ReadAccess {
  if (!ctx.viewer) return { all: false, districtIds: [], fullDistrictIds: [], organisationIds: [] };
  const full = ctx.viewer.grants
    .filter((g) => DISTRICT_ROLES.includes(g.role) && g.districtId !== null)
    .map((g) => g.districtId as string);
  return {
    all: ctx.scope.readsAllDistricts,
    districtIds: [...ctx.scope.readableDistrictIds],
    fullDistrictIds: [...new Set(full)],
    organisationIds: [...ctx.scope.organisationIds],
  };
}

export interface TenantFilterOptions {
  /**
   * Whether rows without a district (city-level rows: city plans, city organisations) are readable.
   * They are shared reference data for every signed-in user.
   */
  cityLevel?: boolean;
}

/**
 * The SQL condition (for a TypeORM query builder) that limits `column` (e.g. `o.districtId`) to the
 * districts the scope may read. Fails closed: an empty scope yields a condition no tenant row meets.
 * @example qb.andWhere(...tenantCondition('p.districtId', ctx.scope, { cityLevel: true }))
 */
export function tenantCondition(
  column: string,
  scope: TenantScope,
  options: TenantFilterOptions = {},
): [string, Record<string, unknown>] {
  if (scope.readsAllDistricts) return ['TRUE', {}];
  // Why a parameter even when empty: `= ANY('{}')` is false, so no tenant row leaks by accident.
  const tenant = `${column} = ANY(CAST(:scopeDistrictIds AS uuid[]))`;
  const sql = options.cityLevel
    ? `(${column} IS NULL OR ${tenant})`
    : `(${column} IS NOT NULL AND ${tenant})`;
  return [sql, { scopeDistrictIds: scope.readableDistrictIds }];
}

/** Adds {@link tenantCondition} to a query builder. */
export function whereInScope<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  scope: TenantScope,
  options: TenantFilterOptions = {},
): SelectQueryBuilder<T> {
  const [sql, params] = tenantCondition(column, scope, options);
  return qb.andWhere(sql, params);
}

/**
 * The SQL condition that limits duties (alias `d` of table duty) to those the viewer may read:
 * every duty for the city, the duties of districts read in full, and in the district of an
 * organisation grant only the duties where that organisation is assigned (lead or cooperating) or,
 * for enterprise and institution lists, where its category is (同类企业/培训机构 assignments).
 * Fails closed like {@link tenantCondition}.
 */
export function dutyVisibleCondition(alias: string, access: ReadAccess): [string, Record<string, unknown>] {
  if (access.all) return ['TRUE', {}];
  const sql = `(
    ${alias}.district_id = ANY(CAST(:visibleFullDistrictIds AS uuid[]))
    OR EXISTS (
      SELECT 1 FROM duty_assignment va
      JOIN organisation vo ON vo.id = ANY(CAST(:visibleOrganisationIds AS uuid[]))
        AND vo.district_id = va.district_id
        AND vo.district_id = ANY(CAST(:visibleDistrictIds AS uuid[]))
      WHERE va.duty_id = ${alias}.id
        AND (va.organisation_id = vo.id
          OR (${alias}.list_kind IN ('ENTERPRISE', 'INSTITUTION') AND ${categoryMatches('va', 'vo')}))
    )
  )`;
  return [
    sql,
    {
      visibleFullDistrictIds: access.fullDistrictIds,
      visibleOrganisationIds: access.organisationIds,
      visibleDistrictIds: access.districtIds,
    },
  ];
}

/**
 * Whether the category of assignment `a` covers organisation `o`: its own category, or the
 * "all enterprises" / "all training institutions" categories for organisations of that kind.
 */
export function categoryMatches(a: string, o: string): string {
  return `(${a}.category = ${o}.category
    OR (${a}.category = 'ALL_ENTERPRISES' AND ${o}.kind = 'ENTERPRISE')
    OR (${a}.category = 'ALL_TRAINING_INSTITUTIONS' AND ${o}.kind = 'TRAINING_INSTITUTION'))`;
}

export interface FindInScopeOptions<T extends ObjectLiteral> extends TenantFilterOptions {
  /** Further conditions (e.g. the duty visibility of organisation roles). */
  where?: (qb: SelectQueryBuilder<T>, alias: string) => void;
  /** Column holding the tenant, if not `districtId`. */
  districtColumn?: string;
}

/**
 * Reads one tenant row by id, within the viewer's scope: the one place a tenant row is looked up
 * by id (Vendure's findOneInChannel). A row of another district answers NOT_FOUND exactly like a
 * row that does not exist, so ids of other tenants cannot be probed; so does a malformed id.
 * @example const plan = await findOneInScope(ctx, Plan, id, { cityLevel: true });
 */
export async function findOneInScope<T extends ObjectLiteral>(
  ctx: { db: EntityManager; scope: TenantScope },
  entity: EntityTarget<T>,
  id: string,
  options: FindInScopeOptions<T> = {},
): Promise<T> {
  if (!isUuid(id)) throw new NotFoundError();
  const alias = 'found';
  // A lookup by key: prepared, planned once per connection (db/prepared.ts).
  const qb = ctx.db
    .getRepository(entity)
    .createQueryBuilder(alias)
    .comment(PREPARED)
    .where(`${alias}.id = :id`, { id });
  whereInScope(qb, `${alias}.${options.districtColumn ?? 'districtId'}`, ctx.scope, options);
  options.where?.(qb, alias);
  const row = await qb.getOne();
  if (!row) throw new NotFoundError();
  return row;
}

/**
 * DataLoader options of the read API: batches are dispatched on setImmediate rather than on the
 * next tick, so that the sibling fields of a list, which reach their resolvers through the async
 * permission middleware, land in one batch (one statement) however long the list is.
 */
export const batchOptions = { batchScheduleFn: (dispatch: () => void) => setImmediate(dispatch) };

/**
 * A loader of rows by id through `load` (one statement for a batch of ids); a missing or
 * out-of-scope id yields null.
 */
export function loaderById<T extends { id: string }>(
  load: (ids: string[]) => Promise<T[]>,
): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await load(valid) : [];
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  }, batchOptions);
}

/**
 * A loader of the rows that belong to a parent (items of a duty, aliases of an organisation…):
 * `load` reads the rows of a batch of parents in one statement, in display order.
 */
export function loaderOfChildren<T>(
  load: (parentIds: string[]) => Promise<T[]>,
  parentOf: (row: T) => string,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (parentIds) => {
    const valid = parentIds.filter(isUuid);
    const rows = valid.length ? await load(valid) : [];
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const key = parentOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return parentIds.map((id) => groups.get(id) ?? []);
  }, batchOptions);
}

/**
 * Runs raw SQL written with TypeORM's named parameters (`:name`), as the condition helpers above
 * produce them, for the few reads a query builder cannot express (one row per parent and child).
 */
export async function rawQuery<R>(
  db: EntityManager,
  sql: string,
  params: Record<string, unknown>,
): Promise<R[]> {
  const [query, values] = db.connection.driver.escapeQueryWithParameters(sql, params);
  return (await db.query(query, values)) as R[];
}
