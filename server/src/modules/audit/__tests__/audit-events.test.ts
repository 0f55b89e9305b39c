import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { FIXTURE_PASSWORD, seedTenants, type Tenants } from '../../../../test/support/fixtures';
import { SEEDED_TEMPLATE } from '../../../../test/support/templates';
import { fixedClock } from '../../../clock';
import { countStatements } from '../../../../test/support/sql-counter';
import { sourceFile } from '../../import/__tests__/support';

/**
 * The audit log of the existing mutations (users, grants, password changes, imports) and the
 * auditEvents query: who reads what, filters, pages, and that nothing can change an event.
 */

interface EventRow {
  id: string;
  actor_user_id: string | null;
  actor_role: string | null;
  actor_grant_id: string | null;
  district_id: string | null;
  organisation_id: string | null;
  entity_type: string;
  entity_id: string | null;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  request_id: string | null;
}

const LIST = `query($filter: AuditEventFilter, $first: Int! = 50, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    totalCount
    nodes { id occurredAt actorUserId actorName actorRole districtId district { name } entityType entityId action before after reason }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Page {
  auditEvents: {
    totalCount: number;
    nodes: {
      id: string;
      actorName: string | null;
      districtId: string | null;
      district: { name: string } | null;
      entityType: string;
      action: string;
      before: unknown;
      after: unknown;
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('audit events of the existing mutations', () => {
  let db: TestDatabase;
  let t: Tenants;
  let api: TestApi;
  const seen = new Set<string>();
  const clock = fixedClock('2021-05-10T02:00:00Z');

  /** The events written since the last call. */
  const newEvents = async (): Promise<EventRow[]> => {
    const rows = (await db.dataSource.query(`SELECT * FROM audit_event WHERE NOT (id = ANY ($1::uuid[]))`, [
      [...seen],
    ])) as (EventRow & { id: string })[];
    for (const r of rows) seen.add(r.id);
    return rows;
  };

  beforeAll(async () => {
    db = await createTestDatabase(SEEDED_TEMPLATE);
    t = await seedTenants(db.dataSource);
    api = await createTestApi(db.appDataSource, null, { clock });
    await newEvents();
  });
  afterAll(async () => {
    await db.drop();
  });

  const grantOf = (user: Tenants['users'][keyof Tenants['users']]) => user.grants[0]!.id;

  let createdUserId = '';
  let createdGrantId = '';

  it('createUser writes one USER CREATE event with actor, grant and district, without the password', async () => {
    const password = 'Secret-pass-2026';
    const result = await api.query<{ createUser: { id: string } }>(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: {
          username: 'audit-new-head',
          displayName: '审计测试',
          password,
          grant: { role: 'DEPARTMENT_HEAD', organisationId: t.organisations.wulongEducation.id },
        },
      },
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(result.errors).toBeUndefined();
    createdUserId = result.data!.createUser.id;
    const events = await newEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_user_id: t.users.wulongAdmin.id,
      actor_role: 'DISTRICT_ADMIN',
      actor_grant_id: grantOf(t.users.wulongAdmin),
      district_id: t.districts.wulong.id,
      organisation_id: t.organisations.wulongEducation.id,
      entity_type: 'USER',
      entity_id: createdUserId,
      action: 'CREATE',
      before: null,
      after: { username: 'audit-new-head', displayName: '审计测试', active: true },
    });
    expect(JSON.stringify(events[0])).not.toContain(password);
    expect(JSON.stringify(events[0])).not.toContain('$argon2');
  });

  it('grantRole and revokeGrant write one GRANT event each', async () => {
    const granted = await api.query<{ grantRole: { grants: { id: string; role: string }[] } }>(
      `mutation($u: ID!, $g: GrantInput!) { grantRole(userId: $u, grant: $g) { grants { id role } } }`,
      { u: createdUserId, g: { role: 'VIEWER', districtId: t.districts.wulong.id } },
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(granted.errors).toBeUndefined();
    createdGrantId = granted.data!.grantRole.grants.find((g) => g.role === 'VIEWER')!.id;
    let events = await newEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entity_type: 'GRANT',
      entity_id: createdGrantId,
      action: 'CREATE',
      district_id: t.districts.wulong.id,
      actor_user_id: t.users.wulongAdmin.id,
      after: { role: 'VIEWER', userId: createdUserId },
    });

    const revoked = await api.query(
      `mutation($g: ID!) { revokeGrant(grantId: $g) { id } }`,
      { g: createdGrantId },
      t.viewerOf(t.users.cityAdmin),
    );
    expect(revoked.errors).toBeUndefined();
    events = await newEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entity_type: 'GRANT',
      entity_id: createdGrantId,
      action: 'DELETE',
      district_id: t.districts.wulong.id,
      actor_role: 'CITY_ADMIN',
      actor_grant_id: grantOf(t.users.cityAdmin),
      before: { role: 'VIEWER', userId: createdUserId },
      after: null,
    });
  });

  it('changeOwnPassword records the change without either password', async () => {
    const signIn = await api.request<{ signIn: { token: string } }>(
      `mutation { signIn(username: "audit-new-head", password: "Secret-pass-2026") { token } }`,
      undefined,
      {},
    );
    expect(signIn.errors).toBeUndefined();
    await newEvents(); // signIn itself is not audited
    const result = await api.request(
      `mutation { changeOwnPassword(currentPassword: "Secret-pass-2026", newPassword: "Other-pass-2027") }`,
      undefined,
      { token: signIn.data!.signIn.token },
    );
    expect(result.errors).toBeUndefined();
    const events = await newEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entity_type: 'USER',
      entity_id: createdUserId,
      action: 'CHANGE_PASSWORD',
      actor_user_id: createdUserId,
      actor_role: 'DEPARTMENT_HEAD',
      district_id: t.districts.wulong.id,
    });
    const text = JSON.stringify(events[0]);
    expect(text).not.toContain('Secret-pass-2026');
    expect(text).not.toContain('Other-pass-2027');
    expect(text).not.toContain('$argon2');
  });

  it('setUserActive writes one DEACTIVATE event with before and after', async () => {
    const result = await api.query(
      `mutation($u: ID!) { setUserActive(userId: $u, active: false) { id active } }`,
      { u: createdUserId },
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(result.errors).toBeUndefined();
    const events = await newEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entity_type: 'USER',
      action: 'DEACTIVATE',
      district_id: t.districts.wulong.id,
      before: { active: true },
      after: { active: false },
    });
  });

  it('importPlanFile writes one IMPORT event on the plan (the report, not the file)', async () => {
    const csv = sourceFile('plans/wulong-2019/annex1-department-duties.csv');
    const result = await api.query(
      `mutation($input: ImportFileInput!) { importPlanFile(input: $input) { unchanged } }`,
      {
        input: {
          fileName: 'duties.csv',
          contentBase64: csv.toString('base64'),
          planCode: 'WULONG-2019',
          kind: 'DUTY_LIST',
          listKind: 'DEPARTMENT',
        },
      },
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(result.errors).toBeUndefined();
    const events = await newEvents();
    expect(events).toHaveLength(1);
    const [plan] = (await db.dataSource.query(`SELECT id FROM plan WHERE code = 'WULONG-2019'`)) as {
      id: string;
    }[];
    expect(events[0]).toMatchObject({
      entity_type: 'PLAN',
      entity_id: plan!.id,
      action: 'IMPORT',
      district_id: t.districts.wulong.id,
      actor_user_id: t.users.wulongAdmin.id,
      after: { file: 'duties.csv', kind: 'DUTY_LIST', planCode: 'WULONG-2019', created: 0, updated: 0 },
    });
    expect(JSON.stringify(events[0])).not.toContain(csv.toString('base64').slice(0, 40));
  });

  it('a failing mutation writes nothing', async () => {
    const duplicate = await api.query(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: {
          username: 'audit-new-head',
          displayName: '重复',
          password: FIXTURE_PASSWORD,
          grant: { role: 'VIEWER', districtId: t.districts.wulong.id },
        },
      },
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(duplicate.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const otherDistrict = await api.query(
      `mutation($u: ID!, $g: GrantInput!) { grantRole(userId: $u, grant: $g) { id } }`,
      {
        u: t.users.wulongHrHead.id,
        g: { role: 'DEPARTMENT_HEAD', organisationId: t.organisations.beibeiHr.id },
      },
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(otherDistrict.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const badImport = await api.query(
      `mutation($input: ImportFileInput!) { importPlanFile(input: $input) { unchanged } }`,
      {
        input: {
          fileName: 'broken.csv',
          contentBase64: Buffer.from('序号,重点工作\n1,\n').toString('base64'),
          planCode: 'WULONG-2019',
          kind: 'DUTY_LIST',
        },
      },
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(badImport.errors?.length).toBeGreaterThan(0);
    expect(await newEvents()).toEqual([]);
  });

  describe('auditEvents', () => {
    const read = async (viewer: Parameters<Tenants['viewerOf']>[0], filter?: Record<string, unknown>) => {
      const result = await api.query<Page>(LIST, { filter }, t.viewerOf(viewer));
      expect(result.errors).toBeUndefined();
      return result.data!.auditEvents;
    };

    it('gives the city admin every event, district admins and viewers their district only', async () => {
      const city = await read(t.users.cityAdmin);
      expect(city.totalCount).toBeGreaterThan(0);
      // The seed's imports are city-level (reference data) and district events alike.
      expect(city.nodes.some((n) => n.districtId === null)).toBe(true);
      expect(city.nodes.some((n) => n.districtId === t.districts.wulong.id)).toBe(true);

      for (const user of [t.users.wulongAdmin, t.users.wulongViewer]) {
        const page = await read(user);
        expect(page.totalCount).toBeGreaterThan(0);
        expect(page.nodes.every((n) => n.districtId === t.districts.wulong.id)).toBe(true);
      }
      const beibei = await read(t.users.beibeiAdmin);
      expect(beibei.nodes.some((n) => n.districtId === t.districts.wulong.id)).toBe(false);
      expect(beibei.nodes.every((n) => n.districtId === t.districts.beibei.id)).toBe(true);
    });

    it('refuses organisation roles and signed-out callers', async () => {
      for (const user of [
        t.users.wulongHrHead,
        t.users.wulongInstitutionAdmin,
        t.users.wulongEnterpriseAdmin,
      ]) {
        const result = await api.query(LIST, {}, t.viewerOf(user));
        expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(result.data?.auditEvents ?? null).toBeNull();
      }
      const signedOut = await api.query(LIST, {}, null);
      expect(signedOut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('filters by entity type, action, actor and time, with the actor’s name', async () => {
      const users = await read(t.users.wulongAdmin, { entityType: 'USER' });
      expect(users.nodes.map((n) => n.action).sort()).toEqual(['CHANGE_PASSWORD', 'CREATE', 'DEACTIVATE']);
      const grants = await read(t.users.wulongAdmin, { entityType: 'GRANT', action: 'DELETE' });
      expect(grants.totalCount).toBe(1);
      expect(grants.nodes[0]!.actorName).toBe(t.users.cityAdmin.displayName);
      expect(grants.nodes[0]!.district?.name).toBe('武隆区');
      const mine = await read(t.users.wulongAdmin, { actorUserId: t.users.wulongAdmin.id });
      expect(mine.totalCount).toBe(4);
      expect(new Set(mine.nodes.map((n) => n.actorName))).toEqual(new Set([t.users.wulongAdmin.displayName]));
      const inWindow = await read(t.users.wulongAdmin, {
        actorUserId: t.users.wulongAdmin.id,
        from: '2021-05-10T01:59:59Z',
        to: '2021-05-10T02:00:01Z',
      });
      expect(inWindow.totalCount).toBe(4);
      const before = await read(t.users.wulongAdmin, {
        actorUserId: t.users.wulongAdmin.id,
        to: '2021-05-10T02:00:00Z',
      });
      expect(before.totalCount).toBe(0);
      const bad = await api.query(
        LIST,
        { filter: { from: '2021-05-11T00:00:00Z', to: '2021-05-10T00:00:00Z' } },
        t.viewerOf(t.users.wulongAdmin),
      );
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('pages newest first without repeating or skipping events', async () => {
      const all = await read(t.users.cityAdmin);
      const ids: string[] = [];
      let after: string | null = null;
      do {
        const result: { data?: Page | null; errors?: unknown } = await api.query<Page>(
          LIST,
          { first: 3, after },
          t.viewerOf(t.users.cityAdmin),
        );
        expect(result.errors).toBeUndefined();
        ids.push(...result.data!.auditEvents.nodes.map((n) => n.id));
        after = result.data!.auditEvents.pageInfo.hasNextPage
          ? result.data!.auditEvents.pageInfo.endCursor
          : null;
      } while (after);
      expect(ids).toHaveLength(all.totalCount);
      expect(new Set(ids).size).toBe(ids.length);
      if (all.totalCount <= 50) expect(ids).toEqual(all.nodes.map((n) => n.id));
    });

    it('costs the same number of statements for 2 events as for 6 (actor names and districts batched)', async () => {
      const counter = countStatements(db.appDataSource);
      const cost = async (first: number) => {
        const { result, count } = await counter.measure(() =>
          // This file's events (each with an actor and a district), not the seed's.
          api.query<Page>(
            LIST,
            { first, filter: { to: '2022-01-01T00:00:00Z' } },
            t.viewerOf(t.users.cityAdmin),
          ),
        );
        expect(result.errors).toBeUndefined();
        expect(result.data!.auditEvents.nodes.length).toBe(first);
        return count;
      };
      const small = await cost(2);
      const large = await cost(6);
      counter.stop();
      expect(large).toBe(small);
    });

    it('offers no way to change or delete an event through the API', async () => {
      const result = await api.query<{ __schema: { mutationType: { fields: { name: string }[] } } }>(
        `{ __schema { mutationType { fields { name } } } }`,
        {},
        t.viewerOf(t.users.cityAdmin),
      );
      const names = result.data!.__schema.mutationType.fields.map((f) => f.name);
      expect(names.length).toBeGreaterThan(0);
      // (auditClassCompletion is 结业审核 of a training class, not the audit log.)
      expect(names.filter((n) => /auditEvent/i.test(n))).toEqual([]);
    });
  });
});
