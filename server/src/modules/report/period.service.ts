import { periodState, reportingPeriods, type ReportingCadence } from '@skills/domain';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../context/context';
import { findOneInScope } from '../../db/scoped';
import { BadInputError, ForbiddenError, NotFoundError } from '../../graphql/errors';
import { today } from '../../clock';
import { recordAudit } from '../audit/audit.service';
import { Plan } from '../plan/plan.entity';
import { PeriodState, ReportingPeriod } from './period.entity';

/**
 * The reporting calendar (docs/reporting.md): a district plan's periods by its cadence, each due
 * `plan.reportDueDays` (default 10) days after it ends; the state of a period on the clock's today.
 */

interface PlanCalendar {
  id: string;
  districtId: string | null;
  cadence: string;
  startYear: number;
  endYear: number | null;
  reportDueDays: number;
}

/**
 * Creates the missing periods of a district plan and moves the due date of the unlocked ones to the
 * plan's current `reportDueDays`, in ONE statement (idempotent: run it as often as you like).
 * Used by `ensureReportingPeriods`, by `setPlanReportDueDays` and by the first-start seed.
 * Returns how many periods were created.
 */
export async function ensurePlanPeriods(db: EntityManager, plan: PlanCalendar): Promise<number> {
  if (!plan.districtId) return 0; // city plans have no duties and so no reports
  const periods = reportingPeriods(
    plan.cadence as ReportingCadence,
    plan.startYear,
    plan.endYear ?? plan.startYear,
    plan.reportDueDays,
  );
  const rows = (await db.query(
    `INSERT INTO reporting_period (plan_id, district_id, year, kind, number, starts_on, ends_on, opens_on, due_on)
     SELECT $1, $2, p.year, p.kind, p.number, p.starts_on, p.ends_on, p.opens_on, p.due_on
       FROM unnest($3::int[], $4::text[], $5::int[], $6::date[], $7::date[], $8::date[], $9::date[])
            AS p(year, kind, number, starts_on, ends_on, opens_on, due_on)
     ON CONFLICT (plan_id, year, kind, number) DO UPDATE SET due_on = EXCLUDED.due_on
       WHERE reporting_period.locked_at IS NULL AND reporting_period.due_on <> EXCLUDED.due_on
     RETURNING (xmax = 0) AS created`,
    [
      plan.id,
      plan.districtId,
      periods.map((p) => p.year),
      periods.map((p) => p.kind),
      periods.map((p) => p.number),
      periods.map((p) => p.startsOn),
      periods.map((p) => p.endsOn),
      periods.map((p) => p.opensOn),
      periods.map((p) => p.dueOn),
    ],
  )) as { created: boolean }[];
  return rows.filter((r) => r.created).length;
}

/** Periods for every district plan (first start; owner connection). */
export async function ensureAllPlanPeriods(db: EntityManager): Promise<number> {
  const plans = (await db.query(
    `SELECT id, district_id AS "districtId", cadence, start_year AS "startYear", end_year AS "endYear",
            report_due_days AS "reportDueDays" FROM plan WHERE district_id IS NOT NULL`,
  )) as PlanCalendar[];
  let created = 0;
  for (const plan of plans) created += await ensurePlanPeriods(db, plan);
  return created;
}

/** The state of a period by the request's clock. */
export function stateOf(ctx: Pick<RequestContext, 'clock'>, period: ReportingPeriod): PeriodState {
  return periodState(
    { opensOn: period.opensOn, dueOn: period.dueOn, locked: period.lockedAt !== null },
    today(ctx.clock),
  ) as PeriodState;
}

/**
 * Guards a change to a report in `period`: a locked period takes no change until the district admin
 * unlocks it; a period that has not opened takes no report yet. A CLOSED period still does (late).
 */
export function assertPeriodAcceptsChanges(
  ctx: Pick<RequestContext, 'clock'>,
  period: ReportingPeriod,
): void {
  const state = stateOf(ctx, period);
  if (state === PeriodState.LOCKED) {
    throw new BadInputError('该报送期已被区县管理员锁定，不能再修改；如需更正请联系区县管理员解锁', {
      field: 'periodId',
      periodState: state,
    });
  }
  if (state === PeriodState.UPCOMING) {
    throw new BadInputError(`该报送期 ${period.opensOn} 才开始，暂不能填报`, {
      field: 'periodId',
      periodState: state,
    });
  }
}

