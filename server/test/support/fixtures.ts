import { normaliseName } from '@skills/domain';
import type { DataSource } from 'typeorm';
import { Role, type Grant, type Viewer } from '../../src/auth/viewer';
import { ensureAccount, type GrantSpec } from '../../src/modules/user/accounts';
import type { TestApi } from './api';

/**
 * Two tenants with users of every role, for tests that check "the allowed caller succeeds, the
 * caller from the other district fails" (docs/auth.md "Test fixtures").
 *
 * ```ts
 * const db = await createTestDatabase();
 * const t = await seedTenants(db.dataSource);                  // owner connection: passes RLS
 * const api = await createTestApi(db.appDataSource);            // as the server runs
 * await api.query(`{ users { id } }`, {}, t.viewerOf(t.users.wulongAdmin));   // a given viewer
 * const { token } = await t.signInAs(api, 'wulong-admin');      // or a real session
 * await api.request(`{ viewer { username } }`, {}, { token });
 * ```
 *
 * | key | username | role | scope |
 * |---|---|---|---|
 * | cityAdmin | city-admin | CITY_ADMIN | 全市 |
 * | wulongAdmin / beibeiAdmin | wulong-admin / beibei-admin | DISTRICT_ADMIN | 武隆区 / 北碚区 |
 * | wulongViewer / beibeiViewer | wulong-viewer / beibei-viewer | VIEWER | 武隆区 / 北碚区 |
 * | wulongHrHead | wulong-hr-head | DEPARTMENT_HEAD | 武隆区 区人力社保局 |
 * | wulongEducationHead | wulong-education-head | DEPARTMENT_HEAD | 武隆区 区教委 |
 * | beibeiHrHead | beibei-hr-head | DEPARTMENT_HEAD | 北碚区 区人力社保局 |
 * | wulongInstitutionAdmin | wulong-institution-admin | INSTITUTION_ADMIN | 武隆区 武隆区职业教育中心 |
 * | wulongEnterpriseAdmin | wulong-enterprise-admin | ENTERPRISE_ADMIN | 武隆区 武隆区仙女山旅游发展有限公司 |
 *
 * Every password is {@link FIXTURE_PASSWORD}. Idempotent: districts are reused by code (the
 * importer's reference rows when present), organisations by (district, name), users by username.
 */
export const FIXTURE_PASSWORD = 'fixture-pass-2026';
/** The sessionId of {@link Tenants.viewerOf} viewers: no such session exists. */
export const FIXTURE_SESSION_ID = '00000000-0000-0000-0000-000000000000';

export interface FixtureDistrict {
  id: string;
  code: string;
  name: string;
}

export interface FixtureOrganisation {
  id: string;
  name: string;
  districtId: string;
  kind: string;
}

export interface FixtureUser {
  id: string;
  username: string;
  displayName: string;
  password: string;
  /** The grants as the database holds them (ids included), in a Viewer's shape. */
  grants: Grant[];
}

export interface Tenants {
  districts: { wulong: FixtureDistrict; beibei: FixtureDistrict };
  organisations: {
    wulongHr: FixtureOrganisation;
    wulongEducation: FixtureOrganisation;
    beibeiHr: FixtureOrganisation;
    wulongInstitution: FixtureOrganisation;
    wulongEnterprise: FixtureOrganisation;
  };
  users: {
    cityAdmin: FixtureUser;
    wulongAdmin: FixtureUser;
    wulongViewer: FixtureUser;
    beibeiAdmin: FixtureUser;
    beibeiViewer: FixtureUser;
    wulongHrHead: FixtureUser;
    wulongEducationHead: FixtureUser;
    beibeiHrHead: FixtureUser;
    wulongInstitutionAdmin: FixtureUser;
    wulongEnterpriseAdmin: FixtureUser;
  };
  /**
   * The Viewer of a fixture user for `api.query(q, vars, viewer)`: real user and grant ids, no
   * session (sessionId {@link FIXTURE_SESSION_ID}); what authenticate() builds from a session of that user.
   */
  viewerOf(user: FixtureUser): Viewer;
  /** Signs in through the API's `signIn` mutation; the token works with `api.request(..., { token })`. */
  signInAs(api: TestApi, username: string): Promise<{ token: string; userId: string; expiresAt: string }>;
}

async function ensureDistrict(
  ds: DataSource,
  d: { code: string; name: string; kind: string; sortOrder: number },
): Promise<FixtureDistrict> {
  await ds.query(
    `INSERT INTO district (code, name, full_name, kind, sort_order) VALUES ($1, $2, $2, $3, $4)
     ON CONFLICT (code) DO NOTHING`,
    [d.code, d.name, d.kind, d.sortOrder],
  );
  const [row] = (await ds.query(`SELECT id, code, name FROM district WHERE code = $1`, [
    d.code,
  ])) as FixtureDistrict[];
  return row!;
}

