import { daysLate, periodState, taskState, type ReportStatus as DomainStatus } from '@skills/domain';
import type { RequestContext } from '../../context/context';
import { today } from '../../clock';
import { assertUuidArgument, rawQuery, readAccess } from '../../db/scoped';
import { NotFoundError } from '../../graphql/errors';
import { AssignmentRole, type Duty } from '../duty/duty.entity';
import { getDuty } from '../duty/duty.service';
import type { Organisation } from '../organisation/organisation.entity';
import { ReportingPeriod } from './period.entity';
import { expectedReporters, reportVisibleCondition } from './report.access';
import { ProgressReport, ReportStatus } from './report.entity';
import {
  ChaseState,
  TaskState,
  type ChaseFilter,
  type ChaseRow,
  type DutyContribution,
  type DutyPeriodReports,
  type ReportingTask,
  type ReviewFilter,
} from './report.types';

/** Reads of the reporting cycle: 我的任务, a duty's reports per period, the review queue, 催办. */

const LIST_LIMIT = 1000;

async function need<T>(value: Promise<T | null>, what = '记录'): Promise<T> {
  const v = await value;
  if (!v) throw new NotFoundError(`${what}不存在或无权访问`);
  return v;
}

interface TaskRow {
  duty_id: string;
  assignment_id: string;
  role: AssignmentRole;
  organisation_id: string;
  period_id: string;
  year: number;
  opens_on: string;
  due_on: string;
  locked: boolean;
  report_id: string | null;
  status: ReportStatus | null;
  value: string | null;
}

/**
 * 我的任务: for each duty the viewer's organisations lead or cooperate on (directly, or through
 * their category on the enterprise and institution lists), the period to act on — the first opened
 * one still needing the unit (nothing, a draft or a return), else the latest opened one — with its
 * state, and the year's progress. Two statements whatever the number of duties and periods.
 */
