import {
  completionRatio,
  criterionPoints,
  rankByScore,
  type AssessmentMethodCode,
  type CriterionFigures,
} from '@skills/domain';
import type { RequestContext } from '../../context/context';
import { IndicatorNature } from '../plan/plan.entity';
import type { MonitoringMatrix } from './monitoring.service';
import type { DistrictScore, ScoreLine } from './monitoring.types';

/**
 * Scores and rankings (考核): per district within the city (the city plan's criteria, those with
 * no district) and per organisation within a district (the district plans' criteria). Each
 * criterion gives points by its method (@skills/domain criterionPoints) plus a manual adjustment
 * with its reason (assessment_adjustment); a score is the sum, shown line by line. A plan without
 * criteria ranks by one implicit line, 平均完成率 (average completion capped at 100%, weight 100).
 */

export interface CriterionRow {
  id: string;
  name: string;
  weight: number;
  method: AssessmentMethodCode;
  indicator_id: string | null;
}

export interface AdjustmentRow {
  criterion_id: string;
  district_id: string;
  organisation_id: string | null;
  points: number;
  reason: string;
}

/**
 * One lead assignment of a duty for a year (dutyFigures): its target and approved actual, the
 * periods due so far, reported on time and missed, and its checklist items done.
 */
export interface DutyFigureRow {
  assignment_id: string;
  duty_id: string;
  district_id: string;
  organisation_id: string | null;
  assignee_text: string;
  plan_id: string;
  indicator_id: string | null;
  target: number | null;
  actual: number | null;
  due: number;
  on_time: number;
  missed: number;
  items: number;
  items_done: number;
  period_ends: string[];
}

/**
 * Lead assignments of the duties of district plans covering `year`, with their figures, in ONE
 * statement whatever the number of duties, periods and reports. `districtIds` null: every district.
 * The reports' part (actual, periods reported, items done) comes from `report_figure`, kept by
 * triggers (migration ReportFigures): one row per assignment, not every report of the year.
 */
export function dutyFigures(
  ctx: RequestContext,
  districtIds: string[] | null,
  year: number,
  today: string,
): Promise<DutyFigureRow[]> {
  return ctx.db.query(dutyFiguresSql, [districtIds, year, today]);
}

/**
 * How many of an assignment's reported periods (a `report_figure` array of their due dates,
 * ascending) were due before today ($3): due_on < $3 is due_on <= $3 - 1, and `width_bucket` counts
 * the dates at or below a value by binary search in the row (migration ReportFigureDueDates).
 */
const DUE_BY_TODAY = (dates: string) => `coalesce(width_bucket($3::date - 1, ${dates}), 0)`;

/**
 * The lead assignments of the duties of district plans covering year $2, in the districts $1
 * (NULL: all): the first common table expression of {@link dutyFiguresSql} and of
 * {@link districtDutySums}.
 */
const LEAD_ASSIGNMENTS = `lead AS (
       SELECT a.id AS assignment_id, a.duty_id, a.district_id, a.organisation_id, a.assignee_text,
              d.plan_id, d.sort_order, d.list_kind
         FROM duty_assignment a
         JOIN duty d ON d.id = a.duty_id
         JOIN plan pl ON pl.id = d.plan_id AND pl.start_year <= $2 AND (pl.end_year IS NULL OR pl.end_year >= $2)
        WHERE a.role = 'LEAD' AND ($1::uuid[] IS NULL OR a.district_id = ANY ($1::uuid[]))
     )`;

/** The statement of {@link dutyFigures}: $1 district ids (NULL: all), $2 year, $3 today. */
export const dutyFiguresSql = `WITH ${LEAD_ASSIGNMENTS},
     periods AS (
       SELECT rp.id, rp.plan_id, rp.ends_on, rp.due_on FROM reporting_period rp
        WHERE rp.year = $2 AND rp.plan_id IN (SELECT plan_id FROM lead)
     ),
     plan_periods AS (
       SELECT plan_id, count(*) FILTER (WHERE due_on < $3::date)::int AS due,
              json_agg(ends_on::text ORDER BY ends_on) AS period_ends
         FROM periods GROUP BY plan_id
     ),
     items AS (
       SELECT duty_id, count(*)::int AS items FROM responsibility_item
        WHERE duty_id IN (SELECT duty_id FROM lead) GROUP BY duty_id
     )
     SELECT l.assignment_id, l.duty_id, l.district_id, l.organisation_id, l.assignee_text, l.plan_id,
            dt.indicator_id, dt.value::float8 AS target, f.actual,
            coalesce(pp.due, 0) AS due,
            ${DUE_BY_TODAY('f.on_time_due_on')} AS on_time,
            coalesce(pp.due, 0) - ${DUE_BY_TODAY('f.submitted_due_on')} AS missed,
            coalesce(it.items, 0) AS items, coalesce(f.items_done, 0) AS items_done,
            coalesce(pp.period_ends, '[]'::json) AS period_ends
       FROM lead l
       LEFT JOIN duty_target dt ON dt.duty_id = l.duty_id AND dt.year = $2
       LEFT JOIN report_figure f ON f.assignment_id = l.assignment_id AND f.year = $2
       LEFT JOIN plan_periods pp ON pp.plan_id = l.plan_id
       LEFT JOIN items it ON it.duty_id = l.duty_id
      ORDER BY l.district_id, l.list_kind, l.sort_order, l.assignment_id`;