async function ensureOrganisation(
  ds: DataSource,
  districtId: string,
  o: { name: string; kind: string; category?: string },
): Promise<FixtureOrganisation> {
  const key = normaliseName(o.name);
  await ds.query(
    `INSERT INTO organisation (district_id, name, name_key, kind, category)
     SELECT $1, $2, $3, $4, $5
      WHERE NOT EXISTS (SELECT 1 FROM organisation WHERE district_id = $1 AND name_key = $3)`,
    [districtId, o.name, key, o.kind, o.category ?? null],
  );
  const [row] = (await ds.query(
    `SELECT id, name, district_id AS "districtId", kind FROM organisation WHERE district_id = $1 AND name_key = $2`,
    [districtId, key],
  )) as FixtureOrganisation[];
  return row!;
}

/**
 * Seeds the two tenants (see the table above) through `dataSource`, which must pass row-level
 * security: the test database's owner `dataSource`, not `appDataSource`.
 */
export async function seedTenants(dataSource: DataSource): Promise<Tenants> {
  const wulong = await ensureDistrict(dataSource, {
    code: '500156',
    name: '武隆区',
    kind: 'DISTRICT',
    sortOrder: 26,
  });
  const beibei = await ensureDistrict(dataSource, {
    code: '500109',
    name: '北碚区',
    kind: 'DISTRICT',
    sortOrder: 10,
  });
  const gov = 'GOVERNMENT_DEPARTMENT';
  const organisations = {
    wulongHr: await ensureOrganisation(dataSource, wulong.id, { name: '区人力社保局', kind: gov }),
    wulongEducation: await ensureOrganisation(dataSource, wulong.id, { name: '区教委', kind: gov }),
    beibeiHr: await ensureOrganisation(dataSource, beibei.id, { name: '区人力社保局', kind: gov }),
    wulongInstitution: await ensureOrganisation(dataSource, wulong.id, {
      name: '武隆区职业教育中心',
      kind: 'TRAINING_INSTITUTION',
      category: 'PUBLIC_VOCATIONAL_SCHOOL',
    }),
    wulongEnterprise: await ensureOrganisation(dataSource, wulong.id, {
      name: '武隆区仙女山旅游发展有限公司',
      kind: 'ENTERPRISE',
      category: 'OTHER_ENTERPRISE',
    }),
  };

  const user = async (username: string, displayName: string, grant: GrantSpec): Promise<FixtureUser> => {
    const account = await ensureAccount(dataSource.manager, {
      username,
      displayName,
      password: FIXTURE_PASSWORD,
      grants: [grant],
    });
    return { id: account.id, username, displayName, password: FIXTURE_PASSWORD, grants: account.grants };
  };
  const users = {
    cityAdmin: await user('city-admin', '市人力社保局管理员', { role: Role.CITY_ADMIN }),
    wulongAdmin: await user('wulong-admin', '武隆区管理员', {
      role: Role.DISTRICT_ADMIN,
      districtId: wulong.id,
    }),
    wulongViewer: await user('wulong-viewer', '武隆区审计局', { role: Role.VIEWER, districtId: wulong.id }),
    beibeiAdmin: await user('beibei-admin', '北碚区管理员', {
      role: Role.DISTRICT_ADMIN,
      districtId: beibei.id,
    }),
    beibeiViewer: await user('beibei-viewer', '北碚区审计局', { role: Role.VIEWER, districtId: beibei.id }),
    wulongHrHead: await user('wulong-hr-head', '武隆区人力社保局负责人', {
      role: Role.DEPARTMENT_HEAD,
      organisationId: organisations.wulongHr.id,
    }),
    wulongEducationHead: await user('wulong-education-head', '武隆区教委负责人', {
      role: Role.DEPARTMENT_HEAD,
      organisationId: organisations.wulongEducation.id,
    }),
    beibeiHrHead: await user('beibei-hr-head', '北碚区人力社保局负责人', {
      role: Role.DEPARTMENT_HEAD,
      organisationId: organisations.beibeiHr.id,
    }),
    wulongInstitutionAdmin: await user('wulong-institution-admin', '武隆区职业教育中心管理员', {
      role: Role.INSTITUTION_ADMIN,
      organisationId: organisations.wulongInstitution.id,
    }),
    wulongEnterpriseAdmin: await user('wulong-enterprise-admin', '仙女山旅游公司管理员', {
      role: Role.ENTERPRISE_ADMIN,
      organisationId: organisations.wulongEnterprise.id,
    }),
  };

  return {
    districts: { wulong, beibei },
    organisations,
    users,
    viewerOf: (u) => ({
      userId: u.id,
      username: u.username,
      displayName: u.displayName,
      sessionId: FIXTURE_SESSION_ID,
      grants: u.grants.map((g) => ({ ...g })),
    }),
    async signInAs(api, username) {
      const result = await api.query<{ signIn: { token: string; expiresAt: string; user: { id: string } } }>(
        `mutation SignIn($username: String!, $password: String!) {
           signIn(username: $username, password: $password) { token expiresAt user { id } }
         }`,
        { username, password: FIXTURE_PASSWORD },
        null,
      );
      const signedIn = result.data?.signIn;
      if (!signedIn) throw new Error(`signInAs(${username}) failed: ${JSON.stringify(result.errors)}`);
      return { token: signedIn.token, userId: signedIn.user.id, expiresAt: signedIn.expiresAt };
    },
  };
}
