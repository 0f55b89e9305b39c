import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { fixedClock } from '../../../clock';
import { errorCodes } from '../../plan/__tests__/read-fixture';
import { insertReport, seedMonitoringFixture, type MonitoringFixture } from './monitoring-fixture';

/**
 * Completion, status, warnings on actuals, scores and ranks on a small world (monitoring-fixture)
 * with the clock on 15 July 2021, compared with figures worked out by hand below.
 *
 * Reports of 武隆 (approved unless said):
 * - d1 lead 区人力社保局: Q1 200; Q2 revision 1 150, revision 2 180 (the latest approved counts),
 *   revision 3 SUBMITTED 999 (not approved: ignored). Cooperating 区教委 Q1 50 (not the lead's: ignored).
 * - d2 lead 区经济信息委: Q1 100; Q2 nothing (a missed period: due 10 July).
 * Reported: 武隆 TOTAL 200 + 180 = 380, WORKER 100.
 * Official statistics: 武隆 TOTAL 450 (as of 2021-06-30), HOUSEHOLD 100; 北碚 TOTAL 2000,
 * HOUSEHOLD 300, ENTRE 50, WORKER 500.
 * Expected progress on 15 July for a quarterly plan: Q1 and Q2 ended → 50%.
 */

const CITY = `query($planId: ID!, $year: Int!) {
  cityDashboard(planId: $planId, year: $year) {
    today expectedProgress ceilingReading
    indicators { code }
    rows {
      district { name } completion status warningCount
      cells { indicatorId target reported official officialAsOf actual difference dutyTargets completion status
              sources { source value } }
    }
    totals { indicatorId target actual reported official status }
    warnings { code message indicatorId districtId expected actual }
    ranking { district { name } score rank breakdown { name method weight points adjustment adjustmentReason } }
  }
}`;

const DISTRICT = `query($year: Int!, $planId: ID, $districtId: ID) {
  districtDashboard(year: $year, planId: $planId, districtId: $districtId) {
    district { name } plan { code } chaseCount
    progress { indicatorId target actual status }
    duties { duty { title } lead { name } leadText target actual completion expectedProgress missedPeriods status }
    dutiesByStatus { status count }
    units { organisation { name } score rank breakdown { name points } }
  }
}`;

interface Cell {
  indicatorId: string;
  target: number | null;
  reported: number | null;
  official: number | null;
  officialAsOf: string | null;
  actual: number | null;
  difference: number | null;
  dutyTargets: number | null;
  completion: number | null;
  status: string;
  sources: { source: string; value: number }[];
}
interface Row {
  district: { name: string };
  completion: number | null;
  status: string;
  warningCount: number;
  cells: Cell[];
}
interface Dashboard {
  today: string;
  expectedProgress: number;
  ceilingReading: string;
  indicators: { code: string }[];
  rows: Row[];
  totals: { indicatorId: string; target: number | null; actual: number | null; status: string }[];
  warnings: { code: string; message: string; indicatorId: string; districtId: string }[];
  ranking: {
    district: { name: string };
    score: number;
    rank: number;
    breakdown: { name: string; points: number; adjustment: number; adjustmentReason: string | null }[];
  }[];
}