/** The duty sums of one district that the city's criteria need (see {@link districtDutySums}). */
export interface DistrictDutySums {
  district_id: string;
  due: number;
  on_time: number;
  items: number;
  items_done: number;
}

/**
 * Per district, the sums of {@link dutyFigures} that the city's criteria use (periods due and
 * reported on time, checklist items and items done over the lead assignments), added up in SQL:
 * the city ranking needs 41 rows, not one per lead assignment of the city (2,900 at 100× the
 * benchmark's data, with their period lists). The periods reported on time are counted from each
 * row's due dates (`width_bucket`), not matched against the due periods' ids. Equal to
 * `sumDuties` over each district's `dutyFigures` (tested).
 */
export function districtDutySums(
  ctx: RequestContext,
  districtIds: string[] | null,
  year: number,
  today: string,
): Promise<DistrictDutySums[]> {
  return ctx.db.query(districtDutySumsSql, [districtIds, year, today]);
}

const districtDutySumsSql = `WITH ${LEAD_ASSIGNMENTS},
     due AS (
       SELECT rp.plan_id, count(*)::int AS n FROM reporting_period rp
        WHERE rp.year = $2 AND rp.due_on < $3::date AND rp.plan_id IN (SELECT plan_id FROM lead)
        GROUP BY rp.plan_id
     ),
     items AS (
       SELECT duty_id, count(*)::int AS n FROM responsibility_item
        WHERE duty_id IN (SELECT duty_id FROM lead) GROUP BY duty_id
     )
     SELECT l.district_id, sum(coalesce(du.n, 0))::int AS due,
            sum(${DUE_BY_TODAY('f.on_time_due_on')})::int AS on_time,
            sum(coalesce(it.n, 0))::int AS items, sum(coalesce(f.items_done, 0))::int AS items_done
       FROM lead l
       LEFT JOIN due du ON du.plan_id = l.plan_id
       LEFT JOIN items it ON it.duty_id = l.duty_id
       LEFT JOIN report_figure f ON f.assignment_id = l.assignment_id AND f.year = $2
      GROUP BY l.district_id`;

/** The adjustments of a year (organisations: true → those of organisations, else of districts). */
function adjustments(
  ctx: RequestContext,
  districtIds: string[] | null,
  year: number,
  organisations: boolean,
): Promise<AdjustmentRow[]> {
  return ctx.db.query(
    `SELECT criterion_id, district_id, organisation_id, points::float8 AS points, reason
       FROM assessment_adjustment
      WHERE year = $1 AND ($2::uuid[] IS NULL OR district_id = ANY ($2::uuid[]))
        AND (organisation_id IS NOT NULL) = $3`,
    [year, districtIds, organisations],
  );
}

const IMPLICIT: CriterionRow = {
  id: '',
  name: '平均完成率',
  weight: 100,
  method: 'COMPLETION_RATIO',
  indicator_id: null,
};

/** Score lines of one scored item from its figures per criterion, with its adjustments. */
export function scoreLines(
  criteria: readonly CriterionRow[],
  figuresOf: (c: CriterionRow) => CriterionFigures,
  adjustmentOf: (criterionId: string) => AdjustmentRow | undefined,
): { score: number; breakdown: ScoreLine[] } {
  const list = criteria.length ? criteria : [IMPLICIT];
  const breakdown = list.map((c) => {
    const adj = c.id ? adjustmentOf(c.id) : undefined;
    return {
      criterionId: c.id || null,
      name: c.name,
      method: c.method,
      weight: c.weight,
      points: criterionPoints(c.method, c.weight, figuresOf(c)),
      adjustment: adj?.points ?? 0,
      adjustmentReason: adj?.reason ?? null,
    };
  });
  const score = Math.round(breakdown.reduce((acc, l) => acc + l.points + l.adjustment, 0) * 100) / 100;
  return { score, breakdown };
}

/** Sums the duty figures of a set of lead assignments. */
export function sumDuties(rows: readonly DutyFigureRow[]) {
  const withTarget = rows.filter((r) => r.target !== null && r.target > 0);
  return {
    target: withTarget.length ? withTarget.reduce((a, r) => a + (r.target ?? 0), 0) : null,
    actual: withTarget.reduce((a, r) => a + (r.actual ?? 0), 0),
    due: rows.reduce((a, r) => a + r.due, 0),
    onTime: rows.reduce((a, r) => a + r.on_time, 0),
    items: rows.reduce((a, r) => a + r.items, 0),
    itemsDone: rows.reduce((a, r) => a + r.items_done, 0),
  };
}

