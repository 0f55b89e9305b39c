import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { CONNECTIONS, errorCodes, fixtureViewers, seedReadFixture, type ReadFixture } from './read-fixture';

interface Matrix {
  complete: boolean;
  indicators: { code: string }[];
  rows: { district: { name: string }; cells: { indicatorId: string; value: number | null }[] }[];
  totals: {
    indicator: { code: string };
    computed: number;
    claimed: number | null;
    difference: number | null;
  }[];
  cityTargets: { indicatorId: string; value: number | null }[];
  warnings: {
    code: string;
    severity: string;
    message: string;
    indicatorId: string | null;
    districtId: string | null;
    expected: number | null;
    actual: number | null;
  }[];
}

const MATRIX = `query($planId: ID!, $year: Int!) {
  allocationMatrix(planId: $planId, year: $year) {
    complete
    indicators { code }
    rows { district { name } cells { indicatorId value } }
    totals { indicator { code } computed claimed difference }
    cityTargets { indicatorId value }
    warnings { code severity message indicatorId districtId expected actual }
  }
}`;

describe.each(CONNECTIONS)('allocationMatrix, %s', (_connection, connection) => {
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

  const matrix = async (viewer: unknown, planId = f.plans.city.id, year = 2021) => {
    const result = await api.query<{ allocationMatrix: Matrix }>(MATRIX, { planId, year }, viewer as never);
    expect(result.errors).toBeUndefined();
    return result.data!.allocationMatrix;
  };
  const values = (m: Matrix) => m.rows.map((r) => [r.district.name, ...r.cells.map((c) => c.value)]);

  it('gives the city admin every district, totals, claims and the warnings of the domain rules', async () => {
    const m = await matrix(v.city);
    expect(m.complete).toBe(true);
    expect(m.indicators.map((i) => i.code)).toEqual(['TOTAL', 'HOUSEHOLD', 'HOUSEHOLD_BASE']);
    expect(values(m)).toEqual([
      ['大渡口区', 2000, 300, 400],
      ['北碚区', 9700, 2500, 300],
      ['武隆区', 1000, 150, 100],
    ]);
    expect(m.totals).toEqual([
      { indicator: { code: 'TOTAL' }, computed: 12700, claimed: 12700, difference: 0 },
      { indicator: { code: 'HOUSEHOLD' }, computed: 2950, claimed: 3000, difference: 50 },
      { indicator: { code: 'HOUSEHOLD_BASE' }, computed: 800, claimed: 800, difference: 0 },
    ]);
    const { household, householdBase } = f.indicators;
    expect(m.warnings).toEqual([
      {
        code: 'TOTAL_MISMATCH',
        severity: 'WARNING',
        message: '“家服培训”合计：文件为 3000，按各区县相加为 2950，相差 50',
        indicatorId: household.id,
        districtId: null,
        expected: 3000,
        actual: 2950,
      },
      {
        code: 'OF_WHICH_EXCEEDS_PARENT',
        severity: 'WARNING',
        message: '大渡口区“市级家服基地”为 400，超过其所属的“家服培训” 300，多 100',
        indicatorId: householdBase.id,
        districtId: f.districts.dadukou.id,
        expected: 300,
        actual: 400,
      },
      {
        code: 'CEILING_EXCEEDED',
        severity: 'WARNING',
        message: '北碚区“家服培训”为 2500，超过“目标计划” 9700 的 20%（上限 1940），实际占 25.8%',
        indicatorId: household.id,
        districtId: f.districts.beibei.id,
        expected: 1940,
        actual: 2500,
      },
    ]);
  });

  it('gives a district user their own row only, totals over it, no claims and only their warnings', async () => {
    const wulong = await matrix(v.wulongAdmin);
    expect(wulong.complete).toBe(false);
    expect(values(wulong)).toEqual([['武隆区', 1000, 150, 100]]);
    expect(wulong.totals.map((t) => [t.computed, t.claimed, t.difference])).toEqual([
      [1000, null, null],
      [150, null, null],
      [100, null, null],
    ]);
    expect(wulong.warnings).toEqual([]);

    const beibei = await matrix(v.beibeiAdmin);
    expect(values(beibei)).toEqual([['北碚区', 9700, 2500, 300]]);
    expect(beibei.warnings.map((w) => [w.code, w.districtId])).toEqual([
      ['CEILING_EXCEEDED', f.districts.beibei.id],
    ]);
    // Nothing about 大渡口区 reaches a 北碚 user, not even through a warning's message.
    expect(JSON.stringify(beibei)).not.toContain('大渡口');
    expect(JSON.stringify(beibei)).not.toContain('武隆');
  });

  it('gives an organisation user their district’s row', async () => {
    expect(values(await matrix(v.wlSchoolAdmin))).toEqual([['武隆区', 1000, 150, 100]]);
  });

  it('leaves cells empty (null) for a year without allocation', async () => {
    const m = await matrix(v.city, f.plans.city.id, 2022);
    expect(m.rows).toHaveLength(3);
    expect(m.rows.every((r) => r.cells.every((c) => c.value === null))).toBe(true);
    expect(m.totals.map((t) => t.computed)).toEqual([0, 0, 0]);
    expect(m.warnings).toEqual([]);
  });

  it('answers NOT_FOUND for another district’s plan, in an aliased pair too', async () => {
    const result = await api.query<{ a: { complete: boolean } | null; b: unknown }>(
      `query($own: ID!, $foreign: ID!) {
         a: allocationMatrix(planId: $own, year: 2021) { complete rows { district { name } } }
         b: allocationMatrix(planId: $foreign, year: 2021) { complete rows { district { name } } }
       }`,
      { own: f.plans.wulong.id, foreign: f.plans.beibei.id },
      v.wulongAdmin,
    );
    // allocationMatrix is non-null: the NOT_FOUND of `b` nulls the whole answer.
    expect(errorCodes(result)).toEqual([{ path: 'b', code: 'NOT_FOUND' }]);
    expect(JSON.stringify(result.data ?? null)).not.toContain('北碚');
  });

  it('gives a district plan’s matrix its own district only, complete', async () => {
    const m = await matrix(v.city, f.plans.wulong.id, 2021);
    expect(m.complete).toBe(true);
    expect(m.rows.map((r) => r.district.name)).toEqual(['武隆区']);
  });

  it('refuses a signed-out caller with UNAUTHENTICATED', async () => {
    const result = await api.query(MATRIX, { planId: f.plans.city.id, year: 2021 }, null);
    expect(errorCodes(result)).toEqual([{ path: 'allocationMatrix', code: 'UNAUTHENTICATED' }]);
  });
});
