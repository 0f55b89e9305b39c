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

interface Matrix {
  listKind: string;
  plan: { code: string };
  columns: {
    key: string;
    label: string;
    organisation: { name: string } | null;
    category: string | null;
    leadCount: number;
    cooperatingCount: number;
  }[];
  rows: {
    duty: {
      seq: string;
      title: string;
      targetText: string | null;
      items: { seq: number }[];
      targets: { year: number; value: number }[];
    };
    cells: { columnKey: string; role: string }[];
  }[];
}
const MATRIX = `query($planId: ID!, $listKind: DutyListKind!) {
  responsibilityMatrix(planId: $planId, listKind: $listKind) {
    listKind plan { code }
    columns { key label organisation { name } category leadCount cooperatingCount }
    rows { duty { seq title targetText items { seq } targets { year value } } cells { columnKey role } }
  }
}`;

describe.each(CONNECTIONS)('responsibilityMatrix, %s', (_connection, connection) => {
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

  const matrix = async (viewer: Viewer, listKind = 'DEPARTMENT', planId = f.plans.wulong.id) => {
    const result = await api.query<{ responsibilityMatrix: Matrix }>(MATRIX, { planId, listKind }, viewer);
    expect(result.errors).toBeUndefined();
    return result.data!.responsibilityMatrix;
  };
  /** The matrix as a table: one line per duty, the role in each column (or '-'). */
  const table = (m: Matrix) =>
    m.rows.map((r) => [
      r.duty.seq,
      ...m.columns.map((c) => r.cells.find((x) => x.columnKey === c.key)?.role ?? '-'),
    ]);

  it('gives the district admin the department list: duties × organisations and categories', async () => {
    const m = await matrix(v.wulongAdmin);
    expect(m.plan.code).toBe('WL-2019');
    expect(m.columns).toEqual([
      {
        key: f.orgs.wlHr.id,
        label: '区人力社保局',
        organisation: { name: '区人力社保局' },
        category: null,
        leadCount: 1,
        cooperatingCount: 0,
      },
      {
        key: f.orgs.wlEdu.id,
        label: '区教委',
        organisation: { name: '区教委' },
        category: null,
        leadCount: 1,
        cooperatingCount: 1,
      },
      {
        key: 'category:INDUSTRY_AUTHORITIES',
        label: '各行业主管部门',
        organisation: null,
        category: 'INDUSTRY_AUTHORITIES',
        leadCount: 0,
        cooperatingCount: 1,
      },
    ]);
    expect(table(m)).toEqual([
      ['一', 'LEAD', 'COOPERATING', '-'],
      ['二', '-', 'LEAD', 'COOPERATING'],
    ]);
    expect(m.rows[0]!.duty).toEqual({
      seq: '一',
      title: '开展职业技能培训',
      targetText: '2019年2000人次；2020年3000人次',
      items: [{ seq: 1 }, { seq: 2 }],
      targets: [
        { year: 2019, value: 2000 },
        { year: 2020, value: 3000 },
      ],
    });
  });

  it('gives the enterprise list with its category column', async () => {
    const m = await matrix(v.wulongViewer, 'ENTERPRISE');
    expect(m.columns.map((c) => c.label)).toEqual(['各国有企业', '武隆民营企业']);
    expect(table(m)).toEqual([
      ['1', 'LEAD', '-'],
      ['2', '-', 'LEAD'],
    ]);
  });

  it('shows an organisation role only the rows of its own duties, and only their columns', async () => {
    const hr = await matrix(v.wlHrHead);
    expect(hr.rows.map((r) => r.duty.seq)).toEqual(['一']);
    expect(hr.columns.map((c) => c.label)).toEqual(['区人力社保局', '区教委']);
    const soe = await matrix(v.wlSoeAdmin, 'ENTERPRISE');
    expect(soe.rows.map((r) => r.duty.seq)).toEqual(['1']);
    expect((await matrix(v.wlSoeAdmin, 'DEPARTMENT')).rows).toEqual([]);
  });

  it('counts the list’s duties whether or not the viewer may read them (empty means hidden, not missing)', async () => {
    const COUNT = `query($planId: ID!, $listKind: DutyListKind!) {
      responsibilityMatrix(planId: $planId, listKind: $listKind) { totalDutyCount rows { duty { seq } } }
    }`;
    const count = async (viewer: Viewer, listKind: string, planId = f.plans.wulong.id) => {
      const result = await api.query<{ responsibilityMatrix: { totalDutyCount: number; rows: unknown[] } }>(
        COUNT,
        { planId, listKind },
        viewer,
      );
      expect(result.errors).toBeUndefined();
      const m = result.data!.responsibilityMatrix;
      return [m.rows.length, m.totalDutyCount];
    };
    const all = (await matrix(v.wulongAdmin)).rows.length;
    expect(await count(v.wulongAdmin, 'DEPARTMENT')).toEqual([all, all]);
    expect(await count(v.wlHrHead, 'DEPARTMENT')).toEqual([1, all]);
    // The institution sees no department duty, but learns that the list is not empty.
    expect(await count(v.wlSchoolAdmin, 'DEPARTMENT')).toEqual([0, all]);
    // Counted in the viewer's own district only: 北碚区's plan stays NOT_FOUND (test below).
    expect(await count(v.beibeiAdmin, 'DEPARTMENT', f.plans.beibei.id)).toEqual([1, 1]);
  });

  it('gives Organisation.dutyCount whether or not the viewer may read the duties; none of another district', async () => {
    const ORG = `query($id: ID!) { organisation(id: $id) { name dutyCount duties { id } } }`;
    const org = async (viewer: Viewer, id: string) =>
      api.query<{ organisation: { dutyCount: number; duties: unknown[] } | null }>(ORG, { id }, viewer);
    const admin = (await org(v.wulongAdmin, f.orgs.wlHr.id)).data!.organisation!;
    expect(admin.dutyCount).toBe(admin.duties.length);
    expect(admin.dutyCount).toBeGreaterThan(0);
    const school = (await org(v.wlSchoolAdmin, f.orgs.wlHr.id)).data!.organisation!;
    expect(school.duties).toEqual([]);
    expect(school.dutyCount).toBe(admin.dutyCount);
    // Another district's organisation is not readable at all (no count leaks through it).
    const foreign = await org(v.beibeiAdmin, f.orgs.wlHr.id);
    expect(JSON.stringify(foreign.data ?? null)).not.toContain('dutyCount":');
  });

  it('answers NOT_FOUND for another district’s plan (aliases: the own one still answers)', async () => {
    const result = await api.query<Record<string, unknown>>(
      `query($own: ID!, $foreign: ID!) {
         a: responsibilityMatrix(planId: $own, listKind: DEPARTMENT) { rows { duty { title } } }
         b: responsibilityMatrix(planId: $foreign, listKind: DEPARTMENT) { rows { duty { title } } }
       }`,
      { own: f.plans.beibei.id, foreign: f.plans.wulong.id },
      v.beibeiAdmin,
    );
    expect(errorCodes(result)).toEqual([{ path: 'b', code: 'NOT_FOUND' }]);
    expect(JSON.stringify(result.data ?? null)).not.toContain('开展职业技能培训');
    expect(
      (await matrix(v.beibeiAdmin, 'DEPARTMENT', f.plans.beibei.id)).rows.map((r) => r.duty.title),
    ).toEqual(['北碚开展职业技能培训']);
  });

  it('refuses a city plan (no duties) with BAD_USER_INPUT', async () => {
    const result = await api.query(MATRIX, { planId: f.plans.city.id, listKind: 'DEPARTMENT' }, v.city);
    expect(errorCodes(result)).toEqual([{ path: 'responsibilityMatrix', code: 'BAD_USER_INPUT' }]);
  });

  it('refuses a signed-out caller with UNAUTHENTICATED', async () => {
    const result = await api.query(MATRIX, { planId: f.plans.wulong.id, listKind: 'DEPARTMENT' }, null);
    expect(errorCodes(result)).toEqual([{ path: 'responsibilityMatrix', code: 'UNAUTHENTICATED' }]);
  });
});