/** The city criteria of a plan and the adjustments of a year: what {@link rankDistricts} scores with. */
export interface RankingReads {
  criteria: CriterionRow[];
  adjustments: AdjustmentRow[];
  /** Whether a criterion counts reports or checklist items ({@link districtDutySums} is needed). */
  needsDuties: boolean;
}

/** Reads the plan's city criteria (district_id NULL) and the districts' adjustments of a year. */
export async function readRanking(
  ctx: RequestContext,
  planId: string,
  districtIds: string[] | null,
  year: number,
): Promise<RankingReads> {
  const [criteria, adjustmentRows] = await Promise.all([
    ctx.db.query(
      `SELECT id, name, weight::float8 AS weight, method, indicator_id FROM assessment_criterion
        WHERE plan_id = $1 AND district_id IS NULL ORDER BY name, id`,
      [planId],
    ) as Promise<CriterionRow[]>,
    adjustments(ctx, districtIds, year, false),
  ]);
  const needsDuties = criteria.some((c) => c.method === 'REPORTED_ON_TIME' || c.method === 'CHECKLIST_DONE');
  return { criteria, adjustments: adjustmentRows, needsDuties };
}

/**
 * Ranks the districts of a monitoring matrix by the plan's city criteria. Statements: the criteria,
 * the adjustments ({@link readRanking}) and, only when a criterion needs them, the duty sums per
 * district ({@link districtDutySums}): a fixed number whatever the number of districts.
 */
export function rankDistricts(
  m: MonitoringMatrix,
  { criteria, adjustments: adjustmentRows }: RankingReads,
  districtSums: readonly DistrictDutySums[],
): DistrictScore[] {
  const dutySums = new Map(districtSums.map((s) => [s.district_id, s]));
  const byId = new Map(m.indicators.map((i) => [i.id, i]));

  const scored = m.rows.map((row) => {
    const cell = (indicatorId: string) => row.cells.find((c) => c.indicatorId === indicatorId);
    const sums = dutySums.get(row.district.id) ?? { due: 0, on_time: 0, items: 0, items_done: 0 };
    const figuresOf = (c: CriterionRow): CriterionFigures => {
      switch (c.method) {
        case 'COMPLETION_RATIO':
          if (!c.indicator_id)
            return { actual: row.completion ?? 0, target: row.completion === null ? null : 1 };
          return { actual: cell(c.indicator_id)?.actual ?? 0, target: cell(c.indicator_id)?.target ?? null };
        case 'MINIMUM_MET':
          return {
            actual: cell(c.indicator_id ?? '')?.actual ?? 0,
            target: cell(c.indicator_id ?? '')?.target ?? null,
          };
        case 'CEILING_RESPECTED': {
          const indicator = c.indicator_id ? byId.get(c.indicator_id) : undefined;
          const own = c.indicator_id ? cell(c.indicator_id) : undefined;
          if (
            indicator?.nature === IndicatorNature.CEILING &&
            indicator.ceilingOfId &&
            indicator.ceilingRatio !== null
          ) {
            const base = cell(indicator.ceilingOfId);
            const baseValue = base?.actual ?? base?.target ?? null;
            return {
              actual: own?.actual ?? 0,
              target: baseValue === null ? null : baseValue * indicator.ceilingRatio,
            };
          }
          return { actual: own?.actual ?? 0, target: own?.target ?? null };
        }
        case 'REPORTED_ON_TIME':
          return { done: sums.on_time, of: sums.due };
        case 'CHECKLIST_DONE':
          return { done: sums.items_done, of: sums.items };
      }
    };
    const { score, breakdown } = scoreLines(criteria, figuresOf, (id) =>
      adjustmentRows.find((a) => a.criterion_id === id && a.district_id === row.district.id),
    );
    return { district: row.district, name: row.district.name, score, breakdown };
  });
  return rankByScore(scored).map(({ district, score, rank, breakdown }) => ({
    district,
    score,
    rank,
    breakdown,
  }));
}

/** Figures of one organisation's lead duties for a criterion (restricted to its indicator if any). */
export function organisationFigures(c: CriterionRow, rows: readonly DutyFigureRow[]): CriterionFigures {
  const relevant = c.indicator_id ? rows.filter((r) => r.indicator_id === c.indicator_id) : rows;
  const sums = sumDuties(relevant);
  switch (c.method) {
    case 'COMPLETION_RATIO':
    case 'MINIMUM_MET':
    case 'CEILING_RESPECTED':
      return { actual: sums.actual, target: sums.target };
    case 'REPORTED_ON_TIME':
      return { done: sums.onTime, of: sums.due };
    case 'CHECKLIST_DONE':
      return { done: sums.itemsDone, of: sums.items };
  }
}

/** Completion of a set of duty figures (sum of actuals over sum of targets). */
export function dutiesCompletion(rows: readonly DutyFigureRow[]): number | null {
  const s = sumDuties(rows);
  return completionRatio(s.actual, s.target);
}

export { adjustments as adjustmentsOf };
