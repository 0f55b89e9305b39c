import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { encodeCursor } from '../../../graphql/pagination';
import {
  CONNECTIONS,
  errorCodes,
  fixtureViewers,
  seedReadFixture,
  type ReadFixture,
} from '../../plan/__tests__/read-fixture';

interface OrgNode {
  id: string;
  name: string;
  districtId: string | null;
}
interface OrgPage {
  organisations: {
    totalCount: number;
    nodes: OrgNode[];
    edges: { cursor: string; node: { id: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const LIST = `query($filter: OrganisationFilter, $first: Int! = 50, $after: String) {
  organisations(filter: $filter, first: $first, after: $after) {
    totalCount
    nodes { id name districtId }
    edges { cursor node { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe.each(CONNECTIONS)('organisations and organisation(id), %s', (_connection, connection) => {
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

  const list = async (
    viewer: unknown,
    filter?: Record<string, unknown>,
    page: Record<string, unknown> = {},
  ) => {
    const result = await api.query<OrgPage>(LIST, { filter, ...page }, viewer as never);
    expect(result.errors).toBeUndefined();
    return result.data!.organisations;
  };

  it('gives the city admin every organisation, with totalCount', async () => {
    const page = await list(v.city);
    expect(page.totalCount).toBe(8);
    expect(page.nodes).toHaveLength(8);
  });

  it('gives a district admin their district and the city-level organisations, never another district’s', async () => {
    const page = await list(v.beibeiAdmin);
    const ids = page.nodes.map((o) => o.id).sort();
    expect(ids).toEqual([f.orgs.cityHr.id, f.orgs.bbHr.id, f.orgs.bbSchool.id].sort());
    expect(page.totalCount).toBe(3);
    expect(page.nodes.every((o) => o.districtId === null || o.districtId === f.districts.beibei.id)).toBe(
      true,
    );
  });

  it('gives a department head the organisations of their district (the directory)', async () => {
    const page = await list(v.wlHrHead);
    expect(page.totalCount).toBe(6);
    expect(page.nodes.some((o) => o.districtId === f.districts.beibei.id)).toBe(false);
  });

  it('answers an empty list for a districtId outside the scope, not that district’s rows', async () => {
    const page = await list(v.beibeiAdmin, { districtId: f.districts.wulong.id });
    expect(page.nodes).toEqual([]);
    expect(page.totalCount).toBe(0);
    const own = await list(v.beibeiAdmin, { districtId: f.districts.beibei.id });
    expect(own.totalCount).toBe(2);
  });

  it('filters by kind, category and city level', async () => {
    expect((await list(v.city, { kind: 'ENTERPRISE' })).nodes.map((o) => o.name).sort()).toEqual([
      '武隆国有企业',
      '武隆民营企业',
    ]);
    expect((await list(v.city, { category: 'STATE_OWNED_ENTERPRISE' })).nodes.map((o) => o.name)).toEqual([
      '武隆国有企业',
    ]);
    expect((await list(v.wulongAdmin, { cityLevel: true })).nodes.map((o) => o.id)).toEqual([
      f.orgs.cityHr.id,
    ]);
  });

  it('searches names and aliases (ILIKE), within the scope only', async () => {
    // 区人社局 is an alias of 区人力社保局 in both districts.
    const city = await list(v.city, { search: '人社局' });
    expect(city.nodes.map((o) => o.id).sort()).toEqual([f.orgs.wlHr.id, f.orgs.bbHr.id].sort());
    const wulong = await list(v.wulongAdmin, { search: '人社局' });
    expect(wulong.nodes.map((o) => o.id)).toEqual([f.orgs.wlHr.id]);
    expect((await list(v.wulongAdmin, { search: '教育委员会' })).nodes.map((o) => o.id)).toEqual([
      f.orgs.wlEdu.id,
    ]);
    expect((await list(v.wulongAdmin, { search: '培训学校' })).nodes.map((o) => o.id)).toEqual([
      f.orgs.wlSchool.id,
    ]);
    // LIKE wildcards typed by a user are literal characters.
    expect((await list(v.city, { search: '%' })).nodes).toEqual([]);
    expect((await list(v.city, { search: '_' })).nodes).toEqual([]);
  });

  it('pages with opaque cursors over (name, id) without repeating or skipping', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: OrgPage['organisations'] = await list(v.city, undefined, { first: 3, after });
      expect(page.totalCount).toBe(8);
      expect(page.nodes.length).toBeLessThanOrEqual(3);
      expect(page.edges.map((e) => e.node.id)).toEqual(page.nodes.map((n) => n.id));
      seen.push(...page.nodes.map((n) => n.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    const all = await list(v.city);
    expect(seen).toEqual(all.nodes.map((n) => n.id));
    expect(new Set(seen).size).toBe(8);
  });

  it('refuses a malformed cursor, a cursor of another list and a page size out of range', async () => {
    for (const after of [
      'not-a-cursor',
      encodeCursor('plans', ['CITY', 2021, 'x', 'y']),
      encodeCursor('organisations', [1, 2]),
    ]) {
      const result = await api.query(LIST, { after }, v.city);
      expect(errorCodes(result)).toEqual([{ path: 'organisations', code: 'BAD_USER_INPUT' }]);
    }
    for (const first of [0, 201]) {
      const result = await api.query(LIST, { first }, v.city);
      expect(errorCodes(result)).toEqual([{ path: 'organisations', code: 'BAD_USER_INPUT' }]);
    }
  });

  it('reads an organisation with district, aliases, duties and qualifications', async () => {
    const result = await api.query<{ organisation: Record<string, unknown> }>(
      `query($id: ID!) { organisation(id: $id) {
        name district { name } aliases { alias }
        duties { role duty { title } }
        qualifications { kind number }
      } }`,
      { id: f.orgs.wlHr.id },
      v.wulongAdmin,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.organisation).toEqual({
      name: '区人力社保局',
      district: { name: '武隆区' },
      aliases: [{ alias: '区人社局' }],
      duties: [{ role: 'LEAD', duty: { title: '开展职业技能培训' } }],
      qualifications: [],
    });
  });

  it('lists category assignments among an enterprise’s duties', async () => {
    const result = await api.query<{
      organisation: { duties: { role: string; category: string | null; duty: { title: string } }[] };
    }>(
      `query($id: ID!) { organisation(id: $id) { duties { role category duty { title } } } }`,
      { id: f.orgs.wlSoe.id },
      v.wulongAdmin,
    );
    expect(result.data?.organisation.duties).toEqual([
      { role: 'LEAD', category: 'STATE_OWNED_ENTERPRISE', duty: { title: '国有企业开展职工培训' } },
    ]);
  });

  it('answers NOT_FOUND for another district’s organisation, as for one that does not exist', async () => {
    const foreign = await api.query(
      `query($id: ID!) { organisation(id: $id) { id name } }`,
      { id: f.orgs.wlHr.id },
      v.beibeiAdmin,
    );
    expect(foreign.data).toEqual({ organisation: null });
    expect(errorCodes(foreign)).toEqual([{ path: 'organisation', code: 'NOT_FOUND' }]);
    const missing = await api.query(
      `{ organisation(id: "00000000-0000-4000-8000-000000000000") { id } }`,
      undefined,
      v.beibeiAdmin,
    );
    expect(errorCodes(missing)).toEqual(errorCodes(foreign));
    // An id that is not a UUID is bad input, refused at the edge (graphql/input-guard.ts).
    const malformed = await api.query(`{ organisation(id: "42") { id } }`, undefined, v.beibeiAdmin);
    expect(malformed.data).toBeUndefined();
    expect(errorCodes(malformed)).toEqual([{ path: '', code: 'BAD_USER_INPUT' }]);
  });

  it('answers each alias on its own: own organisation read, foreign one NOT_FOUND (with a fragment)', async () => {
    const result = await api.query<{ a: { name: string } | null; b: { name: string } | null }>(
      `query($own: ID!, $foreign: ID!) {
         a: organisation(id: $own) { ...Org }
         b: organisation(id: $foreign) { ...Org }
       }
       fragment Org on Organisation { name aliases { alias } }`,
      { own: f.orgs.bbHr.id, foreign: f.orgs.wlHr.id },
      v.beibeiAdmin,
    );
    expect(result.data?.a?.name).toBe('区人力社保局');
    expect(result.data?.b).toBeNull();
    expect(errorCodes(result)).toEqual([{ path: 'b', code: 'NOT_FOUND' }]);
  });

  it('shows a department head only the duties their own organisation shares with another unit', async () => {
    // 区教委 leads 二 and cooperates on 一; 区人力社保局's head sees only 一.
    const query = `query($id: ID!) { organisation(id: $id) { duties { role duty { title } } } }`;
    const head = await api.query<{ organisation: { duties: { duty: { title: string } }[] } }>(
      query,
      { id: f.orgs.wlEdu.id },
      v.wlHrHead,
    );
    expect(head.data?.organisation.duties.map((d) => d.duty.title)).toEqual(['开展职业技能培训']);
    const admin = await api.query<{ organisation: { duties: { duty: { title: string } }[] } }>(
      query,
      { id: f.orgs.wlEdu.id },
      v.wulongAdmin,
    );
    expect(admin.data?.organisation.duties.map((d) => d.duty.title).sort()).toEqual(
      ['发挥职业院校作用', '开展职业技能培训'].sort(),
    );
  });

  it('refuses a signed-out caller with UNAUTHENTICATED', async () => {
    const listed = await api.query(LIST, {}, null);
    expect(errorCodes(listed)).toEqual([{ path: 'organisations', code: 'UNAUTHENTICATED' }]);
    const one = await api.query(
      `query($id: ID!) { organisation(id: $id) { id } }`,
      { id: f.orgs.cityHr.id },
      null,
    );
    expect(errorCodes(one)).toEqual([{ path: 'organisation', code: 'UNAUTHENTICATED' }]);
  });
});
