import { expectedProgress, progressStatus, rankByScore } from '@skills/domain';
import type { RequestContext } from '../../context/context';
import { today as todayOf } from '../../clock';
import { NotFoundError } from '../../graphql/errors';
import { District } from '../district/district.entity';
import { Duty } from '../duty/duty.entity';
import { Organisation } from '../organisation/organisation.entity';
import type { Plan } from '../plan/plan.entity';
import { getPlan } from '../plan/plan.service';
import { districtInScope, monitoringMatrix, THRESHOLDS } from './monitoring.service';
import {
  ProgressStatus,
  type DistrictDashboard,
  type DutyProgress,
  type OrganisationScore,
} from './monitoring.types';
import {
  adjustmentsOf,
  dutyFigures,
  organisationFigures,
  scoreLines,
  type CriterionRow,
  type DutyFigureRow,
} from './scoring.service';

/**
 * The district dashboard: the district's indicators against the city's allocation (the given
 * city plan, or the city plan allocating to the district for the year), its duties with status
 * (a duty is 滞后 when its lead missed a due period), the units ranked by the district's criteria,
 * and the chase count (lead assignments with a due period unreported). The district comes from
 * the scope (a district user: theirs; the city: the `districtId` argument); another district
 * answers NOT_FOUND. A fixed number of statements whatever the number of duties and reports.
 */
export async function districtDashboard(
  ctx: RequestContext,
  args: { planId?: string | null; year: number; districtId?: string | null },
): Promise<DistrictDashboard> {
  const districtId = districtInScope(ctx, args.districtId);
  const today = todayOf(ctx.clock);
  const [district, plan] = await Promise.all([
    ctx.db.getRepository(District).findOneBy({ id: districtId }),
    args.planId ? getPlan(ctx, args.planId) : defaultCityPlan(ctx, districtId, args.year),
  ]);
  if (!district) throw new NotFoundError('区县不存在或不在可见范围内');
  const matrix = plan ? await monitoringMatrix(ctx, plan, args.year, districtId) : null;
  const row = matrix?.rows[0];

  const [figures, criteria, adjustmentRows] = await Promise.all([
    dutyFigures(ctx, [districtId], args.year, today),
    ctx.db.query(
      `SELECT c.id, c.name, c.weight::float8 AS weight, c.method, c.indicator_id
         FROM assessment_criterion c JOIN plan p ON p.id = c.plan_id
        WHERE c.district_id = $1 AND p.start_year <= $2 AND (p.end_year IS NULL OR p.end_year >= $2)
        ORDER BY c.name, c.id`,
      [districtId, args.year],
    ) as Promise<CriterionRow[]>,
    adjustmentsOf(ctx, [districtId], args.year, true),
  ]);
  const dutyIds = [...new Set(figures.map((f) => f.duty_id))];
  const orgIds = [...new Set(figures.map((f) => f.organisation_id).filter((o): o is string => o !== null))];
  const [duties, organisations] = await Promise.all([
    dutyIds.length
      ? ctx.db
          .getRepository(Duty)
          .createQueryBuilder('d')
          .where('d.id = ANY(:dutyIds)', { dutyIds })
          .getMany()
      : [],
    orgIds.length
      ? ctx.db
          .getRepository(Organisation)
          .createQueryBuilder('o')
          .where('o.id = ANY(:orgIds)', { orgIds })
          .getMany()
      : [],
  ]);
  const dutyById = new Map(duties.map((d) => [d.id, d]));
  const orgById = new Map(organisations.map((o) => [o.id, o]));

  const dutyRows: DutyProgress[] = figures
    .filter((f) => dutyById.has(f.duty_id))
    .map((f) => {
      const expected = expectedProgress({
        year: args.year,
        today,
        periods: f.period_ends.map((endsOn) => ({ endsOn })),
      });
      const actual = f.actual;
      return {
        duty: dutyById.get(f.duty_id)!,
        lead: f.organisation_id ? (orgById.get(f.organisation_id) ?? null) : null,
        leadText: f.assignee_text,
        target: f.target,
        actual,
        completion: f.target && f.target > 0 ? (actual ?? 0) / f.target : null,
        expectedProgress: expected,
        missedPeriods: f.missed,
        status: progressStatus({
          actual,
          target: f.target,
          expected,
          missedPeriods: f.missed,
          thresholds: THRESHOLDS,
        }) as ProgressStatus,
      };
    });
  const dutiesByStatus = Object.values(ProgressStatus).map((status) => ({
    status,
    count: dutyRows.filter((d) => d.status === status).length,
  }));

  const units = rankOrganisations(figures, criteria, orgById, (criterionId, orgId) =>
    adjustmentRows.find((a) => a.criterion_id === criterionId && a.organisation_id === orgId),
  );

  return {
    district,
    year: args.year,
    today,
    plan,
    indicators: matrix?.indicators ?? [],
    progress: row?.cells ?? [],
    warnings: matrix?.warnings ?? [],
    duties: dutyRows,
    dutiesByStatus,
    units,
    chaseCount: figures.filter((f) => f.missed > 0).length,
  };
}

/** Ranks the lead organisations of a district by the district's criteria (or 平均完成率). */
function rankOrganisations(
  figures: readonly DutyFigureRow[],
  criteria: readonly CriterionRow[],
  orgById: Map<string, Organisation>,
  adjustmentOf: (
    criterionId: string,
    organisationId: string,
  ) => { points: number; reason: string } | undefined,
): OrganisationScore[] {
  const byOrg = new Map<string, DutyFigureRow[]>();
  for (const f of figures) {
    if (!f.organisation_id || !orgById.has(f.organisation_id)) continue;
    byOrg.set(f.organisation_id, [...(byOrg.get(f.organisation_id) ?? []), f]);
  }
  const scored = [...byOrg].map(([orgId, rows]) => {
    const organisation = orgById.get(orgId)!;
    const { score, breakdown } = scoreLines(
      criteria,
      (c) =>
        c.id
          ? organisationFigures(c, rows)
          : organisationFigures(
              { ...c, indicator_id: null },
              rows.filter((r) => r.target !== null),
            ),
      (criterionId) => {
        const a = adjustmentOf(criterionId, orgId);
        return a
          ? {
              criterion_id: criterionId,
              district_id: organisation.districtId ?? '',
              organisation_id: orgId,
              ...a,
            }
          : undefined;
      },
    );
    return { organisation, name: organisation.name, score, breakdown };
  });
  return rankByScore(scored).map(({ organisation, score, rank, breakdown }) => ({
    organisation,
    score,
    rank,
    breakdown,
  }));
}

/** The city plan allocating to the district for the year (first by code), or null. */
async function defaultCityPlan(ctx: RequestContext, districtId: string, year: number): Promise<Plan | null> {
  const rows: { plan_id: string }[] = await ctx.db.query(
    `SELECT t.plan_id FROM target t JOIN plan p ON p.id = t.plan_id
      WHERE t.district_id = $1 AND t.year = $2 AND p.level = 'CITY'
      ORDER BY p.code LIMIT 1`,
    [districtId, year],
  );
  return rows[0] ? getPlan(ctx, rows[0].plan_id) : null;
}
