import type { EntityManager } from 'typeorm';
import { hashPassword } from '../../auth/password';
import { ORGANISATION_ROLES, Role, type Grant } from '../../auth/viewer';

/**
 * Account helpers below the API: username rules, and {@link ensureAccount}, which the demo seed
 * (seed/demo-accounts.ts) and the test fixtures (test/support/fixtures.ts) use to create accounts
 * with grants directly, as the owner role. The API's own path (with every permission check) is
 * user.service.ts.
 */

/** Usernames: 3–64 of lower-case a-z, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/**
 * The stored form of a username: NFKC (full-width letters become ASCII), trimmed, lower-case.
 * Sign-in and account creation both normalise, so `Wulong-Admin` signs in as `wulong-admin`.
 */
export function normaliseUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

/** The problem with a (normalised) username for a new account, in Chinese; null when it is fine. */
export function usernameProblem(username: string): string | null {
  if (!username) return '请输入用户名';
  if (!USERNAME_PATTERN.test(username)) return '用户名须为 3–64 位小写字母、数字或 . _ -，并以字母或数字开头';
  return null;
}

/** One grant of an {@link AccountSpec}: an organisation grant's district is its organisation's. */
export interface GrantSpec {
  role: Role;
  districtId?: string | null;
  organisationId?: string | null;
}

export interface AccountSpec {
  username: string;
  displayName: string;
  password: string;
  grants: GrantSpec[];
}

export interface EnsuredAccount {
  id: string;
  username: string;
  displayName: string;
  /** Whether the account was created now (false: it existed; its password was left as it was). */
  created: boolean;
  /** Every grant of the account after the call (existing ones included). */
  grants: Grant[];
}

/**
 * Creates the account of `spec` unless its username exists, then adds each grant it lacks.
 * Idempotent. An existing account keeps its password and other grants. Must run as a role that
 * passes row-level security (the owner: seed, tests), since it reads organisations of any district.
 * @example await ensureAccount(dataSource.manager, { username: 'demo-city', displayName: '市人力社保局（演示）', password: 'demo-2026', grants: [{ role: Role.CITY_ADMIN }] })
 */
export async function ensureAccount(db: EntityManager, spec: AccountSpec): Promise<EnsuredAccount> {
  const username = normaliseUsername(spec.username);
  const problem = usernameProblem(username);
  if (problem) throw new Error(`${spec.username}: ${problem}`);
  let created = false;
  let [user] = (await db.query(`SELECT id, display_name FROM app_user WHERE username = $1`, [username])) as {
    id: string;
    display_name: string;
  }[];
  if (!user) {
    [user] = (await db.query(
      `INSERT INTO app_user (username, display_name, password_hash) VALUES ($1, $2, $3)
       RETURNING id, display_name`,
      [username, spec.displayName, await hashPassword(spec.password)],
    )) as { id: string; display_name: string }[];
    created = true;
  }
  const userId = user!.id;
  for (const grant of spec.grants) {
    let districtId = grant.districtId ?? null;
    const organisationId = grant.organisationId ?? null;
    if (ORGANISATION_ROLES.includes(grant.role)) {
      const [org] = (await db.query(`SELECT district_id FROM organisation WHERE id = $1`, [
        organisationId,
      ])) as {
        district_id: string | null;
      }[];
      if (!org?.district_id) throw new Error(`${username}: organisation ${organisationId} has no district`);
      districtId = org.district_id;
    }
    await db.query(
      `INSERT INTO user_grant (user_id, role, district_id, organisation_id)
       SELECT $1::uuid, $2::text, $3::uuid, $4::uuid
        WHERE NOT EXISTS (SELECT 1 FROM user_grant WHERE user_id = $1::uuid AND role = $2::text
                            AND district_id IS NOT DISTINCT FROM $3::uuid
                            AND organisation_id IS NOT DISTINCT FROM $4::uuid)`,
      [userId, grant.role, districtId, organisationId],
    );
  }
  const grants = (await db.query(
    `SELECT id, role, district_id AS "districtId", organisation_id AS "organisationId"
       FROM user_grant WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  )) as Grant[];
  return { id: userId, username, displayName: user!.display_name, created, grants };
}
