import type { RequestContext } from '../../context/context';
import { isUuid } from '../../db/scoped';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../graphql/errors';
import { recordAudit } from '../audit/audit.service';
import { DutyTarget } from '../duty/duty.entity';
import { getPlan } from '../plan/plan.service';
import { assertYearOfPlan } from './monitoring.service';
import type { OfficialStatistic, OfficialStatisticInput } from './monitoring.types';

/**
 * Writes of the monitoring side: the official statistics a district HR bureau enters, and the
 * link of a duty target to the indicator it counts toward. Each runs in the mutation's
 * transaction (ctx.db) and records an audit event in it.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The district admin of `districtId`; anybody else is refused (the district is the tenant). */
function assertDistrictAdmin(ctx: RequestContext, districtId: string): void {
  // The city reads every district but enters no district's statistics: the figure is the district HR bureau's.
  if (!ctx.scope.adminDistrictIds.includes(districtId)) {
    if (ctx.scope.readsAllDistricts || ctx.scope.readableDistrictIds.includes(districtId))
      throw new ForbiddenError('只有本区县的区县管理员可以修改');
    throw new NotFoundError('区县不存在或不在可见范围内');
  }
}

interface StatisticRow {
  id: string;
  district_id: string;
  indicator_id: string;
  year: number;
  value: number;
  note: string;
  as_of: string;
  version: number;
}

const toStatistic = (r: StatisticRow): OfficialStatistic => ({
  id: r.id,
  districtId: r.district_id,
  indicatorId: r.indicator_id,
  year: r.year,
  value: r.value,
  note: r.note,
  asOf: r.as_of,
  version: r.version,
});

const RETURNING = `RETURNING id, district_id, indicator_id, year, value::float8 AS value, note, as_of::text AS as_of, version`;

/**
 * Enters or corrects the official statistic (统计数) of a district, indicator and year. Only the
 * DISTRICT_ADMIN of that district. A new figure needs no version; changing an existing one needs
 * the version read (else CONFLICT, nothing written). Audited (OFFICIAL_STATISTIC CREATE/UPDATE).
 */
export async function setOfficialStatistic(
  ctx: RequestContext,
  input: OfficialStatisticInput,
): Promise<OfficialStatistic> {
  if (!isUuid(input.districtId) || !isUuid(input.indicatorId)) throw new BadInputError('编号格式不正确');
  assertDistrictAdmin(ctx, input.districtId);
  if (!Number.isFinite(input.value) || input.value < 0)
    throw new BadInputError('统计数应为不小于 0 的数字', { argument: 'value' });
  if (!DATE.test(input.asOf) || Number.isNaN(Date.parse(input.asOf)))
    throw new BadInputError('统计日期应为 YYYY-MM-DD', { argument: 'asOf' });
  const note = input.note.trim();
  if (note.length > 500) throw new BadInputError('说明不能超过 500 字', { argument: 'note' });
  const indicator = await ctx.loaders.indicatorById.load(input.indicatorId);
  if (!indicator) throw new NotFoundError('指标不存在或不在可见范围内');
  const plan = await getPlan(ctx, indicator.planId);
  assertYearOfPlan(plan, input.year);
  if (plan.districtId !== null && plan.districtId !== input.districtId)
    throw new BadInputError('该指标属于其他区县的计划', { argument: 'indicatorId' });

  const existing: StatisticRow[] = await ctx.db.query(
    `SELECT id, district_id, indicator_id, year, value::float8 AS value, note, as_of::text AS as_of, version
       FROM official_statistic WHERE district_id = $1 AND indicator_id = $2 AND year = $3`,
    [input.districtId, input.indicatorId, input.year],
  );
  const before = existing[0];
  let after: StatisticRow;
  if (!before) {
    const rows: StatisticRow[] = await ctx.db.query(
      `INSERT INTO official_statistic (district_id, plan_id, indicator_id, year, value, note, as_of, entered_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ${RETURNING}`,
      [
        input.districtId,
        plan.id,
        input.indicatorId,
        input.year,
        input.value,
        note,
        input.asOf,
        ctx.viewer!.userId,
      ],
    );
    after = rows[0]!;
  } else {
    if (input.version === null || input.version === undefined || input.version !== before.version)
      throw new ConflictError('统计数已被他人修改，请刷新后再改', { currentVersion: before.version });
    // Explicit optimistic concurrency: the version read must still be the current one.
    const result = (await ctx.db.query(
      `UPDATE official_statistic SET value = $3, note = $4, as_of = $5, entered_by = $6, entered_at = now(),
              version = version + 1
        WHERE id = $1 AND version = $2 ${RETURNING}`,
      [before.id, input.version, input.value, note, input.asOf, ctx.viewer!.userId],
    )) as [StatisticRow[], number] | StatisticRow[];
    const rows = (Array.isArray(result[0]) ? result[0] : result) as StatisticRow[];
    if (rows.length !== 1) throw new ConflictError('统计数已被他人修改，请刷新后再改');
    after = rows[0]!;
  }
  await recordAudit(ctx, {
    entityType: 'OFFICIAL_STATISTIC',
    entityId: after.id,
    action: before ? 'UPDATE' : 'CREATE',
    districtId: input.districtId,
    before: before ?? null,
    after,
  });
  return toStatistic(after);
}

/**
 * Links a duty target to the indicator it counts toward, or clears the link (indicatorId null).
 * Only the DISTRICT_ADMIN of the duty's district; the indicator must belong to a city plan or to
 * the district's own plan, readable, covering the target's year. Audited (DUTY_TARGET LINK_INDICATOR).
 */
export async function setDutyTargetIndicator(
  ctx: RequestContext,
  dutyTargetId: string,
  indicatorId: string | null,
): Promise<DutyTarget> {
  if (!isUuid(dutyTargetId) || (indicatorId !== null && !isUuid(indicatorId)))
    throw new BadInputError('编号格式不正确');
  const target = await ctx.db.getRepository(DutyTarget).findOneBy({ id: dutyTargetId });
  // A target of a district outside the scope answers as if it did not exist.
  if (!target || !(ctx.scope.readsAllDistricts || ctx.scope.readableDistrictIds.includes(target.districtId)))
    throw new NotFoundError('重点工作目标不存在或不在可见范围内');
  assertDistrictAdmin(ctx, target.districtId);
  if (indicatorId !== null) {
    const indicator = await ctx.loaders.indicatorById.load(indicatorId);
    if (!indicator) throw new NotFoundError('指标不存在或不在可见范围内');
    const plan = await getPlan(ctx, indicator.planId);
    if (plan.districtId !== null && plan.districtId !== target.districtId)
      throw new BadInputError('只能计入市级计划或本区县计划的指标', { argument: 'indicatorId' });
    if (target.year < plan.startYear || (plan.endYear !== null && target.year > plan.endYear))
      throw new BadInputError(`计划“${plan.title}”不含 ${target.year} 年`, { argument: 'indicatorId' });
  }
  const before = { ...target };
  if (target.indicatorId !== indicatorId) {
    await ctx.db.update(DutyTarget, { id: target.id }, { indicatorId });
    target.indicatorId = indicatorId;
    await recordAudit(ctx, {
      entityType: 'DUTY_TARGET',
      entityId: target.id,
      action: 'LINK_INDICATOR',
      districtId: target.districtId,
      before,
      after: target,
    });
  }
  return target;
}
