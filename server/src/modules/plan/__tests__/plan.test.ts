import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { CONNECTIONS, errorCodes, fixtureViewers, seedReadFixture, type ReadFixture } from './read-fixture';

interface PlanPage {
  plans: {
    totalCount: number;
    nodes: { id: string; code: string; level: string; districtId: string | null }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
const LIST = `query($filter: PlanFilter, $first: Int! = 50, $after: String) {
  plans(filter: $filter, first: $first, after: $after) {
    totalCount nodes { id code level districtId } pageInfo { hasNextPage endCursor }
  }
}`;

describe.each(CONNECTIONS)('plans and plan(id), %s', (_connection, connection) => {
  let db: TestDatabase;
  let api: TestApi;
  let f: ReadFixture;
  let v: ReturnType<typeof fixtureViewers>;

  beforeAll(async () => {
    db = await createTestDatabase();
    f = await seedReadFixture(db.dataSource);
    v = fixtureViewers(f);
    api = await createTestApi(connection(db));
  });
  afterAll(async () => {
    await db.drop();
  });

  const codes = async (viewer: unknown, filter?: Record<string, unknown>) => {
    const result = await api.query<PlanPage>(LIST, { filter }, viewer as never);
    expect(result.errors).toBeUndefined();
    return result.data!.plans.nodes.map((p) => p.code);
  };

  it('lists city plans first, then district plans, for the city admin', async () => {
    expect(await codes(v.city)).toEqual(['CQ-2021-GUIDANCE', 'BB-2019', 'WL-2019']);
  });

  it('lists the city plans and only their own district’s plans for district and organisation users', async () => {
    expect(await codes(v.wulongAdmin)).toEqual(['CQ-2021-GUIDANCE', 'WL-2019']);
    expect(await codes(v.beibeiAdmin)).toEqual(['CQ-2021-GUIDANCE', 'BB-2019']);
    expect(await codes(v.wlSchoolAdmin)).toEqual(['CQ-2021-GUIDANCE', 'WL-2019']);
  });

  it('filters by level and district, a foreign district giving an empty list', async () => {
    expect(await codes(v.city, { level: 'DISTRICT' })).toEqual(['BB-2019', 'WL-2019']);
    expect(await codes(v.wulongAdmin, { level: 'CITY' })).toEqual(['CQ-2021-GUIDANCE']);
    expect(await codes(v.wulongAdmin, { districtId: f.districts.beibei.id })).toEqual([]);
    // A district id that is not a UUID is refused before the resolver runs (graphql/input-guard.ts).
    const result = await api.query(LIST, { filter: { districtId: 'nope' } }, v.city);
    expect(errorCodes(result)).toEqual([{ path: '', code: 'BAD_USER_INPUT' }]);
    expect(result.errors?.[0]?.extensions?.argument).toBe('$filter.districtId');
  });

  it('pages over (level, start year desc, code, id)', async () => {
    const first = await api.query<PlanPage>(LIST, { first: 2 }, v.city);
    expect(first.data?.plans.nodes.map((p) => p.code)).toEqual(['CQ-2021-GUIDANCE', 'BB-2019']);
    expect(first.data?.plans.pageInfo.hasNextPage).toBe(true);
    const second = await api.query<PlanPage>(
      LIST,
      { first: 2, after: first.data?.plans.pageInfo.endCursor },
      v.city,
    );
    expect(second.data?.plans.nodes.map((p) => p.code)).toEqual(['WL-2019']);
    expect(second.data?.plans.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    expect(second.data?.plans.totalCount).toBe(3);
  });

  it('reads a plan with its indicators (parent, ceiling), district and issuer', async () => {
    const result = await api.query<{ plan: Record<string, unknown> }>(
      `query($id: ID!) { plan(id: $id) {
         code issuer district { name }
         indicators { code nature ceilingRatio ceilingOf { code } parent { code } plan { code } }
       } }`,
      { id: f.plans.city.id },
      v.beibeiAdmin,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.plan).toEqual({
      code: 'CQ-2021-GUIDANCE',
      issuer: '市人力社保局',
      district: null,
      indicators: [
        {
          code: 'TOTAL',
          nature: 'EXPECTED',
          ceilingRatio: null,
          ceilingOf: null,
          parent: null,
          plan: { code: 'CQ-2021-GUIDANCE' },
        },
        {
          code: 'HOUSEHOLD',
          nature: 'CEILING',
          ceilingRatio: 0.2,
          ceilingOf: { code: 'TOTAL' },
          parent: null,
          plan: { code: 'CQ-2021-GUIDANCE' },
        },
        {
          code: 'HOUSEHOLD_BASE',
          nature: 'EXPECTED',
          ceilingRatio: null,
          ceilingOf: null,
          parent: { code: 'HOUSEHOLD' },
          plan: { code: 'CQ-2021-GUIDANCE' },
        },
      ],
    });
  });

  it('reads the own district plan, and answers NOT_FOUND for another district’s (aliases, fragment)', async () => {
    const result = await api.query<{ a: { code: string; district: { name: string } } | null; b: unknown }>(
      `query($own: ID!, $foreign: ID!) {
         a: plan(id: $own) { ...P }
         b: plan(id: $foreign) { ...P }
       }
       fragment P on Plan { code district { name } indicators { code } }`,
      { own: f.plans.wulong.id, foreign: f.plans.beibei.id },
      v.wulongViewer,
    );
    expect(result.data?.a).toEqual({
      code: 'WL-2019',
      district: { name: '武隆区' },
      indicators: [{ code: 'WL_TRAINING' }],
    });
    expect(result.data?.b).toBeNull();
    expect(errorCodes(result)).toEqual([{ path: 'b', code: 'NOT_FOUND' }]);
  });

  it('refuses a signed-out caller with UNAUTHENTICATED', async () => {
    expect(errorCodes(await api.query(LIST, {}, null))).toEqual([{ path: 'plans', code: 'UNAUTHENTICATED' }]);
    const one = await api.query(`query($id: ID!) { plan(id: $id) { id } }`, { id: f.plans.city.id }, null);
    expect(errorCodes(one)).toEqual([{ path: 'plan', code: 'UNAUTHENTICATED' }]);
  });
});
