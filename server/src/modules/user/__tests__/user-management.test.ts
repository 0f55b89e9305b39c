import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type GraphQLResult, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { seedTenants, type FixtureUser, type Tenants } from '../../../../test/support/fixtures';

const USERS = `query Users($districtId: ID) { users(districtId: $districtId) { username grants { role districtId } } }`;
const CREATE = `mutation Create($input: CreateUserInput!) {
  createUser(input: $input) { id username displayName active grants { id role districtId organisationId district { name } organisation { name } } }
}`;
const GRANT = `mutation Grant($userId: ID!, $grant: GrantInput!) {
  grantRole(userId: $userId, grant: $grant) { id grants { id role districtId organisationId } }
}`;
const REVOKE = `mutation Revoke($grantId: ID!) { revokeGrant(grantId: $grantId) { id grants { id role } } }`;
const ACTIVE = `mutation Active($userId: ID!, $active: Boolean!) { setUserActive(userId: $userId, active: $active) { id active } }`;

interface Account {
  id: string;
  username: string;
  active: boolean;
  grants: { id: string; role: string; districtId: string | null; organisationId: string | null }[];
}

const code = (result: GraphQLResult<unknown>) => result.errors?.[0]?.extensions?.code;

describe('managing users and grants', () => {
  let db: TestDatabase;
  let api: TestApi;
  let t: Tenants;
  let serial = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await seedTenants(db.dataSource);
    api = await createTestApi(db.appDataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  const as = (user: FixtureUser) => t.viewerOf(user);
  const usernamesOf = (result: GraphQLResult<{ users: { username: string }[] }>) =>
    result.data?.users.map((u) => u.username);
  const newUsername = () => `new-user-${++serial}`;
  const create = (by: FixtureUser, grant: Record<string, unknown>, username = newUsername()) =>
    api.query<{ createUser: Account }>(
      CREATE,
      { input: { username, displayName: '新用户', password: 'initial-pass-1', grant } },
      as(by),
    );
  const rowCount = async (sql: string, params: unknown[] = []) =>
    ((await db.dataSource.query(sql, params)) as { n: number }[])[0]!.n;

  describe('users', () => {
    it('a city admin sees every user; districtId narrows', async () => {
      const all = usernamesOf(await api.query(USERS, {}, as(t.users.cityAdmin)));
      expect(all).toEqual(
        expect.arrayContaining(['city-admin', 'wulong-admin', 'beibei-admin', 'wulong-hr-head']),
      );
      const beibei = usernamesOf(
        await api.query(USERS, { districtId: t.districts.beibei.id }, as(t.users.cityAdmin)),
      );
      expect(beibei).toEqual(['beibei-admin', 'beibei-hr-head', 'beibei-viewer']);
    });

    it("a district admin sees only users holding a grant in their district, and only that district's grants", async () => {
      const result = await api.query<{ users: Account[] }>(USERS, {}, as(t.users.wulongAdmin));
      expect(result.errors).toBeUndefined();
      const names = result.data!.users.map((u) => u.username);
      expect(names).toContain('wulong-enterprise-admin');
      expect(names).not.toContain('beibei-admin');
      expect(names).not.toContain('city-admin');
      for (const user of result.data!.users)
        for (const grant of user.grants) expect(grant.districtId).toBe(t.districts.wulong.id);
    });

    it("asking for another district's users answers an empty list, not its users", async () => {
      const result = await api.query(USERS, { districtId: t.districts.beibei.id }, as(t.users.wulongAdmin));
      expect(result).toEqual({ data: { users: [] } });
      // A district id that is not a UUID: refused at the edge (graphql/input-guard.ts).
      expect(code(await api.query(USERS, { districtId: 'not-a-uuid' }, as(t.users.wulongAdmin)))).toBe(
        'BAD_USER_INPUT',
      );
    });

    it('is refused to a department head, a viewer and an institution admin (FORBIDDEN) and signed out (UNAUTHENTICATED)', async () => {
      for (const user of [t.users.wulongHrHead, t.users.wulongViewer, t.users.wulongInstitutionAdmin])
        expect(code(await api.query(USERS, {}, as(user)))).toBe('FORBIDDEN');
      expect(code(await api.query(USERS, {}, null))).toBe('UNAUTHENTICATED');
    });
  });

  describe('createUser', () => {
    it('a district admin creates a viewer of their district, who can then sign in', async () => {
      const username = newUsername();
      const result = await create(
        t.users.wulongAdmin,
        { role: 'VIEWER', districtId: t.districts.wulong.id },
        username,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.createUser).toMatchObject({
        username,
        active: true,
        grants: [{ role: 'VIEWER', districtId: t.districts.wulong.id }],
      });
      const signIn = await api.query(
        `mutation { signIn(username: "${username}", password: "initial-pass-1") { user { username } } }`,
        {},
        null,
      );
      expect(signIn.errors).toBeUndefined();
    });

    it('a district admin creates a department head of an organisation of their district; the grant stores its district', async () => {
      const result = await create(t.users.wulongAdmin, {
        role: 'DEPARTMENT_HEAD',
        organisationId: t.organisations.wulongEducation.id,
      });
      expect(result.errors).toBeUndefined();
      expect(result.data!.createUser.grants[0]).toMatchObject({
        role: 'DEPARTMENT_HEAD',
        districtId: t.districts.wulong.id,
        organisationId: t.organisations.wulongEducation.id,
        district: { name: '武隆区' },
        organisation: { name: '区教委' },
      });
    });

    it("refuses a district admin another district's roles (FORBIDDEN) and organisations (NOT_FOUND), writing nothing", async () => {
      const username = newUsername();
      const district = await create(
        t.users.wulongAdmin,
        { role: 'DISTRICT_ADMIN', districtId: t.districts.beibei.id },
        username,
      );
      expect(code(district)).toBe('FORBIDDEN');
      const organisation = await create(
        t.users.wulongAdmin,
        { role: 'DEPARTMENT_HEAD', organisationId: t.organisations.beibeiHr.id },
        username,
      );
      expect(code(organisation)).toBe('NOT_FOUND');
      expect(await rowCount(`SELECT count(*)::int AS n FROM app_user WHERE username = $1`, [username])).toBe(
        0,
      );
    });

    it('checks the TARGET scope: an organisation grant naming the own district but another district’s organisation fails', async () => {
      const result = await create(t.users.wulongAdmin, {
        role: 'DEPARTMENT_HEAD',
        districtId: t.districts.wulong.id,
        organisationId: t.organisations.beibeiHr.id,
      });
      expect(code(result)).toBe('NOT_FOUND');
      const mismatch = await create(t.users.cityAdmin, {
        role: 'DEPARTMENT_HEAD',
        districtId: t.districts.wulong.id,
        organisationId: t.organisations.beibeiHr.id,
      });
      expect(code(mismatch)).toBe('BAD_USER_INPUT');
    });

    it('only a city admin grants CITY_ADMIN', async () => {
      expect(code(await create(t.users.wulongAdmin, { role: 'CITY_ADMIN' }))).toBe('FORBIDDEN');
      expect((await create(t.users.cityAdmin, { role: 'CITY_ADMIN' })).errors).toBeUndefined();
    });

    it('a city admin creates users in any district', async () => {
      const result = await create(t.users.cityAdmin, {
        role: 'DISTRICT_ADMIN',
        districtId: t.districts.beibei.id,
      });
      expect(result.errors).toBeUndefined();
    });

    it('matches the organisation kind to the role', async () => {
      const wrongKind = await create(t.users.wulongAdmin, {
        role: 'ENTERPRISE_ADMIN',
        organisationId: t.organisations.wulongInstitution.id,
      });
      expect(code(wrongKind)).toBe('BAD_USER_INPUT');
      const right = await create(t.users.wulongAdmin, {
        role: 'INSTITUTION_ADMIN',
        organisationId: t.organisations.wulongInstitution.id,
      });
      expect(right.errors).toBeUndefined();
    });

    it('rejects bad input with BAD_USER_INPUT and Chinese messages', async () => {
      const grant = { role: 'VIEWER', districtId: t.districts.wulong.id };
      const cases: Record<string, unknown>[] = [
        { username: 'ab', displayName: '甲', password: 'initial-pass-1', grant },
        { username: 'has space', displayName: '甲', password: 'initial-pass-1', grant },
        { username: newUsername(), displayName: '  ', password: 'initial-pass-1', grant },
        { username: newUsername(), displayName: '甲', password: 'short1', grant },
        { username: newUsername(), displayName: '甲', password: 'initial-pass-1', grant: { role: 'VIEWER' } },
        {
          username: newUsername(),
          displayName: '甲',
          password: 'initial-pass-1',
          grant: {
            role: 'VIEWER',
            districtId: t.districts.wulong.id,
            organisationId: t.organisations.wulongHr.id,
          },
        },
        {
          username: newUsername(),
          displayName: '甲',
          password: 'initial-pass-1',
          grant: { role: 'DEPARTMENT_HEAD' },
        },
      ];
      for (const input of cases) {
        const result = await api.query(CREATE, { input }, as(t.users.wulongAdmin));
        expect(code(result), JSON.stringify(input)).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0]?.message).toMatch(/[\u4e00-\u9fff]/);
      }
    });

    it('answers CONFLICT for a username that exists (in any district)', async () => {
      const result = await create(
        t.users.wulongAdmin,
        { role: 'VIEWER', districtId: t.districts.wulong.id },
        'beibei-admin',
      );
      expect(code(result)).toBe('CONFLICT');
      const upper = await create(
        t.users.wulongAdmin,
        { role: 'VIEWER', districtId: t.districts.wulong.id },
        'Beibei-Admin',
      );
      expect(code(upper)).toBe('CONFLICT');
    });

    it('is refused to a department head (FORBIDDEN) and signed out (UNAUTHENTICATED)', async () => {
      const grant = { role: 'VIEWER', districtId: t.districts.wulong.id };
      expect(code(await create(t.users.wulongHrHead, grant))).toBe('FORBIDDEN');
      const signedOut = await api.query(
        CREATE,
        { input: { username: newUsername(), displayName: '甲', password: 'initial-pass-1', grant } },
        null,
      );
      expect(code(signedOut)).toBe('UNAUTHENTICATED');
    });
  });

  describe('grantRole', () => {
    it('a district admin adds a role of their district to a user of their district', async () => {
      const result = await api.query<{ grantRole: Account }>(
        GRANT,
        {
          userId: t.users.wulongViewer.id,
          grant: { role: 'DEPARTMENT_HEAD', organisationId: t.organisations.wulongHr.id },
        },
        as(t.users.wulongAdmin),
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.grantRole.grants.map((g) => g.role)).toEqual(['VIEWER', 'DEPARTMENT_HEAD']);
    });

    it('a duplicate grant answers CONFLICT', async () => {
      const result = await api.query(
        GRANT,
        { userId: t.users.wulongViewer.id, grant: { role: 'VIEWER', districtId: t.districts.wulong.id } },
        as(t.users.wulongAdmin),
      );
      expect(code(result)).toBe('CONFLICT');
    });

    it("another district's user answers NOT_FOUND; another district's scope FORBIDDEN / NOT_FOUND", async () => {
      const user = await api.query(
        GRANT,
        { userId: t.users.beibeiViewer.id, grant: { role: 'VIEWER', districtId: t.districts.wulong.id } },
        as(t.users.wulongAdmin),
      );
      expect(code(user)).toBe('NOT_FOUND');
      const district = await api.query(
        GRANT,
        { userId: t.users.wulongViewer.id, grant: { role: 'VIEWER', districtId: t.districts.beibei.id } },
        as(t.users.wulongAdmin),
      );
      expect(code(district)).toBe('FORBIDDEN');
      const organisation = await api.query(
        GRANT,
        {
          userId: t.users.wulongViewer.id,
          grant: { role: 'DEPARTMENT_HEAD', organisationId: t.organisations.beibeiHr.id },
        },
        as(t.users.wulongAdmin),
      );
      expect(code(organisation)).toBe('NOT_FOUND');
      const unknown = await api.query(
        GRANT,
        {
          userId: '00000000-0000-4000-8000-000000000000',
          grant: { role: 'VIEWER', districtId: t.districts.wulong.id },
        },
        as(t.users.wulongAdmin),
      );
      expect(code(unknown)).toBe('NOT_FOUND');
    });

    it('nobody grants above their own role: a district admin cannot make a city admin', async () => {
      const result = await api.query(
        GRANT,
        { userId: t.users.wulongViewer.id, grant: { role: 'CITY_ADMIN' } },
        as(t.users.wulongAdmin),
      );
      expect(code(result)).toBe('FORBIDDEN');
    });

    it('a city admin grants in any district', async () => {
      const result = await api.query(
        GRANT,
        { userId: t.users.beibeiViewer.id, grant: { role: 'VIEWER', districtId: t.districts.wulong.id } },
        as(t.users.cityAdmin),
      );
      expect(result.errors).toBeUndefined();
      // Now that user holds a 武隆区 grant, 武隆区's admin sees them — with the 武隆区 grant only.
      const seen = await api.query<{ users: Account[] }>(USERS, {}, as(t.users.wulongAdmin));
      const user = seen.data!.users.find((u) => u.username === 'beibei-viewer');
      expect(user?.grants).toEqual([{ role: 'VIEWER', districtId: t.districts.wulong.id }]);
    });

    it('is refused to a department head and an enterprise admin (FORBIDDEN)', async () => {
      for (const by of [t.users.wulongHrHead, t.users.wulongEnterpriseAdmin]) {
        const result = await api.query(
          GRANT,
          { userId: t.users.wulongViewer.id, grant: { role: 'VIEWER', districtId: t.districts.wulong.id } },
          as(by),
        );
        expect(code(result)).toBe('FORBIDDEN');
      }
    });
  });

  describe('revokeGrant', () => {
    it('a district admin revokes a grant of their district', async () => {
      const created = await create(t.users.wulongAdmin, {
        role: 'VIEWER',
        districtId: t.districts.wulong.id,
      });
      const grantId = created.data!.createUser.grants[0]!.id;
      const result = await api.query<{ revokeGrant: Account }>(REVOKE, { grantId }, as(t.users.wulongAdmin));
      expect(result.errors).toBeUndefined();
      expect(result.data!.revokeGrant.grants).toEqual([]);
      expect(await rowCount(`SELECT count(*)::int AS n FROM user_grant WHERE id = $1`, [grantId])).toBe(0);
    });

    it("another district's grant answers NOT_FOUND and stays", async () => {
      const grantId = t.users.beibeiHrHead.grants[0]!.id;
      expect(code(await api.query(REVOKE, { grantId }, as(t.users.wulongAdmin)))).toBe('NOT_FOUND');
      expect(await rowCount(`SELECT count(*)::int AS n FROM user_grant WHERE id = $1`, [grantId])).toBe(1);
      // A city grant is out of a district admin's reach too.
      const cityGrant = t.users.cityAdmin.grants[0]!.id;
      expect(code(await api.query(REVOKE, { grantId: cityGrant }, as(t.users.wulongAdmin)))).toBe(
        'NOT_FOUND',
      );
      expect(code(await api.query(REVOKE, { grantId: 'nonsense' }, as(t.users.wulongAdmin)))).toBe(
        'BAD_USER_INPUT',
      );
    });

    it('nobody revokes their own grant', async () => {
      const grantId = t.users.beibeiAdmin.grants[0]!.id;
      expect(code(await api.query(REVOKE, { grantId }, as(t.users.beibeiAdmin)))).toBe('BAD_USER_INPUT');
    });

    it('a city admin revokes any grant', async () => {
      const created = await create(t.users.beibeiAdmin, {
        role: 'VIEWER',
        districtId: t.districts.beibei.id,
      });
      const grantId = created.data!.createUser.grants[0]!.id;
      expect((await api.query(REVOKE, { grantId }, as(t.users.cityAdmin))).errors).toBeUndefined();
    });

    it('is refused to a department head (FORBIDDEN)', async () => {
      const grantId = t.users.wulongViewer.grants[0]!.id;
      expect(code(await api.query(REVOKE, { grantId }, as(t.users.wulongHrHead)))).toBe('FORBIDDEN');
    });
  });

  describe('setUserActive', () => {
    it('a district admin deactivates and reactivates a user of their district', async () => {
      const created = await create(t.users.wulongAdmin, {
        role: 'VIEWER',
        districtId: t.districts.wulong.id,
      });
      const userId = created.data!.createUser.id;
      const off = await api.query<{ setUserActive: Account }>(
        ACTIVE,
        { userId, active: false },
        as(t.users.wulongAdmin),
      );
      expect(off.data!.setUserActive.active).toBe(false);
      const on = await api.query<{ setUserActive: Account }>(
        ACTIVE,
        { userId, active: true },
        as(t.users.wulongAdmin),
      );
      expect(on.data!.setUserActive.active).toBe(true);
    });

    it("another district's user answers NOT_FOUND and stays active", async () => {
      const result = await api.query(
        ACTIVE,
        { userId: t.users.beibeiHrHead.id, active: false },
        as(t.users.wulongAdmin),
      );
      expect(code(result)).toBe('NOT_FOUND');
      expect(
        await rowCount(`SELECT count(*)::int AS n FROM app_user WHERE id = $1 AND active`, [
          t.users.beibeiHrHead.id,
        ]),
      ).toBe(1);
    });

    it('a user who also holds a grant elsewhere is the city admin’s to deactivate (FORBIDDEN)', async () => {
      const created = await create(t.users.cityAdmin, { role: 'VIEWER', districtId: t.districts.beibei.id });
      const userId = created.data!.createUser.id;
      await api.query(
        GRANT,
        { userId, grant: { role: 'VIEWER', districtId: t.districts.wulong.id } },
        as(t.users.cityAdmin),
      );
      expect(code(await api.query(ACTIVE, { userId, active: false }, as(t.users.wulongAdmin)))).toBe(
        'FORBIDDEN',
      );
      expect(
        (await api.query(ACTIVE, { userId, active: false }, as(t.users.cityAdmin))).errors,
      ).toBeUndefined();
    });

    it('nobody deactivates themself', async () => {
      const result = await api.query(
        ACTIVE,
        { userId: t.users.cityAdmin.id, active: false },
        as(t.users.cityAdmin),
      );
      expect(code(result)).toBe('BAD_USER_INPUT');
    });

    it('is refused to a department head and a viewer (FORBIDDEN)', async () => {
      for (const by of [t.users.wulongHrHead, t.users.wulongViewer]) {
        const result = await api.query(ACTIVE, { userId: t.users.wulongViewer.id, active: false }, as(by));
        expect(code(result)).toBe('FORBIDDEN');
      }
    });
  });

  describe('the database keeps grants consistent whatever the service does', () => {
    it('refuses an organisation grant whose district is not its organisation’s', async () => {
      await expect(
        db.dataSource.query(
          `INSERT INTO user_grant (user_id, role, district_id, organisation_id) VALUES ($1, 'DEPARTMENT_HEAD', $2, $3)`,
          [t.users.wulongViewer.id, t.districts.beibei.id, t.organisations.wulongHr.id],
        ),
      ).rejects.toThrow(/user_grant_organisation_district/);
    });

    it('refuses a scope that does not fit the role', async () => {
      const bad: [string, string | null, string | null][] = [
        ['CITY_ADMIN', t.districts.wulong.id, null],
        ['VIEWER', null, null],
        ['DISTRICT_ADMIN', t.districts.wulong.id, t.organisations.wulongHr.id],
        ['DEPARTMENT_HEAD', t.districts.wulong.id, null],
      ];
      for (const [role, district, organisation] of bad)
        await expect(
          db.dataSource.query(
            `INSERT INTO user_grant (user_id, role, district_id, organisation_id) VALUES ($1, $2, $3, $4)`,
            [t.users.wulongViewer.id, role, district, organisation],
          ),
          role,
        ).rejects.toThrow(/user_grant_scope/);
    });

    it('refuses to move an organisation with grants to another district', async () => {
      await expect(
        db.dataSource.query(`UPDATE organisation SET district_id = $1 WHERE id = $2`, [
          t.districts.beibei.id,
          t.organisations.wulongEnterprise.id,
        ]),
      ).rejects.toThrow(/user_grant_organisation_district/);
    });
  });
});
