import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { Role, type Viewer } from '../../../auth/viewer';
import { AssignmentRole, DutyListKind } from '../../duty/duty.entity';
import { OrganisationKind, type Organisation } from '../../organisation/organisation.entity';
import { IndicatorNature, type Plan } from '../../plan/plan.entity';
import { district, duty, indicator, organisation, plan, target } from '../../plan/__tests__/read-fixture';

/**
 * A small world for the monitoring tests, with figures worked out by hand in the tests.
 *
 * City plan CITY-2021 (2021, quarterly): 目标计划 TOTAL; 家服培训 HOUSEHOLD and 创业培训 ENTRE, each
 * CEILING 20% of TOTAL (one sentence: a group); 企业职工培训 WORKER (MINIMUM).
 *
 * | 2021 targets | TOTAL | HOUSEHOLD | ENTRE | WORKER |
 * |---|---|---|---|---|
 * | 武隆区 | 1000 | 150 | 100 | 400 |
 * | 北碚区 | 2000 | 300 | 200 | 800 |
 *
 * District plan WL-2021 of 武隆区 (2021, periods Q1..Q4 due the 10th after the quarter):
 * - d1 培训 (lead 区人力社保局, cooperating 区教委), 2021 target 600 → TOTAL
 * - d2 企业培训 (lead 区经济信息委), 2021 target 300 → WORKER
 * Reports are added by the tests (insertReport).
 */
export async function seedMonitoringFixture(ds: DataSource) {
  return ds.transaction(async (m) => {
    const wulong = await district(m, '500156', '武隆区', 1, null);
    const beibei = await district(m, '500109', '北碚区', 2, null);
    const city = await plan(m, 'CITY-2021', '2021年全市职业技能提升行动指导性计划', null, 2021, 2021);
    const total = await indicator(m, city.id, 'TOTAL', '目标计划', 0);
    const household = await indicator(m, city.id, 'HOUSEHOLD', '家服培训', 1, {
      nature: IndicatorNature.CEILING,
      ceilingOfId: total.id,
      ceilingRatio: 0.2,
    });
    const entre = await indicator(m, city.id, 'ENTRE', '创业培训', 2, {
      nature: IndicatorNature.CEILING,
      ceilingOfId: total.id,
      ceilingRatio: 0.2,
    });
    const worker = await indicator(m, city.id, 'WORKER', '企业职工培训', 3, {
      nature: IndicatorNature.MINIMUM,
    });
    const allocation: [string, number[]][] = [
      [wulong.id, [1000, 150, 100, 400]],
      [beibei.id, [2000, 300, 200, 800]],
    ];
    for (const [d, values] of allocation)
      for (const [i, ind] of [total, household, entre, worker].entries())
        await target(m, city.id, ind.id, d, 2021, values[i]!);

    const orgs = {
      hr: await organisation(m, wulong.id, '区人力社保局', OrganisationKind.GOVERNMENT_DEPARTMENT, null),
      edu: await organisation(m, wulong.id, '区教委', OrganisationKind.GOVERNMENT_DEPARTMENT, null),
      econ: await organisation(m, wulong.id, '区经济信息委', OrganisationKind.GOVERNMENT_DEPARTMENT, null),
      bbHr: await organisation(m, beibei.id, '区人力社保局', OrganisationKind.GOVERNMENT_DEPARTMENT, null),
    };
    const wlPlan = await plan(m, 'WL-2021', '武隆区职业技能提升行动实施方案', wulong.id, 2021, 2021);
    const d1 = await duty(
      m,
      wlPlan,
      DutyListKind.DEPARTMENT,
      '1',
      1,
      '培训',
      [
        [AssignmentRole.LEAD, orgs.hr, null, '区人力社保局'],
        [AssignmentRole.COOPERATING, orgs.edu, null, '区教委'],
      ],
      { targets: [[2021, 600]], indicatorId: total.id },
    );
    const d2 = await duty(
      m,
      wlPlan,
      DutyListKind.DEPARTMENT,
      '2',
      2,
      '企业培训',
      [[AssignmentRole.LEAD, orgs.econ, null, '区经济信息委']],
      { targets: [[2021, 300]], indicatorId: worker.id },
    );
    const periods = await quarters(m, wlPlan, 2021);
    const assignments: { id: string; duty_id: string; organisation_id: string; role: string }[] =
      await m.query(
        `SELECT id, duty_id, organisation_id, role FROM duty_assignment WHERE duty_id = ANY($1)`,
        [[d1.id, d2.id]],
      );
    const assignment = (dutyId: string, org: Organisation) =>
      assignments.find((a) => a.duty_id === dutyId && a.organisation_id === org.id)!.id;
    const users = {
      city: await user(m, Role.CITY_ADMIN, null),
      wulongAdmin: await user(m, Role.DISTRICT_ADMIN, wulong.id),
      wulongViewer: await user(m, Role.VIEWER, wulong.id),
      beibeiAdmin: await user(m, Role.DISTRICT_ADMIN, beibei.id),
      wulongHead: await user(m, Role.DEPARTMENT_HEAD, wulong.id, orgs.hr.id),
    };
    return {
      districts: { wulong, beibei },
      plans: { city, wlPlan },
      indicators: { total, household, entre, worker },
      orgs,
      duties: { d1, d2 },
      periods,
      assignments: {
        d1Lead: assignment(d1.id, orgs.hr),
        d1Coop: assignment(d1.id, orgs.edu),
        d2Lead: assignment(d2.id, orgs.econ),
      },
      users,
    };
  });
}