let db: TestDatabase;
let api: TestApi;
let f: MonitoringFixture;
const clock = fixedClock('2021-07-15T02:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  api = await createTestApi(db.appDataSource, null, { clock });
  f = await seedMonitoringFixture(db.dataSource);
  const [q1, q2, q3] = f.periods;
  const wl = f.districts.wulong.id;
  const { d1, d2 } = f.duties;
  const r = (
    periodId: string,
    dutyId: string,
    assignmentId: string,
    organisationId: string,
    value: number,
    extra = {},
  ) =>
    insertReport(db.dataSource, {
      districtId: wl,
      periodId,
      dutyId,
      assignmentId,
      organisationId,
      value,
      ...extra,
    });
  await r(q1!, d1.id, f.assignments.d1Lead, f.orgs.hr.id, 200);
  await r(q2!, d1.id, f.assignments.d1Lead, f.orgs.hr.id, 150, { revision: 1 });
  await r(q2!, d1.id, f.assignments.d1Lead, f.orgs.hr.id, 180, { revision: 2 });
  await r(q2!, d1.id, f.assignments.d1Lead, f.orgs.hr.id, 999, { revision: 3, status: 'SUBMITTED' });
  await r(q1!, d1.id, f.assignments.d1Coop, f.orgs.edu.id, 50);
  await r(q1!, d2.id, f.assignments.d2Lead, f.orgs.econ.id, 100);
  // A Q3 report (not yet due) in DRAFT: neither counted nor a missed period.
  await r(q3!, d2.id, f.assignments.d2Lead, f.orgs.econ.id, 10, { status: 'DRAFT' });
  const stat = (districtId: string, indicatorId: string, value: number) =>
    db.dataSource.query(
      `INSERT INTO official_statistic (district_id, plan_id, indicator_id, year, value, note, as_of)
       VALUES ($1, $2, $3, 2021, $4, '人社统计', '2021-06-30')`,
      [districtId, f.plans.city.id, indicatorId, value],
    );
  const { total, household, entre, worker } = f.indicators;
  await stat(wl, total.id, 450);
  await stat(wl, household.id, 100);
  const bb = f.districts.beibei.id;
  await stat(bb, total.id, 2000);
  await stat(bb, household.id, 300);
  await stat(bb, entre.id, 50);
  await stat(bb, worker.id, 500);
});
afterAll(() => db.drop());

