import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  READS_ALL,
  WRITES_CITY,
  cityOrDistrictTablePolicies,
  districtTablePolicies,
  dropPolicies,
  inReadDistricts,
  inReadablePlans,
  inWritablePlans,
  inWriteDistricts,
  planTablePolicies,
  tablePolicies,
} from '../rls';
import { CITY_OR_DISTRICT_TABLES, DISTRICT_TABLES, RLS_TABLES } from './1795300000300-row-level-security';

/**
 * Row-level security the planner can hoist (issue 8; db/rls.ts, docs/architecture.md): the same
 * rules as migration RowLevelSecurity, rewritten so that PostgreSQL evaluates each policy function
 * once per statement (an InitPlan) instead of once per row, and so that a SELECT evaluates only the
 * read policy (one policy per command, no FOR ALL write policy OR-ed into every read).
 *
 * Rows of a plan (indicator, target, claimed_total, assessment_criterion) were checked with
 * app_can_read_plan(plan_id) / app_can_write_plan(plan_id), a lookup of the plan per row. They are
 * now checked against the arrays app_readable_plans() / app_writable_plans(), computed once per
 * statement by reading `plan` under its own policy: the same answer, since a plan row is readable
 * exactly when plan_read lets it through. The old functions stay (unused) for the down migration.
 * app_organisations() reads app.organisations (the organisations of organisation roles) for
 * policies of tables that organisation roles write.
 *
 * Indexes: the keyset page of duties (plan, list, document order, id), and district_id leading
 * where the policies and the services filter by district.
 */
