import type { DataSource } from 'typeorm';
import { RLS_TABLES as BASE_RLS_TABLES } from './migrations/1795300000300-row-level-security';
import { WORK_TABLES } from './migrations/1795300001000-work-foundation';
import { REPORTING_TABLES } from './migrations/1795300001100-reporting';
import { UPKEEP_TABLES } from './migrations/1795300001200-duty-upkeep';
import { MONITORING_TABLES } from './migrations/1795300001300-monitoring';
import { INSTITUTION_TABLES } from './migrations/1795300001400-institutions';
import { REPORT_FIGURE_TABLES } from './migrations/1795300001600-report-figures';

/** Every table under row-level security (checked at start-up). */
export const RLS_TABLES: readonly string[] = [
  ...BASE_RLS_TABLES,
  ...WORK_TABLES,
  ...REPORTING_TABLES,
  ...UPKEEP_TABLES,
  ...MONITORING_TABLES,
  ...INSTITUTION_TABLES,
  ...REPORT_FIGURE_TABLES,
];

/** Default application role: the API connects as it (never as the owner that runs migrations). */
export const DEFAULT_APP_ROLE = 'skills_app';
/** Its password on the embedded cluster (loopback only). External databases pass DATABASE_APP_URL. */
export const DEFAULT_APP_PASSWORD = 'skills_app';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** URL of the application role on the same server and database as `ownerUrl`. */
export function appUrlFrom(
  ownerUrl: string,
  role = DEFAULT_APP_ROLE,
  password = DEFAULT_APP_PASSWORD,
): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password;
  return url.toString();
}

/**
 * Makes sure the application role exists (when the owner may create roles) and holds exactly the
 * privileges the API needs: data on every table, no DDL, no ownership, read-only on migrations.
 * Idempotent; run at every start after the migrations.
 */
export async function ensureAppRole(owner: DataSource, appUrl: string, create: boolean): Promise<void> {
  const url = new URL(appUrl);
  const role = decodeURIComponent(url.username);
  const exists = await owner.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
  if (!exists.length) {
    if (!create) throw new Error(`database role "${role}" of DATABASE_APP_URL does not exist`);
    const password = decodeURIComponent(url.password).replace(/'/g, "''");
    await owner.query(
      `CREATE ROLE ${ident(role)} LOGIN PASSWORD '${password}' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`,
    );
  }
  const rows = (await owner.query(`SELECT current_database() AS db`)) as { db: string }[];
  const db = rows[0]?.db ?? '';
  await owner.query(`
    GRANT CONNECT ON DATABASE ${ident(db)} TO ${ident(role)};
    GRANT USAGE ON SCHEMA public TO ${ident(role)};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident(role)};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${ident(role)};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM ${ident(role)};
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${ident(role)};
    GRANT EXECUTE ON FUNCTION app_session_viewer(bytea) TO ${ident(role)};
    REVOKE UPDATE, DELETE, TRUNCATE ON progress_report_event FROM ${ident(role)};
  `);
}

/** A fact about the database set-up that row-level security depends on, and whether it holds. */
export interface SecurityCheck {
  fact: string;
  holds: boolean;
}

/**
 * Checks, connected as the application role, that row-level security can hold: the role is neither
 * superuser nor BYPASSRLS, owns no table and is not a member of the owner role, and every tenant
 * table has ROW LEVEL SECURITY enabled and FORCEd. The server refuses to start when one fails.
 */
export async function checkRowLevelSecurity(app: DataSource): Promise<SecurityCheck[]> {
  const [role] = (await app.query(
    `SELECT r.rolname, r.rolsuper, r.rolbypassrls, app_is_owner() AS is_owner,
            (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND c.relowner = r.oid) AS owned
       FROM pg_roles r WHERE r.rolname = current_user`,
  )) as { rolname: string; rolsuper: boolean; rolbypassrls: boolean; is_owner: boolean; owned: number }[];
  const tables = (await app.query(
    `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname = ANY ($1)`,
    [RLS_TABLES],
  )) as { relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[];
  const byName = new Map(tables.map((t) => [t.relname, t]));
  const name = role?.rolname ?? '?';
  return [
    { fact: `application role ${name} is not superuser`, holds: role?.rolsuper === false },
    { fact: `application role ${name} does not bypass RLS`, holds: role?.rolbypassrls === false },
    {
      fact: `application role ${name} is not the table owner (nor a member of it)`,
      holds: role?.is_owner === false,
    },
    { fact: `application role ${name} owns no table`, holds: role?.owned === 0 },
    ...RLS_TABLES.map((t) => ({
      fact: `table ${t} has row-level security enabled and forced`,
      holds: byName.get(t)?.relrowsecurity === true && byName.get(t)?.relforcerowsecurity === true,
    })),
  ];
}
