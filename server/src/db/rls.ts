/**
 * SQL of row-level security policies in the HOISTED pattern (docs/architecture.md, "Row-level
 * security"). Migrations call these helpers rather than writing policies by hand, so that every
 * tenant table gets policies the planner evaluates once per statement, not once per row:
 *
 * - every policy function is called as a scalar sub-select, `(SELECT app_is_owner())`,
 *   `district_id = ANY ((SELECT app_read_districts())::uuid[])`: PostgreSQL plans an uncorrelated sub-select
 *   as an InitPlan, computed once per statement and reused for every row (a bare `app_is_owner()`
 *   or `current_setting(...)::uuid[]` is evaluated, and its array parsed, per row). The `::uuid[]`
 *   cast is not decoration: `x = ANY ((SELECT f()))` parses as `x = ANY (subquery)` and compares a
 *   uuid with a uuid[] ("operator does not exist"); the cast makes it an array expression;
 * - one policy per command (SELECT / INSERT / UPDATE / DELETE) instead of a FOR ALL write policy:
 *   permissive policies of one command are OR-ed, so a FOR ALL policy is evaluated on every SELECT
 *   beside the read policy. Here a SELECT evaluates only the read policy;
 * - rows of a plan are checked against the list of readable / writable plans, computed once per
 *   statement (`plan_id = ANY ((SELECT app_readable_plans())::uuid[])`), not by a per-row lookup of the plan.
 *
 * The scope settings are those of db/tenant.ts (app.reads_all, app.writes_city, app.read_districts,
 * app.write_districts), read through the app_* functions of migration RowLevelSecurity.
 * @example
 * // in a migration's up():
 * await q.query(districtTablePolicies('report'));
 * // in its down():
 * await q.query(dropPolicies('report'));
 */

/** The table owner (migrations, seed, import CLI) passes every policy. */
export const IS_OWNER = '(SELECT app_is_owner())';
/** CITY_ADMIN reads every district. */
export const READS_ALL = '(SELECT app_reads_all())';
/** CITY_ADMIN writes city-level rows. */
export const WRITES_CITY = '(SELECT app_writes_city())';

/** `column` is one of the readable districts (false for NULL). */
export const inReadDistricts = (column = 'district_id') =>
  `${column} = ANY ((SELECT app_read_districts())::uuid[])`;
/** `column` is one of the writable districts (false for NULL). */
export const inWriteDistricts = (column = 'district_id') =>
  `${column} = ANY ((SELECT app_write_districts())::uuid[])`;
/** `column` is one of the organisations the viewer acts for (organisation roles; false for NULL). */
export const inOrganisations = (column = 'organisation_id') =>
  `${column} = ANY ((SELECT app_organisations())::uuid[])`;
/** `column` is a plan the scope may read (city plans and the plans of readable districts). */
export const inReadablePlans = (column = 'plan_id') =>
  `${column} = ANY ((SELECT app_readable_plans())::uuid[])`;
/** `column` is a plan the scope may write. */
export const inWritablePlans = (column = 'plan_id') =>
  `${column} = ANY ((SELECT app_writable_plans())::uuid[])`;

const IDENT = /^[a-z_][a-z0-9_]*$/;

function checkTable(table: string): void {
  if (!IDENT.test(table)) throw new Error(`rls: not a plain table name: ${table}`);
}

/** The conditions of one table's policies (SQL boolean expressions over the table's columns). */
export interface PolicyConditions {
  /** Which rows a SELECT sees. */
  read: string;
  /** Which rows INSERT may add, UPDATE may touch and leave, DELETE may remove. */
  write: string;
}

/**
 * ENABLE + FORCE row-level security on `table` and create its four policies
 * (`<table>_read`, `_insert`, `_update`, `_delete`). Every condition is OR-ed with the owner check.
 * Write conditions must imply the read condition (the scope's write lists are part of its read
 * lists): with separate policies, an UPDATE or DELETE ... WHERE and every RETURNING also need the read
 * policy to pass.
 */
export function tablePolicies(table: string, conditions: PolicyConditions): string {
  checkTable(table);
  const read = `${IS_OWNER} OR ${conditions.read}`;
  const write = `${IS_OWNER} OR ${conditions.write}`;
  return `
    ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
    CREATE POLICY ${table}_read ON ${table} FOR SELECT USING (${read});
    CREATE POLICY ${table}_insert ON ${table} FOR INSERT WITH CHECK (${write});
    CREATE POLICY ${table}_update ON ${table} FOR UPDATE USING (${write}) WITH CHECK (${write});
    CREATE POLICY ${table}_delete ON ${table} FOR DELETE USING (${write});
  `;
}

/** Drops every policy these helpers (or the first RLS migration's FOR ALL form) create on `table`. */
export function dropPolicies(table: string): string {
  checkTable(table);
  return ['read', 'write', 'insert', 'update', 'delete']
    .map((p) => `DROP POLICY IF EXISTS ${table}_${p} ON ${table};`)
    .join('\n');
}

/** A table whose rows belong to a district (district_id NOT NULL). */
export function districtTablePolicies(table: string): string {
  return tablePolicies(table, {
    read: `${READS_ALL} OR ${inReadDistricts()}`,
    write: inWriteDistricts(),
  });
}

/** A table with a nullable district_id: NULL is a city-level row, readable by all, written by the city. */
export function cityOrDistrictTablePolicies(table: string): string {
  return tablePolicies(table, {
    read: `district_id IS NULL OR ${READS_ALL} OR ${inReadDistricts()}`,
    write: `(district_id IS NULL AND ${WRITES_CITY}) OR ${inWriteDistricts()}`,
  });
}

/** A table of a plan's rows (plan_id NOT NULL): readable and writable as its plan is. */
export function planTablePolicies(table: string): string {
  return tablePolicies(table, {
    read: `${READS_ALL} OR ${inReadablePlans()}`,
    write: inWritablePlans(),
  });
}