export type MonitoringFixture = Awaited<ReturnType<typeof seedMonitoringFixture>>;

/** Q1..Q4 of `year` for a district plan, due the 10th of the month after the quarter. */
export async function quarters(m: EntityManager, p: Plan, year: number): Promise<string[]> {
  const ids: string[] = [];
  for (const [n, start, end, due] of [
    [1, '01-01', '03-31', '04-10'],
    [2, '04-01', '06-30', '07-10'],
    [3, '07-01', '09-30', '10-10'],
    [4, '10-01', '12-31', `01-10`],
  ] as const) {
    const dueYear = n === 4 ? year + 1 : year;
    const rows: { id: string }[] = await m.query(
      `INSERT INTO reporting_period (plan_id, district_id, year, kind, number, starts_on, ends_on, opens_on, due_on)
       VALUES ($1, $2, $3, 'QUARTER', $4, $5, $6, $6, $7) RETURNING id`,
      [p.id, p.districtId, year, n, `${year}-${start}`, `${year}-${end}`, `${dueYear}-${due}`],
    );
    ids.push(rows[0]!.id);
  }
  return ids;
}

/** A report row, inserted as the owner (the reporting API is another module's). */
export async function insertReport(
  m: DataSource | EntityManager,
  r: {
    districtId: string;
    periodId: string;
    dutyId: string;
    assignmentId: string;
    organisationId: string;
    value: number;
    status?: string;
    revision?: number;
    late?: boolean;
  },
): Promise<string> {
  const rows: { id: string }[] = await m.query(
    `INSERT INTO progress_report (district_id, period_id, duty_id, assignment_id, organisation_id, revision, status, value, late)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      r.districtId,
      r.periodId,
      r.dutyId,
      r.assignmentId,
      r.organisationId,
      r.revision ?? 1,
      r.status ?? 'APPROVED',
      r.value,
      r.late ?? false,
    ],
  );
  return rows[0]!.id;
}

/** A real user (audit events and entered_by refer to app_user) with one grant, as a Viewer. */
async function user(
  m: EntityManager,
  role: Role,
  districtId: string | null,
  organisationId: string | null = null,
): Promise<Viewer> {
  const username = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}`;
  const rows: { id: string }[] = await m.query(
    `INSERT INTO app_user (username, display_name, password_hash) VALUES ($1, $1, '$argon2id$x') RETURNING id`,
    [username],
  );
  return {
    userId: rows[0]!.id,
    username,
    displayName: username,
    sessionId: randomUUID(),
    grants: [{ id: randomUUID(), role, districtId, organisationId }],
  };
}