/** Whether the viewer administers `districtId` (district admin): reviews, locks, chases. */
export function administers(ctx: RequestContext, districtId: string): boolean {
  return ctx.scope.adminDistrictIds.includes(districtId);
}

/** A district plan the viewer administers: NOT_FOUND out of scope, FORBIDDEN for non-admins. */
async function administeredPlan(ctx: RequestContext, planId: string): Promise<Plan> {
  const plan = await findOneInScope(ctx, Plan, planId);
  if (!plan.districtId) throw new NotFoundError();
  if (!administers(ctx, plan.districtId)) throw new ForbiddenError('只有本区县管理员可以管理报送期');
  return plan;
}

/** The periods of a plan the viewer may read, in date order (empty for a city plan). */
export async function listPeriods(ctx: RequestContext, planId: string): Promise<ReportingPeriod[]> {
  const plan = await findOneInScope(ctx, Plan, planId, { cityLevel: true });
  return ctx.db
    .getRepository(ReportingPeriod)
    .createQueryBuilder('p')
    .where('p.planId = :planId', { planId: plan.id })
    .orderBy('p.startsOn')
    .addOrderBy('p.kind')
    .getMany();
}

/** `ensureReportingPeriods`: creates the plan's missing periods (district admin). */
export async function ensureReportingPeriods(
  ctx: RequestContext,
  planId: string,
): Promise<ReportingPeriod[]> {
  const plan = await administeredPlan(ctx, planId);
  const created = await ensurePlanPeriods(ctx.db, plan);
  await recordAudit(ctx, {
    entityType: 'PLAN',
    entityId: plan.id,
    action: 'ENSURE_PERIODS',
    districtId: plan.districtId,
    after: { created, cadence: plan.cadence, reportDueDays: plan.reportDueDays },
  });
  return listPeriods(ctx, plan.id);
}

/** `setPlanReportDueDays`: days after a period's end its report is due (0–90); moves unlocked periods. */
export async function setPlanReportDueDays(ctx: RequestContext, planId: string, days: number): Promise<Plan> {
  const plan = await administeredPlan(ctx, planId);
  if (!Number.isInteger(days) || days < 0 || days > 90) {
    throw new BadInputError('报送期限须为 0 到 90 之间的整数天', { field: 'days' });
  }
  const before = plan.reportDueDays;
  await ctx.db.query(`UPDATE plan SET report_due_days = $2 WHERE id = $1`, [plan.id, days]);
  plan.reportDueDays = days;
  await ensurePlanPeriods(ctx.db, plan);
  await recordAudit(ctx, {
    entityType: 'PLAN',
    entityId: plan.id,
    action: 'UPDATE',
    districtId: plan.districtId,
    before: { reportDueDays: before },
    after: { reportDueDays: days },
  });
  return plan;
}

/** Locks (or unlocks) a period of the viewer's district: a locked period takes no change at all. */
export async function setPeriodLocked(
  ctx: RequestContext,
  periodId: string,
  locked: boolean,
): Promise<ReportingPeriod> {
  const period = await findOneInScope(ctx, ReportingPeriod, periodId);
  if (!administers(ctx, period.districtId)) throw new ForbiddenError('只有本区县管理员可以锁定或解锁报送期');
  const before = { lockedAt: period.lockedAt };
  await ctx.db.query(`UPDATE reporting_period SET locked_at = $2, locked_by = $3 WHERE id = $1`, [
    period.id,
    locked ? ctx.clock.now() : null,
    locked ? (ctx.viewer?.userId ?? null) : null,
  ]);
  period.lockedAt = locked ? ctx.clock.now() : null;
  period.lockedBy = locked ? (ctx.viewer?.userId ?? null) : null;
  await recordAudit(ctx, {
    entityType: 'REPORTING_PERIOD',
    entityId: period.id,
    action: locked ? 'LOCK' : 'UNLOCK',
    districtId: period.districtId,
    before,
    after: { lockedAt: period.lockedAt },
  });
  return period;
}
