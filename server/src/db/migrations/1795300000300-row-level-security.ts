import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tables whose rows belong to a district (district_id NOT NULL): visible only inside the scope.
 * Exported for the start-up check (db/roles.ts) and the tests.
 */
export const DISTRICT_TABLES = [
  'duty',
  'responsibility_item',
  'duty_assignment',
  'duty_target',
  'catalogue_entry',
  'qualification',
] as const;

/** Tables with a nullable district_id: a NULL district means a city-level row, readable by all. */
export const CITY_OR_DISTRICT_TABLES = ['organisation', 'organisation_alias', 'import_run'] as const;

/** Tables of a plan: readable and writable as their plan is (city plan: city writers; district plan: its district). */
export const PLAN_TABLES = ['plan', 'indicator', 'target', 'claimed_total', 'assessment_criterion'] as const;

/** Grants of users: a district's grants are its district admin's to manage (docs/auth.md). */
export const GRANT_TABLES = ['user_grant'] as const;

export const RLS_TABLES: readonly string[] = [
  ...DISTRICT_TABLES,
  ...CITY_OR_DISTRICT_TABLES,
  ...PLAN_TABLES,
  ...GRANT_TABLES,
];

/**
 * Row-level security, the second wall behind the services' own filters (docs/architecture.md).
 *
 * The request's scope arrives as transaction-local settings (set_config(..., true), db/tenant.ts):
 * app.reads_all, app.writes_city, app.read_districts, app.write_districts. No setting = no rows.
 * The role that owns the tables (it runs migrations, the start-up seed and the import CLI) passes
 * every policy through app_is_owner(); the application role is checked at start-up to be neither
 * superuser, nor BYPASSRLS, nor a member of the owner role. FORCE ROW LEVEL SECURITY makes the
 * policies apply to the owner too, so app_is_owner() is the only way past them.
 */
export class RowLevelSecurity1795300000300 implements MigrationInterface {
  name = 'RowLevelSecurity1795300000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION app_is_owner() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'public.district'::regclass), 'MEMBER')
      $$;
      CREATE FUNCTION app_reads_all() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('app.reads_all', true), '') = 'on'
      $$;
      CREATE FUNCTION app_writes_city() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('app.writes_city', true), '') = 'on'
      $$;
      CREATE FUNCTION app_read_districts() RETURNS uuid[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(nullif(current_setting('app.read_districts', true), ''), '{}')::uuid[]
      $$;
      CREATE FUNCTION app_write_districts() RETURNS uuid[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(nullif(current_setting('app.write_districts', true), ''), '{}')::uuid[]
      $$;
      CREATE FUNCTION app_can_read_plan(p_plan uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM plan p WHERE p.id = p_plan)  -- plan's own policy decides
      $$;
      CREATE FUNCTION app_can_write_plan(p_plan uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (
          SELECT 1 FROM plan p WHERE p.id = p_plan
            AND ((p.level = 'CITY' AND app_writes_city()) OR p.district_id = ANY (app_write_districts()))
        )
      $$;
    `);
    for (const table of DISTRICT_TABLES) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_read ON ${table} FOR SELECT
          USING (app_is_owner() OR app_reads_all() OR district_id = ANY (app_read_districts()));
        CREATE POLICY ${table}_write ON ${table} FOR ALL
          USING (app_is_owner() OR district_id = ANY (app_write_districts()))
          WITH CHECK (app_is_owner() OR district_id = ANY (app_write_districts()));
      `);
    }
    for (const table of CITY_OR_DISTRICT_TABLES) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_read ON ${table} FOR SELECT
          USING (app_is_owner() OR district_id IS NULL OR app_reads_all() OR district_id = ANY (app_read_districts()));
        CREATE POLICY ${table}_write ON ${table} FOR ALL
          USING (app_is_owner() OR (district_id IS NULL AND app_writes_city()) OR district_id = ANY (app_write_districts()))
          WITH CHECK (app_is_owner() OR (district_id IS NULL AND app_writes_city()) OR district_id = ANY (app_write_districts()));
      `);
    }
    await q.query(`
      ALTER TABLE plan ENABLE ROW LEVEL SECURITY;
      ALTER TABLE plan FORCE ROW LEVEL SECURITY;
      CREATE POLICY plan_read ON plan FOR SELECT
        USING (app_is_owner() OR level = 'CITY' OR app_reads_all() OR district_id = ANY (app_read_districts()));
      CREATE POLICY plan_write ON plan FOR ALL
        USING (app_is_owner() OR (level = 'CITY' AND app_writes_city()) OR district_id = ANY (app_write_districts()))
        WITH CHECK (app_is_owner() OR (level = 'CITY' AND app_writes_city()) OR district_id = ANY (app_write_districts()));
    `);
    // Rows of a plan: readable with their plan; a city plan's allocation to a district is also
    // limited to viewers of that district (target.district_id), so a district sees only its own row.
    for (const table of ['indicator', 'claimed_total', 'assessment_criterion']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_read ON ${table} FOR SELECT USING (app_is_owner() OR app_can_read_plan(plan_id));
        CREATE POLICY ${table}_write ON ${table} FOR ALL
          USING (app_is_owner() OR app_can_write_plan(plan_id))
          WITH CHECK (app_is_owner() OR app_can_write_plan(plan_id));
      `);
    }
    await q.query(`
      ALTER TABLE target ENABLE ROW LEVEL SECURITY;
      ALTER TABLE target FORCE ROW LEVEL SECURITY;
      CREATE POLICY target_read ON target FOR SELECT
        USING (app_is_owner() OR (app_can_read_plan(plan_id)
          AND (district_id IS NULL OR app_reads_all() OR district_id = ANY (app_read_districts()))));
      CREATE POLICY target_write ON target FOR ALL
        USING (app_is_owner() OR app_can_write_plan(plan_id))
        WITH CHECK (app_is_owner() OR app_can_write_plan(plan_id));
    `);
    // Sign-in reads the user's own grants with app.reads_all in a short transaction of its own
    // (auth/authenticate.ts); a city admin writes grants anywhere (its write list is empty).
    await q.query(`
      ALTER TABLE user_grant ENABLE ROW LEVEL SECURITY;
      ALTER TABLE user_grant FORCE ROW LEVEL SECURITY;
      CREATE POLICY user_grant_read ON user_grant FOR SELECT
        USING (app_is_owner() OR district_id IS NULL OR app_reads_all() OR district_id = ANY (app_read_districts()));
      CREATE POLICY user_grant_write ON user_grant FOR ALL
        USING (app_is_owner() OR app_writes_city() OR district_id = ANY (app_write_districts()))
        WITH CHECK (app_is_owner() OR app_writes_city() OR district_id = ANY (app_write_districts()));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of RLS_TABLES) {
      await q.query(`
        DROP POLICY IF EXISTS ${table}_read ON ${table};
        DROP POLICY IF EXISTS ${table}_write ON ${table};
        ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY;
        ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY;
      `);
    }
    await q.query(`
      DROP FUNCTION app_can_write_plan(uuid), app_can_read_plan(uuid), app_write_districts(),
        app_read_districts(), app_writes_city(), app_reads_all(), app_is_owner();
    `);
  }
}