export class HoistedRowLevelSecurity1795300000400 implements MigrationInterface {
  name = 'HoistedRowLevelSecurity1795300000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION app_readable_plans() RETURNS uuid[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(array_agg(p.id), '{}') FROM plan p  -- plan's own read policy decides
      $$;
      CREATE FUNCTION app_organisations() RETURNS uuid[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(nullif(current_setting('app.organisations', true), ''), '{}')::uuid[]
      $$;
      CREATE FUNCTION app_writable_plans() RETURNS uuid[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(array_agg(p.id), '{}') FROM plan p
         WHERE (p.level = 'CITY' AND (SELECT app_writes_city()))
            OR p.district_id = ANY ((SELECT app_write_districts())::uuid[])
      $$;
    `);
    for (const table of RLS_TABLES) await q.query(dropPolicies(table));
    for (const table of DISTRICT_TABLES) await q.query(districtTablePolicies(table));
    for (const table of CITY_OR_DISTRICT_TABLES) await q.query(cityOrDistrictTablePolicies(table));
    await q.query(
      tablePolicies('plan', {
        read: `level = 'CITY' OR ${READS_ALL} OR ${inReadDistricts()}`,
        write: `(level = 'CITY' AND ${WRITES_CITY}) OR ${inWriteDistricts()}`,
      }),
    );
    for (const table of ['indicator', 'claimed_total', 'assessment_criterion'])
      await q.query(planTablePolicies(table));
    // A city plan's allocation to a district is also limited to viewers of that district.
    await q.query(
      tablePolicies('target', {
        read: `${READS_ALL} OR (${inReadablePlans()} AND (district_id IS NULL OR ${inReadDistricts()}))`,
        write: inWritablePlans(),
      }),
    );
    // Sign-in reads the user's own grants with app.reads_all (auth/authenticate.ts); a city admin
    // writes grants anywhere (its write list is empty).
    await q.query(
      tablePolicies('user_grant', {
        read: `district_id IS NULL OR ${READS_ALL} OR ${inReadDistricts()}`,
        write: `${WRITES_CITY} OR ${inWriteDistricts()}`,
      }),
    );

    await q.query(`
      CREATE INDEX duty_page ON duty (plan_id, list_kind, sort_order, id);
      CREATE INDEX duty_assignment_district_category ON duty_assignment (district_id, category)
        WHERE category IS NOT NULL;
      CREATE INDEX responsibility_item_district ON responsibility_item (district_id);
      CREATE INDEX duty_target_district ON duty_target (district_id);
      CREATE INDEX catalogue_entry_district ON catalogue_entry (district_id);
      CREATE INDEX qualification_district ON qualification (district_id, organisation_id);
      CREATE INDEX organisation_alias_district ON organisation_alias (district_id);
      CREATE INDEX import_run_district ON import_run (district_id);
      CREATE INDEX claimed_total_plan ON claimed_total (plan_id);
      CREATE INDEX assessment_criterion_plan ON assessment_criterion (plan_id);
      CREATE INDEX target_plan_district ON target (plan_id, district_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX target_plan_district, assessment_criterion_plan, claimed_total_plan, import_run_district,
        organisation_alias_district, qualification_district, catalogue_entry_district, duty_target_district,
        responsibility_item_district, duty_assignment_district_category, duty_page;
    `);
    for (const table of RLS_TABLES) await q.query(dropPolicies(table));
    // The per-row form of migration RowLevelSecurity, as it was.
    for (const table of DISTRICT_TABLES)
      await q.query(`
        CREATE POLICY ${table}_read ON ${table} FOR SELECT
          USING (app_is_owner() OR app_reads_all() OR district_id = ANY (app_read_districts()));
        CREATE POLICY ${table}_write ON ${table} FOR ALL
          USING (app_is_owner() OR district_id = ANY (app_write_districts()))
          WITH CHECK (app_is_owner() OR district_id = ANY (app_write_districts()));
      `);
    for (const table of CITY_OR_DISTRICT_TABLES)
      await q.query(`
        CREATE POLICY ${table}_read ON ${table} FOR SELECT
          USING (app_is_owner() OR district_id IS NULL OR app_reads_all() OR district_id = ANY (app_read_districts()));
        CREATE POLICY ${table}_write ON ${table} FOR ALL
          USING (app_is_owner() OR (district_id IS NULL AND app_writes_city()) OR district_id = ANY (app_write_districts()))
          WITH CHECK (app_is_owner() OR (district_id IS NULL AND app_writes_city()) OR district_id = ANY (app_write_districts()));
      `);
    await q.query(`
      CREATE POLICY plan_read ON plan FOR SELECT
        USING (app_is_owner() OR level = 'CITY' OR app_reads_all() OR district_id = ANY (app_read_districts()));
      CREATE POLICY plan_write ON plan FOR ALL
        USING (app_is_owner() OR (level = 'CITY' AND app_writes_city()) OR district_id = ANY (app_write_districts()))
        WITH CHECK (app_is_owner() OR (level = 'CITY' AND app_writes_city()) OR district_id = ANY (app_write_districts()));
    `);
    for (const table of ['indicator', 'claimed_total', 'assessment_criterion'])
      await q.query(`
        CREATE POLICY ${table}_read ON ${table} FOR SELECT USING (app_is_owner() OR app_can_read_plan(plan_id));
        CREATE POLICY ${table}_write ON ${table} FOR ALL
          USING (app_is_owner() OR app_can_write_plan(plan_id))
          WITH CHECK (app_is_owner() OR app_can_write_plan(plan_id));
      `);
    await q.query(`
      CREATE POLICY target_read ON target FOR SELECT
        USING (app_is_owner() OR (app_can_read_plan(plan_id)
          AND (district_id IS NULL OR app_reads_all() OR district_id = ANY (app_read_districts()))));
      CREATE POLICY target_write ON target FOR ALL
        USING (app_is_owner() OR app_can_write_plan(plan_id))
        WITH CHECK (app_is_owner() OR app_can_write_plan(plan_id));
      CREATE POLICY user_grant_read ON user_grant FOR SELECT
        USING (app_is_owner() OR district_id IS NULL OR app_reads_all() OR district_id = ANY (app_read_districts()));
      CREATE POLICY user_grant_write ON user_grant FOR ALL
        USING (app_is_owner() OR app_writes_city() OR district_id = ANY (app_write_districts()))
        WITH CHECK (app_is_owner() OR app_writes_city() OR district_id = ANY (app_write_districts()));
      DROP FUNCTION app_writable_plans(), app_readable_plans(), app_organisations();
    `);
  }
}