async function city(viewer = f.users.city): Promise<Dashboard> {
  const result = await api.query<{ cityDashboard: Dashboard }>(
    CITY,
    { planId: f.plans.city.id, year: 2021 },
    viewer,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.cityDashboard;
}

const cellOf = (d: Dashboard, district: string, indicatorId: string) =>
  d.rows.find((r) => r.district.name === district)!.cells.find((c) => c.indicatorId === indicatorId)!;

describe('city dashboard (clock 2021-07-15)', () => {
  it('computes actuals by source, completion and status as worked by hand', async () => {
    const d = await city();
    const { total, household, entre, worker } = f.indicators;
    expect(d.today).toBe('2021-07-15');
    expect(d.expectedProgress).toBe(0.5);
    expect(d.ceilingReading).toBe('EACH');
    expect(d.rows.map((r) => r.district.name)).toEqual(['武隆区', '北碚区']);

    // 武隆 TOTAL: reported 380, official 450 counts, difference 70; 450/1000 = 45%, 5 behind 50% → 正常.
    expect(cellOf(d, '武隆区', total.id)).toMatchObject({
      target: 1000,
      reported: 380,
      official: 450,
      officialAsOf: '2021-06-30',
      actual: 450,
      difference: 70,
      dutyTargets: 600,
      completion: 0.45,
      status: 'NORMAL',
      sources: [
        { source: 'OFFICIAL', value: 450 },
        { source: 'REPORTS', value: 380 },
      ],
    });
    // 武隆 WORKER: reports only, 100/400 = 25%, 25 behind → 滞后.
    expect(cellOf(d, '武隆区', worker.id)).toMatchObject({
      reported: 100,
      official: null,
      actual: 100,
      completion: 0.25,
      status: 'LAGGING',
    });
    // 武隆 HOUSEHOLD 100/150 ahead → 正常; ENTRE nothing: 0/100 → 滞后.
    expect(cellOf(d, '武隆区', household.id)).toMatchObject({ actual: 100, status: 'NORMAL' });
    expect(cellOf(d, '武隆区', entre.id)).toMatchObject({ actual: null, completion: 0, status: 'LAGGING' });
    // 北碚: TOTAL 2000/2000 已完成; ENTRE 50/200 = 25% → 滞后; WORKER 500/800 = 62.5% → 正常.
    expect(cellOf(d, '北碚区', total.id)).toMatchObject({ actual: 2000, completion: 1, status: 'DONE' });
    expect(cellOf(d, '北碚区', entre.id)).toMatchObject({ completion: 0.25, status: 'LAGGING' });
    expect(cellOf(d, '北碚区', worker.id)).toMatchObject({ completion: 0.625, status: 'NORMAL' });

    // Row completion: average capped: 武隆 (0.45 + 0.6667 + 0 + 0.25) / 4; 北碚 (1 + 1 + 0.25 + 0.625) / 4.
    const [wl, bb] = d.rows;
    expect(wl!.completion).toBeCloseTo((0.45 + 100 / 150 + 0 + 0.25) / 4, 10);
    expect(bb!.completion).toBeCloseTo(0.71875, 10);
    expect(wl!.status).toBe('LAGGING');

    // City totals: the sum of districts.
    const t = d.totals.find((x) => x.indicatorId === total.id)!;
    expect(t).toMatchObject({ target: 3000, actual: 2450, reported: 380, official: 2450 });
  });

  it('warns on actuals and on targets: ceiling on actuals, TARGET_GAP where a district links duties', async () => {
    const d = await city();
    const messages = d.warnings.map((w) => w.message).sort();
    expect(messages).toEqual(
      [
        // 100 > 450 × 20% = 90 (22.2%).
        '武隆区“家服培训（完成数）”为 100，超过“目标计划（完成数）” 450 的 20%（上限 90），实际占 22.2%',
        // 武隆 links duties: 600 of 1000 to TOTAL, 300 of 400 to WORKER, none to HOUSEHOLD and ENTRE.
        '武隆区2021年“目标计划”：市下达 1000，各项重点工作目标合计 600，缺口 400',
        '武隆区2021年“企业职工培训”：市下达 400，各项重点工作目标合计 300，缺口 100',
        '武隆区2021年“家服培训”：市下达 150，各项重点工作目标合计 0，缺口 150',
        '武隆区2021年“创业培训”：市下达 100，各项重点工作目标合计 0，缺口 100',
      ].sort(),
    );
    expect(d.rows.map((r) => r.warningCount)).toEqual([5, 0]);
  });

  it('reads a group ceiling over the sum when the plan says SUM', async () => {
    await db.dataSource.query(`UPDATE plan SET ceiling_reading = 'SUM' WHERE id = $1`, [f.plans.city.id]);
    try {
      const d = await city();
      const ceilings = d.warnings
        .filter((w) => w.code === 'CEILING_EXCEEDED')
        .map((w) => w.message)
        .sort();
      // Targets: 武隆 150 + 100 = 250 > 200; 北碚 300 + 200 = 500 > 400. Actuals: 武隆 100 + 0 > 90;
      // 北碚 300 + 50 = 350 ≤ 400.
      expect(ceilings).toEqual(
        [
          '武隆区“家服培训+创业培训”为 250，超过“目标计划” 1000 的 20%（上限 200），实际占 25.0%',
          '北碚区“家服培训+创业培训”为 500，超过“目标计划” 2000 的 20%（上限 400），实际占 25.0%',
          '武隆区“家服培训（完成数）+创业培训（完成数）”为 100，超过“目标计划（完成数）” 450 的 20%（上限 90），实际占 22.2%',
        ].sort(),
      );
    } finally {
      await db.dataSource.query(`UPDATE plan SET ceiling_reading = 'EACH' WHERE id = $1`, [f.plans.city.id]);
    }
  });

  it('checks minimums on actuals once the year is over', async () => {
    clock.set('2022-01-05T02:00:00Z');
    try {
      const d = await city();
      const minimums = d.warnings.filter((w) => w.code === 'MINIMUM_NOT_MET').map((w) => w.message);
      expect(minimums.sort()).toEqual(
        [
          '武隆区“企业职工培训（完成数）”为 100，低于最低目标 400，差 300',
          '北碚区“企业职工培训（完成数）”为 500，低于最低目标 800，差 300',
        ].sort(),
      );
      expect(d.expectedProgress).toBe(1);
    } finally {
      clock.set('2021-07-15T02:00:00Z');
    }
  });

  it('ranks by 平均完成率 without criteria, then by the criteria with a manual adjustment', async () => {
    let d = await city();
    expect(d.ranking.map((r) => [r.rank, r.district.name, r.score])).toEqual([
      [1, '北碚区', 71.88],
      [2, '武隆区', 34.17],
    ]);
    const { total, worker } = f.indicators;
    const criteria: { id: string }[] = await db.dataSource.query(
      `INSERT INTO assessment_criterion (plan_id, name, weight, method, indicator_id) VALUES
         ($1, '目标计划完成率', 60, 'COMPLETION_RATIO', $2),
         ($1, '企业职工培训达标', 20, 'MINIMUM_MET', $3),
         ($1, '按时报送', 20, 'REPORTED_ON_TIME', NULL) RETURNING id`,
      [f.plans.city.id, total.id, worker.id],
    );
    await db.dataSource.query(
      `INSERT INTO assessment_adjustment (plan_id, criterion_id, district_id, year, points, reason)
       VALUES ($1, $2, $3, 2021, 5, '补报材料已核实')`,
      [f.plans.city.id, criteria[1]!.id, f.districts.wulong.id],
    );
    d = await city();
    // 武隆: 60 × 45% = 27; 100 < 400 → 0 (+5 adjustment); on time 3 of 4 due (d2 Q2 missed) → 15. = 47.
    // 北碚: 60 × 100% = 60; 500 < 800 → 0; no period due → 20. = 80.
    expect(d.ranking.map((r) => [r.rank, r.district.name, r.score])).toEqual([
      [1, '北碚区', 80],
      [2, '武隆区', 47],
    ]);
    expect(d.ranking[1]!.breakdown).toEqual([
      {
        name: '企业职工培训达标',
        method: 'MINIMUM_MET',
        weight: 20,
        points: 0,
        adjustment: 5,
        adjustmentReason: '补报材料已核实',
      },
      {
        name: '按时报送',
        method: 'REPORTED_ON_TIME',
        weight: 20,
        points: 15,
        adjustment: 0,
        adjustmentReason: null,
      },
      {
        name: '目标计划完成率',
        method: 'COMPLETION_RATIO',
        weight: 60,
        points: 27,
        adjustment: 0,
        adjustmentReason: null,
      },
    ]);
    await db.dataSource.query(`DELETE FROM assessment_criterion WHERE plan_id = $1`, [f.plans.city.id]);
  });

  it('shows a district user their own district only; organisation users are refused', async () => {
    const d = await city(f.users.beibeiAdmin);
    expect(d.rows.map((r) => r.district.name)).toEqual(['北碚区']);
    expect(d.warnings.every((w) => w.districtId === f.districts.beibei.id)).toBe(true);
    const head = await api.query(CITY, { planId: f.plans.city.id, year: 2021 }, f.users.wulongHead);
    expect(errorCodes(head)).toEqual([{ path: 'cityDashboard', code: 'FORBIDDEN' }]);
    const bad = await api.query(CITY, { planId: f.plans.city.id, year: 2030 }, f.users.city);
    expect(errorCodes(bad)).toEqual([{ path: 'cityDashboard', code: 'BAD_USER_INPUT' }]);
  });
});

describe('district dashboard', () => {
  it('gives duties by status, units ranked and the chase count as worked by hand', async () => {
    const result = await api.query<{ districtDashboard: Record<string, unknown> }>(
      DISTRICT,
      { year: 2021 },
      f.users.wulongAdmin,
    );
    expect(result.errors).toBeUndefined();
    const d = result.data!.districtDashboard as {
      plan: { code: string };
      chaseCount: number;
      duties: Record<string, unknown>[];
      dutiesByStatus: { status: string; count: number }[];
      units: { organisation: { name: string }; score: number; rank: number }[];
      progress: { indicatorId: string; actual: number }[];
    };
    expect(d.plan.code).toBe('CITY-2021');
    expect(d.progress.find((p) => p.indicatorId === f.indicators.total.id)!.actual).toBe(450);
    // d1: 380 / 600 = 63.3%, expected 50% by the plan's periods → 正常. d2: 100 / 300, Q2 missed → 滞后.
    expect(d.duties).toEqual([
      expect.objectContaining({
        duty: { title: '培训' },
        lead: { name: '区人力社保局' },
        target: 600,
        actual: 380,
        expectedProgress: 0.5,
        missedPeriods: 0,
        status: 'NORMAL',
      }),
      expect.objectContaining({
        duty: { title: '企业培训' },
        target: 300,
        actual: 100,
        missedPeriods: 1,
        status: 'LAGGING',
      }),
    ]);
    expect(d.duties[0]!.completion).toBeCloseTo(380 / 600, 10);
    expect(d.dutiesByStatus.filter((s) => s.count > 0)).toEqual([
      { status: 'NORMAL', count: 1 },
      { status: 'LAGGING', count: 1 },
    ]);
    expect(d.chaseCount).toBe(1);
    // Units by 平均完成率: 区人力社保局 100 × 380/600 = 63.33; 区经济信息委 100 × 100/300 = 33.33.
    expect(d.units.map((u) => [u.rank, u.organisation.name, u.score])).toEqual([
      [1, '区人力社保局', 63.33],
      [2, '区经济信息委', 33.33],
    ]);
  });

  it('answers NOT_FOUND for another district and needs a district for the city', async () => {
    const other = await api.query(
      DISTRICT,
      { year: 2021, districtId: f.districts.wulong.id },
      f.users.beibeiAdmin,
    );
    expect(errorCodes(other)).toEqual([{ path: 'districtDashboard', code: 'NOT_FOUND' }]);
    const cityNoDistrict = await api.query(DISTRICT, { year: 2021 }, f.users.city);
    expect(errorCodes(cityNoDistrict)).toEqual([{ path: 'districtDashboard', code: 'BAD_USER_INPUT' }]);
    const cityWulong = await api.query<{ districtDashboard: { district: { name: string } } }>(
      DISTRICT,
      { year: 2021, districtId: f.districts.wulong.id },
      f.users.city,
    );
    expect(cityWulong.data?.districtDashboard.district.name).toBe('武隆区');
    const head = await api.query(DISTRICT, { year: 2021 }, f.users.wulongHead);
    expect(errorCodes(head)).toEqual([{ path: 'districtDashboard', code: 'FORBIDDEN' }]);
  });
});

const SET_STAT = `mutation($input: OfficialStatisticInput!) {
  setOfficialStatistic(input: $input) { id value note asOf version }
}`;
const LINK = `mutation($id: ID!, $indicatorId: ID) {
  setDutyTargetIndicator(dutyTargetId: $id, indicatorId: $indicatorId) { id indicatorId }
}`;

describe('official statistics and duty-target links (mutations)', () => {
  it('lets the district admin enter a figure, audited, with optimistic concurrency', async () => {
    const input = {
      districtId: f.districts.wulong.id,
      indicatorId: f.indicators.entre.id,
      year: 2021,
      value: 40,
      note: '创业培训统计',
      asOf: '2021-07-01',
    };
    const created = await api.query<{ setOfficialStatistic: { id: string; version: number } }>(
      SET_STAT,
      { input },
      f.users.wulongAdmin,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.setOfficialStatistic.id;
    const again = await api.query(SET_STAT, { input: { ...input, value: 45 } }, f.users.wulongAdmin);
    expect(errorCodes(again)).toEqual([{ path: 'setOfficialStatistic', code: 'CONFLICT' }]);
    const updated = await api.query<{ setOfficialStatistic: { value: number; version: number } }>(
      SET_STAT,
      { input: { ...input, value: 45, version: 1 } },
      f.users.wulongAdmin,
    );
    expect(updated.data?.setOfficialStatistic).toMatchObject({ value: 45, version: 2 });
    const audit: { action: string; after: { value: number } }[] = await db.dataSource.query(
      `SELECT action, after FROM audit_event WHERE entity_type = 'OFFICIAL_STATISTIC' AND entity_id = $1 ORDER BY occurred_at, action`,
      [id],
    );
    expect(audit.map((a) => [a.action, a.after.value])).toEqual([
      ['CREATE', 40],
      ['UPDATE', 45],
    ]);
    const d = await city();
    expect(cellOf(d, '武隆区', f.indicators.entre.id)).toMatchObject({ official: 45, actual: 45 });
  });

  it('refuses other districts, the city and bad input, leaving the data as it was', async () => {
    const input = {
      districtId: f.districts.wulong.id,
      indicatorId: f.indicators.worker.id,
      year: 2021,
      value: 10,
      asOf: '2021-07-01',
    };
    expect(errorCodes(await api.query(SET_STAT, { input }, f.users.beibeiAdmin))).toEqual([
      { path: 'setOfficialStatistic', code: 'NOT_FOUND' },
    ]);
    expect(errorCodes(await api.query(SET_STAT, { input }, f.users.city))).toEqual([
      { path: 'setOfficialStatistic', code: 'FORBIDDEN' },
    ]);
    expect(errorCodes(await api.query(SET_STAT, { input }, f.users.wulongViewer))).toEqual([
      { path: 'setOfficialStatistic', code: 'FORBIDDEN' },
    ]);
    expect(
      errorCodes(await api.query(SET_STAT, { input: { ...input, value: -1 } }, f.users.wulongAdmin)),
    ).toEqual([{ path: 'setOfficialStatistic', code: 'BAD_USER_INPUT' }]);
    expect(
      errorCodes(await api.query(SET_STAT, { input: { ...input, asOf: '7月1日' } }, f.users.wulongAdmin)),
    ).toEqual([{ path: 'setOfficialStatistic', code: 'BAD_USER_INPUT' }]);
    const rows = await db.dataSource.query(
      `SELECT 1 FROM official_statistic WHERE indicator_id = $1 AND district_id = $2`,
      [f.indicators.worker.id, f.districts.wulong.id],
    );
    expect(rows).toHaveLength(0);
  });

  it('links and clears a duty target’s indicator (district admin only, audited)', async () => {
    const [dt] = (await db.dataSource.query(`SELECT id FROM duty_target WHERE duty_id = $1`, [
      f.duties.d2.id,
    ])) as { id: string }[];
    expect(errorCodes(await api.query(LINK, { id: dt!.id, indicatorId: null }, f.users.beibeiAdmin))).toEqual(
      [{ path: 'setDutyTargetIndicator', code: 'NOT_FOUND' }],
    );
    const cleared = await api.query<{ setDutyTargetIndicator: { indicatorId: string | null } }>(
      LINK,
      { id: dt!.id, indicatorId: null },
      f.users.wulongAdmin,
    );
    expect(cleared.data?.setDutyTargetIndicator.indicatorId).toBeNull();
    let d = await city();
    // WORKER loses its reported 100: no link, no roll-up; its TARGET_GAP now says 0 of 400.
    expect(cellOf(d, '武隆区', f.indicators.worker.id)).toMatchObject({ reported: null, dutyTargets: null });
    const relinked = await api.query(
      LINK,
      { id: dt!.id, indicatorId: f.indicators.worker.id },
      f.users.wulongAdmin,
    );
    expect(relinked.errors).toBeUndefined();
    d = await city();
    expect(cellOf(d, '武隆区', f.indicators.worker.id)).toMatchObject({ reported: 100, dutyTargets: 300 });
    const audit = await db.dataSource.query(
      `SELECT action FROM audit_event WHERE entity_type = 'DUTY_TARGET' AND entity_id = $1`,
      [dt!.id],
    );
    expect(audit).toHaveLength(2);
  });
});

const ADJUST = `mutation($input: AssessmentAdjustmentInput!) {
  adjustAssessmentScore(input: $input) { id points reason }
}`;

describe('manual adjustments of scores (reason required, audited)', () => {
  it('lets the district admin adjust a unit’s score on a district criterion, shown in the breakdown', async () => {
    const [criterion] = (await db.dataSource.query(
      `INSERT INTO assessment_criterion (plan_id, district_id, name, weight, method) VALUES ($1, $2, '完成率', 100, 'COMPLETION_RATIO') RETURNING id`,
      [f.plans.wlPlan.id, f.districts.wulong.id],
    )) as { id: string }[];
    const input = {
      criterionId: criterion!.id,
      districtId: f.districts.wulong.id,
      organisationId: f.orgs.econ.id,
      year: 2021,
      points: 40,
      reason: '第二季度数据系统故障，经核实补计',
    };
    expect(
      errorCodes(await api.query(ADJUST, { input: { ...input, reason: ' ' } }, f.users.wulongAdmin)),
    ).toEqual([{ path: 'adjustAssessmentScore', code: 'BAD_USER_INPUT' }]);
    expect(errorCodes(await api.query(ADJUST, { input }, f.users.beibeiAdmin))).toEqual([
      { path: 'adjustAssessmentScore', code: 'NOT_FOUND' },
    ]);
    expect(errorCodes(await api.query(ADJUST, { input }, f.users.wulongHead))).toEqual([
      { path: 'adjustAssessmentScore', code: 'FORBIDDEN' },
    ]);
    const ok = await api.query(ADJUST, { input }, f.users.wulongAdmin);
    expect(ok.errors).toBeUndefined();
    const result = await api.query<{
      districtDashboard: { units: { organisation: { name: string }; score: number; rank: number }[] };
    }>(DISTRICT, { year: 2021 }, f.users.wulongAdmin);
    // 区经济信息委: 100 × 100/300 = 33.33 + 40 = 73.33, now above 区人力社保局's 63.33.
    expect(result.data!.districtDashboard.units.map((u) => [u.rank, u.organisation.name, u.score])).toEqual([
      [1, '区经济信息委', 73.33],
      [2, '区人力社保局', 63.33],
    ]);
    const audit: { reason: string }[] = await db.dataSource.query(
      `SELECT reason FROM audit_event WHERE entity_type = 'ASSESSMENT_ADJUSTMENT'`,
    );
    expect(audit.map((a) => a.reason)).toEqual(['第二季度数据系统故障，经核实补计']);
  });

  it('keeps district scores the city’s: a district admin cannot adjust its own district', async () => {
    const [criterion] = (await db.dataSource.query(
      `INSERT INTO assessment_criterion (plan_id, name, weight, method) VALUES ($1, '按时报送', 10, 'REPORTED_ON_TIME') RETURNING id`,
      [f.plans.city.id],
    )) as { id: string }[];
    const input = {
      criterionId: criterion!.id,
      districtId: f.districts.wulong.id,
      year: 2021,
      points: -2,
      reason: '迟报两次',
    };
    expect(errorCodes(await api.query(ADJUST, { input }, f.users.wulongAdmin))).toEqual([
      { path: 'adjustAssessmentScore', code: 'FORBIDDEN' },
    ]);
    const ok = await api.query<{ adjustAssessmentScore: { points: number } }>(
      ADJUST,
      { input },
      f.users.city,
    );
    expect(ok.data?.adjustAssessmentScore.points).toBe(-2);
    const d = await city();
    const wl = d.ranking.find((r) => r.district.name === '武隆区')!;
    // 按时报送 10 × 3/4 = 7.5, −2 → 5.5.
    expect(wl.score).toBe(5.5);
    await db.dataSource.query(`DELETE FROM assessment_criterion WHERE id = $1`, [criterion!.id]);
  });
});
