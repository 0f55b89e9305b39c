import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import type { Viewer } from '../../../auth/viewer';
import {
  CONNECTIONS,
  errorCodes,
  fixtureViewers,
  seedReadFixture,
  type ReadFixture,
} from '../../plan/__tests__/read-fixture';

interface DutyPage {
  duties: {
    totalCount: number;
    nodes: { id: string; title: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
const LIST = `query($filter: DutyFilter, $first: Int! = 50, $after: String) {
  duties(filter: $filter, first: $first, after: $after) {
    totalCount nodes { id title } pageInfo { hasNextPage endCursor }
  }
}`;
const ONE = `query($id: ID!) { duty(id: $id) { id title } }`;

describe.each(CONNECTIONS)('duties and duty(id), %s', (_connection, connection) => {
  let db: TestDatabase;
  let api: TestApi;
  let f: ReadFixture;
  let v: ReturnType<typeof fixtureViewers>;
  let all: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    f = await seedReadFixture(db.dataSource);
    v = fixtureViewers(f);
    api = await createTestApi(connection(db));
    all = Object.values(f.duties).map((d) => d.id);
  });
  afterAll(async () => {
    await db.drop();
  });

  const titles = async (viewer: Viewer, filter?: Record<string, unknown>) => {
    const result = await api.query<DutyPage>(LIST, { filter }, viewer);
    expect(result.errors).toBeUndefined();
    expect(result.data!.duties.totalCount).toBe(result.data!.duties.nodes.length);
    return result.data!.duties.nodes.map((d) => d.title).sort();
  };
  const readable = async (viewer: Viewer) => {
    const ids: string[] = [];
    for (const id of all) {
      const result = await api.query<{ duty: { id: string } | null }>(ONE, { id }, viewer);
      if (result.data?.duty) ids.push(result.data.duty.id);
      else expect(errorCodes(result)).toEqual([{ path: 'duty', code: 'NOT_FOUND' }]);
    }
    return ids.sort();
  };
  const ids = (...names: (keyof ReadFixture['duties'])[]) => names.map((n) => f.duties[n].id).sort();

  it('gives the city admin every duty', async () => {
    expect(await titles(v.city)).toHaveLength(6);
    expect(await readable(v.city)).toEqual([...all].sort());
  });

  it('gives district admins and viewers their district’s duties only', async () => {
    const wulong = ids('wlTraining', 'wlSchools', 'wlSoeTraining', 'wlPrivateTraining', 'wlInstitution');
    expect(await readable(v.wulongAdmin)).toEqual(wulong);
    expect(await readable(v.wulongViewer)).toEqual(wulong);
    expect(await readable(v.beibeiAdmin)).toEqual(ids('bbTraining'));
    expect(await titles(v.beibeiAdmin)).toEqual(['北碚开展职业技能培训']);
  });

  it('gives a department head only the duties where their department leads or cooperates', async () => {
    expect(await titles(v.wlHrHead)).toEqual(['开展职业技能培训']);
    expect(await readable(v.wlHrHead)).toEqual(ids('wlTraining'));
    expect(await readable(v.wlEduHead)).toEqual(ids('wlTraining', 'wlSchools'));
    expect(await readable(v.bbHrHead)).toEqual(ids('bbTraining'));
  });

  it('gives enterprise and institution admins their own duties and those of their category', async () => {
    // 武隆国有企业 is a state-owned enterprise: the duty given to 各国有企业 is its own.
    expect(await readable(v.wlSoeAdmin)).toEqual(ids('wlSoeTraining'));
    expect(await readable(v.wlPrivateAdmin)).toEqual(ids('wlPrivateTraining'));
    // 各培训机构 (ALL_TRAINING_INSTITUTIONS) covers every training institution.
    expect(await readable(v.wlSchoolAdmin)).toEqual(ids('wlInstitution'));
  });

  it('filters by plan, list and organisation, within the scope', async () => {
    expect(await titles(v.city, { planId: f.plans.beibei.id })).toEqual(['北碚开展职业技能培训']);
    expect(await titles(v.wulongAdmin, { listKind: 'ENTERPRISE' })).toEqual(
      ['国有企业开展职工培训', '民营企业开展学徒制培训'].sort(),
    );
    expect(await titles(v.wulongAdmin, { organisationId: f.orgs.wlEdu.id })).toEqual(
      ['发挥职业院校作用', '开展职业技能培训'].sort(),
    );
    expect(await titles(v.wulongAdmin, { organisationId: f.orgs.wlSoe.id })).toEqual([
      '国有企业开展职工培训',
    ]);
    // Another district's plan or organisation: nothing, not its rows.
    expect(await titles(v.wulongAdmin, { planId: f.plans.beibei.id })).toEqual([]);
    expect(await titles(v.wulongAdmin, { organisationId: f.orgs.bbHr.id })).toEqual([]);
    // A department head cannot widen their view with a filter.
    expect(await titles(v.wlHrHead, { organisationId: f.orgs.wlEdu.id })).toEqual(['开展职业技能培训']);
  });

  it('pages over (plan, list, order, id)', async () => {
    const seen: string[] = [];
    let after: string | null | undefined = null;
    do {
      const result: { data?: DutyPage | null } = await api.query<DutyPage>(LIST, { first: 2, after }, v.city);
      seen.push(...result.data!.duties.nodes.map((d) => d.id));
      after = result.data!.duties.pageInfo.hasNextPage ? result.data!.duties.pageInfo.endCursor : null;
    } while (after);
    expect(seen.sort()).toEqual([...all].sort());
  });

  it('reads a duty with items, targets, assignments, plan and district', async () => {
    const result = await api.query<{ duty: unknown }>(
      `query($id: ID!) { duty(id: $id) {
         seq title targetText listKind plan { code } district { name }
         items { seq text }
         targets { year value unit indicator { code } }
         assignments { role assigneeText organisation { name } category duty { seq } }
       } }`,
      { id: f.duties.wlTraining.id },
      v.wlEduHead,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.duty).toEqual({
      seq: '一',
      title: '开展职业技能培训',
      targetText: '2019年2000人次；2020年3000人次',
      listKind: 'DEPARTMENT',
      plan: { code: 'WL-2019' },
      district: { name: '武隆区' },
      items: [
        { seq: 1, text: '开展职业技能培训：制定方案' },
        { seq: 2, text: '开展职业技能培训：组织实施' },
      ],
      targets: [
        { year: 2019, value: 2000, unit: '人次', indicator: { code: 'WL_TRAINING' } },
        { year: 2020, value: 3000, unit: '人次', indicator: { code: 'WL_TRAINING' } },
      ],
      assignments: [
        {
          role: 'LEAD',
          assigneeText: '区人社局',
          organisation: { name: '区人力社保局' },
          category: null,
          duty: { seq: '一' },
        },
        {
          role: 'COOPERATING',
          assigneeText: '区教委',
          organisation: { name: '区教委' },
          category: null,
          duty: { seq: '一' },
        },
      ],
    });
  });

  it('answers aliases one by one: own duty read, a colleague’s or another district’s NOT_FOUND', async () => {
    const result = await api.query<{ a: { title: string } | null; b: unknown; c: unknown }>(
      `query($a: ID!, $b: ID!, $c: ID!) { a: duty(id: $a) { ...D } b: duty(id: $b) { ...D } c: duty(id: $c) { ...D } }
       fragment D on Duty { title items { text } }`,
      { a: f.duties.wlTraining.id, b: f.duties.wlSchools.id, c: f.duties.bbTraining.id },
      v.wlHrHead,
    );
    expect(result.data?.a?.title).toBe('开展职业技能培训');
    expect(result.data?.b).toBeNull();
    expect(result.data?.c).toBeNull();
    expect(errorCodes(result)).toEqual([
      { path: 'b', code: 'NOT_FOUND' },
      { path: 'c', code: 'NOT_FOUND' },
    ]);
  });

  it('fails closed for a signed-in user without grants: no duty, no organisation of a district', async () => {
    const nobody: Viewer = { ...v.city, grants: [] };
    expect(await titles(nobody)).toEqual([]);
    expect(await readable(nobody)).toEqual([]);
    const orgs = await api.query<{ organisations: { nodes: { name: string }[] } }>(
      `{ organisations { nodes { name } } }`,
      undefined,
      nobody,
    );
    expect(orgs.data?.organisations.nodes.map((o) => o.name)).toEqual(['市人力社保局']);
    const matrix = await api.query<{ allocationMatrix: { rows: unknown[]; complete: boolean } }>(
      `query($id: ID!) { allocationMatrix(planId: $id, year: 2021) { complete rows { cells { value } } } }`,
      { id: f.plans.city.id },
      nobody,
    );
    expect(matrix.data?.allocationMatrix).toEqual({ complete: false, rows: [] });
  });

  it('refuses a signed-out caller with UNAUTHENTICATED', async () => {
    expect(errorCodes(await api.query(LIST, {}, null))).toEqual([
      { path: 'duties', code: 'UNAUTHENTICATED' },
    ]);
    expect(errorCodes(await api.query(ONE, { id: f.duties.wlTraining.id }, null))).toEqual([
      { path: 'duty', code: 'UNAUTHENTICATED' },
    ]);
  });
});