export async function myReportingTasks(ctx: RequestContext): Promise<ReportingTask[]> {
  const orgs = ctx.scope.organisationIds;
  if (!orgs.length) return [];
  const rows = await rawQuery<TaskRow>(
    ctx.db,
    `WITH e AS (${expectedReporters('o.id = ANY(CAST(:orgs AS uuid[]))')})
     SELECT e.duty_id, e.assignment_id, e.role, e.organisation_id, p.id AS period_id, p.year,
            to_char(p.opens_on, 'YYYY-MM-DD') AS opens_on, to_char(p.due_on, 'YYYY-MM-DD') AS due_on,
            p.locked_at IS NOT NULL AS locked, r.id AS report_id, r.status, r.value
       FROM e
       JOIN duty d ON d.id = e.duty_id
       JOIN reporting_period p ON p.plan_id = d.plan_id
       LEFT JOIN LATERAL (
         SELECT r.id, r.status, r.value FROM progress_report r
          WHERE r.assignment_id = e.assignment_id AND r.organisation_id = e.organisation_id AND r.period_id = p.id
          ORDER BY r.revision DESC LIMIT 1) r ON TRUE
      ORDER BY d.plan_id, d.list_kind, d.sort_order, e.organisation_id, p.starts_on, p.kind`,
    { orgs },
  );
  const day = today(ctx.clock);
  const groups = new Map<string, TaskRow[]>();
  for (const row of rows) {
    const key = `${row.duty_id}:${row.organisation_id}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const tasks = await Promise.all(
    [...groups.values()].map(async (group): Promise<ReportingTask | null> => {
      const withState = group.map((r) => {
        const ps = periodState({ opensOn: r.opens_on, dueOn: r.due_on, locked: r.locked }, day);
        return { row: r, period: ps, task: taskState(r.status as DomainStatus | null, ps) };
      });
      const opened = withState.filter((s) => s.period !== 'UPCOMING');
      const needsAction = opened.find(
        (s) => s.period !== 'LOCKED' && ['TODO', 'DRAFT', 'RETURNED', 'OVERDUE'].includes(s.task),
      );
      const current = needsAction ?? opened[opened.length - 1] ?? withState[0];
      if (!current) return null;
      const first = current.row;
      const ofYear = withState.filter((s) => s.row.year === first.year);
      const counted = (statuses: string[]) =>
        ofYear
          .filter((s) => s.row.status && statuses.includes(s.row.status))
          .reduce((sum, s) => sum + Number(s.row.value ?? 0), 0);
      const [duty, organisation, period, report, targets] = await Promise.all([
        ctx.loaders.dutyById.load(first.duty_id),
        ctx.loaders.organisationById.load(first.organisation_id),
        ctx.loaders.periodById.load(first.period_id),
        first.report_id ? ctx.loaders.reportById.load(first.report_id) : Promise.resolve(null),
        ctx.loaders.targetsOfDuty.load(first.duty_id),
      ]);
      if (!duty || !organisation || !period) return null;
      const target = targets.find((t) => t.year === first.year) ?? null;
      return {
        duty,
        organisation,
        role: first.role,
        period,
        report,
        state: current.task as TaskState,
        overdueCount: opened.filter((s) => s.task === 'OVERDUE').length,
        year: first.year,
        yearTarget: target?.value ?? null,
        unit: target?.unit ?? targets[0]?.unit ?? null,
        yearValue: counted(['SUBMITTED', 'RESUBMITTED', 'RETURNED', 'APPROVED']),
        approvedValue: counted(['APPROVED']),
      };
    }),
  );
  return tasks.filter((t): t is ReportingTask => t !== null);
}

/**
 * A duty's reports for one period: every expected reporter the viewer may read (the district and
 * the lead unit all of them; a cooperating unit itself), lead first, each with its latest revision.
 * The duty's figure is the lead's number, not a sum.
 */
export async function dutyReports(
  ctx: RequestContext,
  dutyId: string,
  periodId: string,
): Promise<DutyPeriodReports> {
  const duty = await getDuty(ctx, dutyId);
  assertUuidArgument(periodId, 'periodId');
  const period = await need(ctx.loaders.periodById.load(periodId), '报送期');
  if (period.planId !== duty.planId) throw new NotFoundError('报送期不属于该重点工作所在的计划');
  const access = readAccess(ctx);
  const [visible, params] = reportVisibleCondition('r', access);
  const rows = await rawQuery<{
    organisation_id: string;
    role: AssignmentRole;
    report_id: string | null;
    may_read: boolean;
  }>(
    ctx.db,
    `WITH e AS (${expectedReporters('a.duty_id = :dutyId')})
     SELECT e.organisation_id, e.role, r.id AS report_id,
            (${
              access.all
                ? 'TRUE'
                : `e.district_id = ANY(CAST(:rvFull AS uuid[])) OR e.organisation_id = ANY(CAST(:rvOrgs AS uuid[]))
              OR EXISTS (SELECT 1 FROM duty_assignment l WHERE l.duty_id = e.duty_id AND l.role = 'LEAD' AND l.organisation_id = ANY(CAST(:rvOrgs AS uuid[])))`
            }) AS may_read
       FROM e
       LEFT JOIN LATERAL (
         SELECT r.id FROM progress_report r
          WHERE r.assignment_id = e.assignment_id AND r.organisation_id = e.organisation_id AND r.period_id = :periodId
            AND ${visible}
          ORDER BY r.revision DESC LIMIT 1) r ON TRUE
      ORDER BY (e.role = 'LEAD') DESC, e.organisation_id`,
    {
      dutyId: duty.id,
      periodId: period.id,
      ...params,
      rvFull: access.fullDistrictIds,
      rvOrgs: access.organisationIds,
    },
  );
  const loaded = await Promise.all(
    rows
      .filter((r) => r.may_read)
      .map(async (row) => {
        const [organisation, report] = await Promise.all([
          ctx.loaders.organisationById.load(row.organisation_id),
          row.report_id ? ctx.loaders.reportById.load(row.report_id) : Promise.resolve(null),
        ]);
        return organisation ? { organisation, role: row.role, report } : null;
      }),
  );
  const contributions = loaded.filter((c): c is DutyContribution => c !== null);
  const lead = contributions.find((c) => c.role === AssignmentRole.LEAD);
  return { duty, period, figure: lead?.report?.value ?? null, contributions };
}

/**
 * The review queue of the viewer's districts (admins, viewers; the city all): latest revisions,
 * by default those waiting for review, oldest submission first.
 */
export async function reviewQueue(
  ctx: RequestContext,
  filter: ReviewFilter | undefined,
): Promise<ProgressReport[]> {
  const access = readAccess(ctx);
  const qb = ctx.db.getRepository(ProgressReport).createQueryBuilder('r');
  // Reviewers read whole districts: an organisation grant does not make a review queue.
  if (!access.all) qb.where('r.districtId = ANY(CAST(:full AS uuid[]))', { full: access.fullDistrictIds });
  qb.andWhere(
    `r.revision = (SELECT max(r2.revision) FROM progress_report r2
                    WHERE r2.assignment_id = r.assignment_id AND r2.organisation_id = r.organisation_id AND r2.period_id = r.period_id)`,
  );
  const statuses = filter?.statuses?.length
    ? filter.statuses
    : [ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED];
  qb.andWhere('r.status IN (:...statuses)', { statuses });
  for (const [key, column] of [
    ['periodId', 'r.periodId'],
    ['dutyId', 'r.dutyId'],
    ['organisationId', 'r.organisationId'],
  ] as const) {
    const value = filter?.[key];
    if (value) {
      assertUuidArgument(value, key);
      qb.andWhere(`${column} = :${key}`, { [key]: value });
    }
  }
  if (filter?.planId) {
    assertUuidArgument(filter.planId, 'planId');
    qb.andWhere('r.periodId IN (SELECT id FROM reporting_period WHERE plan_id = :planId)', {
      planId: filter.planId,
    });
  }
  return qb.orderBy('r.submittedAt', 'ASC', 'NULLS LAST').addOrderBy('r.id').limit(LIST_LIMIT).getMany();
}

interface ChaseSqlRow {
  period_id: string;
  duty_id: string;
  organisation_id: string;
  role: AssignmentRole;
  due_on: string;
  status: ReportStatus | null;
  submitted_on: string | null;
  late: boolean | null;
  last_reminder_at: Date | null;
}

/**
 * 催办: for each opened, unlocked period of the viewer's districts whose due date has passed (or
 * falls within 14 days), the expected reporters that have not submitted (no report, or a draft
 * never submitted) and those that submitted late, with the days late. One statement.
 */
export async function chaseList(ctx: RequestContext, filter: ChaseFilter | undefined): Promise<ChaseRow[]> {
  const access = readAccess(ctx);
  const conditions = [
    'p.locked_at IS NULL',
    'p.opens_on <= CAST(:today AS date)',
    `p.due_on <= CAST(:today AS date) + 14`,
  ];
  const params: Record<string, unknown> = { today: today(ctx.clock), full: access.fullDistrictIds };
  if (!access.all) conditions.push('p.district_id = ANY(CAST(:full AS uuid[]))');
  for (const [key, column] of [
    ['planId', 'p.plan_id'],
    ['periodId', 'p.id'],
    ['dutyId', 'e.duty_id'],
    ['organisationId', 'e.organisation_id'],
  ] as const) {
    const value = filter?.[key];
    if (value) {
      assertUuidArgument(value, key);
      conditions.push(`${column} = :${key}`);
      params[key] = value;
    }
  }
  const rows = await rawQuery<ChaseSqlRow>(
    ctx.db,
    `WITH e AS (${expectedReporters(access.all ? 'TRUE' : 'a.district_id = ANY(CAST(:full AS uuid[]))')})
     SELECT p.id AS period_id, e.duty_id, e.organisation_id, e.role, to_char(p.due_on, 'YYYY-MM-DD') AS due_on,
            r.status, to_char(r.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS submitted_on, r.late,
            (SELECT max(m.sent_at) FROM reminder m WHERE m.organisation_id = e.organisation_id
                AND (m.period_id IS NULL OR m.period_id = p.id) AND (m.duty_id IS NULL OR m.duty_id = e.duty_id)) AS last_reminder_at
       FROM e
       JOIN duty d ON d.id = e.duty_id
       JOIN reporting_period p ON p.plan_id = d.plan_id
       LEFT JOIN LATERAL (
         SELECT r.status, r.submitted_at, r.late FROM progress_report r
          WHERE r.assignment_id = e.assignment_id AND r.organisation_id = e.organisation_id AND r.period_id = p.id
          ORDER BY r.revision ASC LIMIT 1) r ON TRUE
      WHERE ${conditions.join(' AND ')}
        AND ((r.submitted_at IS NULL AND p.due_on < CAST(:today AS date) + 15) OR r.late)
      ORDER BY p.due_on DESC, d.sort_order, (e.role = 'LEAD') DESC, e.organisation_id
      LIMIT ${LIST_LIMIT}`,
    params,
  );
  const day = today(ctx.clock);
  const out = await Promise.all(
    rows.map(async (row): Promise<ChaseRow | null> => {
      const [period, duty, organisation] = await Promise.all([
        ctx.loaders.periodById.load(row.period_id),
        ctx.loaders.dutyById.load(row.duty_id),
        ctx.loaders.organisationById.load(row.organisation_id),
      ]);
      if (!period || !duty || !organisation) return null;
      const submitted = row.submitted_on !== null;
      return {
        period: period as ReportingPeriod,
        duty: duty as Duty,
        organisation: organisation as Organisation,
        role: row.role,
        state: submitted ? ChaseState.LATE : ChaseState.NOT_SUBMITTED,
        daysLate: daysLate(row.due_on, submitted ? row.submitted_on! : day),
        reportStatus: row.status,
        lastReminderAt: row.last_reminder_at,
      };
    }),
  );
  return out.filter((r): r is ChaseRow => r !== null);
}
