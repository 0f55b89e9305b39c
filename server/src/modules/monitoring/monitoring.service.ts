import {
  cadencePeriods,
  checkCeilingRule,
  checkMinimum,
  checkOfWhich,
  checkTargetCoverage,
  completionRatio,
  expectedProgress,
  monitoringThresholds,
  progressStatus,
  type CeilingReading,
  type MonitoringThresholds,
  type Warning,
} from '@skills/domain';
import type { RequestContext } from '../../context/context';
import { today as todayOf } from '../../clock';
import { readAccess } from '../../db/scoped';
import { BadInputError, NotFoundError } from '../../graphql/errors';
import { District } from '../district/district.entity';
import { IndicatorNature, Target, type Indicator, type Plan } from '../plan/plan.entity';
import { getPlan } from '../plan/plan.service';
import { toRuleWarning, type RuleWarning } from '../plan/warning.types';
import { certificationBodyActuals, classLedgerActuals } from '../institution/actuals.service';
import { actualsStatement, type ActualRow } from './monitoring.sources';
import {
  ActualSource,
  ProgressStatus,
  type CityDashboard,
  type DistrictProgressRow,
  type IndicatorProgress,
  type SourcedActual,
} from './monitoring.types';
import { districtDutySums, rankDistricts, readRanking } from './scoring.service';

/**
 * Thresholds of the status (configuration): MONITORING_WATCH_BELOW and MONITORING_LAG_BELOW in
 * completion points below the expected progress; defaults 0.10 and 0.25 (docs/monitoring.md).
 * Read once; a nonsensical setting stops the server at start-up (monitoringThresholds throws).
 */
export const THRESHOLDS: MonitoringThresholds = monitoringThresholds({
  ...(process.env.MONITORING_WATCH_BELOW ? { watchBelow: Number(process.env.MONITORING_WATCH_BELOW) } : {}),
  ...(process.env.MONITORING_LAG_BELOW ? { lagBelow: Number(process.env.MONITORING_LAG_BELOW) } : {}),
});

/** Which source counts where several have a figure: the official statistic, then the ledger, then reports. */
const PREFERENCE: readonly ActualSource[] = [
  ActualSource.OFFICIAL,
  ActualSource.CLASS_LEDGER,
  ActualSource.REPORTS,
];

const STATUS_SEVERITY: Record<ProgressStatus, number> = {
  NO_TARGET: 0,
  DONE: 1,
  NORMAL: 2,
  WATCH: 3,
  LAGGING: 4,
};

/** Districts whose monitoring figures the viewer reads in full (null = every district). */
export function monitoredDistricts(ctx: RequestContext): string[] | null {
  const access = readAccess(ctx);
  return access.all ? null : access.fullDistrictIds;
}

/** Checks a year against a plan's years (a plan without an end year runs on). */
export function assertYearOfPlan(plan: Plan, year: number): void {
  if (year < plan.startYear || (plan.endYear !== null && year > plan.endYear))
    throw new BadInputError(
      `年份 ${year} 不在计划“${plan.title}”的年度范围（${plan.startYear}—${plan.endYear ?? ''}）内`,
      { argument: 'year' },
    );
}

/** Everything the monitoring matrix of a plan needs, read in a fixed number of statements. */
export interface MonitoringMatrix {
  plan: Plan;
  year: number;
  today: string;
  expected: number;
  ceilingReading: CeilingReading;
  indicators: Indicator[];
  districts: District[];
  rows: DistrictProgressRow[];
  totals: IndicatorProgress[];
  warnings: RuleWarning[];
}

/** A district's target for an indicator and year, as the matrix reads it. */
interface TargetRow {
  districtId: string;
  indicatorId: string;
  year: number;
  value: number;
}

/** What the monitoring matrix of a plan and year is computed from ({@link readMatrix}). */
export interface MatrixReads {
  plan: Plan;
  year: number;
  today: string;
  indicators: Indicator[];
  districts: District[];
  targets: TargetRow[];
  actualRows: ActualRow[];
  ceilingReading: CeilingReading;
}

/**
 * The monitoring matrix of a plan and year over the districts the viewer reads in full (the city:
 * all; a district user: their own; `onlyDistrictId` narrows further). Statements: the plan, its
 * indicators, the districts, the targets, the ceiling reading, and ONE statement for every actual
 * source and the linked duty targets (monitoring.sources.ts), whatever the number of rows.
 */
export async function monitoringMatrix(
  ctx: RequestContext,
  plan: Plan,
  year: number,
  onlyDistrictId?: string,
): Promise<MonitoringMatrix> {
  return computeMatrix(await readMatrix(ctx, plan, year, onlyDistrictId));
}

/** The statements of {@link monitoringMatrix}; {@link computeMatrix} is the rest (no I/O). */
export async function readMatrix(
  ctx: RequestContext,
  plan: Plan,
  year: number,
  onlyDistrictId?: string,
): Promise<MatrixReads> {
  assertYearOfPlan(plan, year);
  const districtIds = matrixDistricts(ctx, plan, onlyDistrictId);
  const today = todayOf(ctx.clock);
  const firstYear = plan.startYear;

  const districtQuery = ctx.db.getRepository(District).createQueryBuilder('d');
  if (districtIds) districtQuery.where('d.id = ANY(:districtIds)', { districtIds });
  districtQuery.orderBy('d.sortOrder').addOrderBy('d.code');
  const targetYears = [year, ...(plan.endYear !== null ? [plan.endYear] : [])];
  // The targets as raw rows of the four columns used (no entity hydration: 1,000 rows for the city
  // at 100× the data, each with timestamps to parse).
  const targetQuery = ctx.db
    .getRepository(Target)
    .createQueryBuilder('t')
    .select('t.districtId', 'districtId')
    .addSelect('t.indicatorId', 'indicatorId')
    .addSelect('t.year', 'year')
    .addSelect('t.value::float8', 'value')
    .where('t.planId = :planId AND t.year = ANY(:targetYears) AND t.districtId IS NOT NULL', {
      planId: plan.id,
      targetYears,
    });
  if (districtIds) targetQuery.andWhere('t.districtId = ANY(:districtIds)', { districtIds });

  const indicators = await ctx.loaders.indicatorsOfPlan.load(plan.id);
  const indicatorIds = indicators.map((i) => i.id);
  const [districts, targets, actualRows, readingRows] = await Promise.all([
    districtQuery.getMany(),
    targetQuery.getRawMany<TargetRow>(),
    ctx.db.query(actualsStatement(), [indicatorIds, districtIds, firstYear, year]) as Promise<ActualRow[]>,
    ctx.db.query(`SELECT ceiling_reading FROM plan WHERE id = $1`, [plan.id]) as Promise<
      { ceiling_reading: CeilingReading }[]
    >,
  ]);
  actualRows.push(...(await institutionActuals(ctx, plan, indicators, districtIds, firstYear, year)));
  return {
    plan,
    year,
    today,
    indicators,
    districts,
    targets,
    actualRows,
    ceilingReading: readingRows[0]?.ceiling_reading ?? 'EACH',
  };
}

/** The districts of a plan's matrix the viewer reads in full (null: every district). */
export function matrixDistricts(ctx: RequestContext, plan: Plan, onlyDistrictId?: string): string[] | null {
  let districtIds = monitoredDistricts(ctx);
  if (plan.districtId) districtIds = (districtIds ?? [plan.districtId]).filter((d) => d === plan.districtId);
  if (onlyDistrictId) districtIds = (districtIds ?? [onlyDistrictId]).filter((d) => d === onlyDistrictId);
  return districtIds;
}

/** The monitoring matrix from its reads: statuses, totals and warnings, in TypeScript. */
export function computeMatrix(reads: MatrixReads): MonitoringMatrix {
  const { plan, year, today, indicators, districts, targets, actualRows, ceilingReading } = reads;
  const periods = cadencePeriods(year, plan.cadence);
  const expectedOfYear = expectedProgress({ year, today, periods });
  const spanYears = plan.endYear !== null ? plan.endYear - plan.startYear + 1 : 1;
  const expectedOf = (i: Indicator) =>
    i.cumulative ? (year - plan.startYear + expectedOfYear) / spanYears : expectedOfYear;

  const targetOf = new Map<string, number>();
  for (const t of targets) {
    const indicator = indicators.find((i) => i.id === t.indicatorId);
    // A cumulative indicator (〔〕) is measured against its target for the year if the plan gives
    // one, else against the plan's figure for its last year (the whole period's total).
    if (
      t.year !== year &&
      !(
        indicator?.cumulative &&
        !targets.some(
          (o) => o.indicatorId === t.indicatorId && o.districtId === t.districtId && o.year === year,
        )
      )
    )
      continue;
    targetOf.set(`${t.districtId}/${t.indicatorId}`, t.value);
  }

  // Figures by district/indicator: each source, the official figure's date and note, duty targets.
  interface Figures {
    sources: Map<ActualSource, number>;
    asOf: string | null;
    note: string | null;
    dutyTargets: number | null;
  }
  const figures = new Map<string, Figures>();
  const cumulative = new Set(indicators.filter((i) => i.cumulative).map((i) => i.id));
  for (const r of actualRows) {
    // A yearly indicator counts its year only; a cumulative one adds the years up to `year`.
    if (r.year !== year && !cumulative.has(r.indicator_id)) continue;
    const key = `${r.district_id}/${r.indicator_id}`;
    let f = figures.get(key);
    if (!f) figures.set(key, (f = { sources: new Map(), asOf: null, note: null, dutyTargets: null }));
    if (r.source === 'DUTY_TARGETS') {
      if (r.year === year) f.dutyTargets = (f.dutyTargets ?? 0) + r.value;
      continue;
    }
    f.sources.set(r.source, (f.sources.get(r.source) ?? 0) + r.value);
    if (r.source === ActualSource.OFFICIAL && r.year === year) {
      f.asOf = r.as_of;
      f.note = r.note;
    }
  }

  const cellOf = (
    districtId: string | null,
    indicator: Indicator,
    target: number | null,
    f: Figures | undefined,
  ): IndicatorProgress => {
    const sources: SourcedActual[] = PREFERENCE.filter((s) => f?.sources.has(s)).map((s) => ({
      source: s,
      value: f!.sources.get(s)!,
    }));
    const counted = PREFERENCE.find((s) => f?.sources.has(s));
    const actual = counted ? f!.sources.get(counted)! : null;
    const reported = f?.sources.get(ActualSource.REPORTS) ?? null;
    const official = f?.sources.get(ActualSource.OFFICIAL) ?? null;
    return {
      indicatorId: indicator.id,
      districtId,
      target,
      sources,
      reported,
      official,
      officialAsOf: f?.asOf ?? null,
      officialNote: f?.note ?? null,
      actual,
      difference: official !== null && reported !== null ? official - reported : null,
      dutyTargets: f?.dutyTargets ?? null,
      completion: actual === null ? (target && target > 0 ? 0 : null) : completionRatio(actual, target),
      status: progressStatus({
        actual,
        target,
        expected: expectedOf(indicator),
        thresholds: THRESHOLDS,
      }) as ProgressStatus,
    };
  };

  const warnings: RuleWarning[] = [];
  const byId = new Map(indicators.map((i) => [i.id, i]));
  // Ceiling groups: the CEILING indicators sharing one base and one ratio (one sentence of the plan).
  const groups = new Map<string, Indicator[]>();
  for (const i of indicators) {
    if (i.nature !== IndicatorNature.CEILING || !i.ceilingOfId || i.ceilingRatio === null) continue;
    const key = `${i.ceilingOfId}/${i.ceilingRatio}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  const linkingDistricts = new Set(
    actualRows.filter((r) => r.source === 'DUTY_TARGETS').map((r) => r.district_id),
  );
  const yearOver = expectedOfYear >= 1;

  const rows: DistrictProgressRow[] = districts.map((district) => {
    const cells = indicators.map((indicator) =>
      cellOf(
        district.id,
        indicator,
        targetOf.get(`${district.id}/${indicator.id}`) ?? null,
        figures.get(`${district.id}/${indicator.id}`),
      ),
    );
    const cell = new Map(cells.map((c) => [c.indicatorId, c]));
    const found: RuleWarning[] = [];
    const push = (w: Warning | null, indicatorId: string) => {
      if (w) found.push(toRuleWarning(w, { indicatorId, districtId: district.id }));
    };
    for (const indicator of indicators) {
      const c = cell.get(indicator.id)!;
      const parent = indicator.parentId ? byId.get(indicator.parentId) : undefined;
      if (parent) {
        const p = cell.get(parent.id)!;
        push(
          checkOfWhich({
            parentLabel: parent.name,
            parent: p.target,
            childLabel: indicator.name,
            child: c.target,
            district: district.name,
          }),
          indicator.id,
        );
        push(
          checkOfWhich({
            parentLabel: `${parent.name}（完成数）`,
            parent: p.actual,
            childLabel: `${indicator.name}（完成数）`,
            child: c.actual,
            district: district.name,
          }),
          indicator.id,
        );
      }
      // Minimums on actuals once the year is over (before, the status tells how far along it is),
      // and only on a figure someone gave: no actual at all is a missing report, shown as 滞后.
      if (indicator.nature === IndicatorNature.MINIMUM && yearOver)
        push(
          checkMinimum({
            label: `${indicator.name}（完成数）`,
            value: c.actual,
            minimum: c.target,
            district: district.name,
          }),
          indicator.id,
        );
      if (linkingDistricts.has(district.id) && c.target !== null)
        push(
          checkTargetCoverage({
            label: indicator.name,
            year,
            allocated: c.target,
            dutyTargets: [{ year, value: c.dutyTargets ?? 0 }],
            district: district.name,
          }),
          indicator.id,
        );
    }
    for (const members of groups.values()) {
      const base = byId.get(members[0]!.ceilingOfId!)!;
      const baseCell = cell.get(base.id)!;
      const ratio = members[0]!.ceilingRatio!;
      const ids = members.map((m) => m.id);
      const onTargets = checkCeilingRule({
        reading: ceilingReading,
        members: members.map((m) => ({ label: m.name, value: cell.get(m.id)!.target })),
        base: baseCell.target,
        ratio,
        baseLabel: base.name,
        district: district.name,
      });
      const onActuals = checkCeilingRule({
        reading: ceilingReading,
        members: members.map((m) => ({ label: `${m.name}（完成数）`, value: cell.get(m.id)!.actual })),
        base: baseCell.actual,
        ratio,
        baseLabel: `${base.name}（完成数）`,
        district: district.name,
      });
      for (const w of [...onTargets, ...onActuals]) {
        const member = members.find((m) => w.indicator === m.name || w.indicator === `${m.name}（完成数）`);
        push(w, member?.id ?? ids[0]!);
      }
    }
    warnings.push(...found);
    const withTarget = cells.filter((c) => c.target !== null && c.target > 0);
    const completion = withTarget.length
      ? withTarget.reduce((acc, c) => acc + Math.min(1, c.completion ?? 0), 0) / withTarget.length
      : null;
    const status = cells.reduce<ProgressStatus>(
      (worst, c) => (STATUS_SEVERITY[c.status] > STATUS_SEVERITY[worst] ? c.status : worst),
      ProgressStatus.NO_TARGET,
    );
    return { district, cells, completion, status, warningCount: found.length };
  });

  const totals = indicators.map((indicator, n) => {
    const sum = (pick: (c: IndicatorProgress) => number | null) => {
      const values = rows.map((r) => pick(r.cells[n]!)).filter((v): v is number => v !== null);
      return values.length ? values.reduce((a, b) => a + b, 0) : null;
    };
    const target = sum((c) => c.target);
    const sources = new Map<ActualSource, number>();
    for (const r of rows)
      for (const s of r.cells[n]!.sources) sources.set(s.source, (sources.get(s.source) ?? 0) + s.value);
    const actual = sum((c) => c.actual);
    const reported = sum((c) => c.reported);
    const official = sum((c) => c.official);
    return {
      indicatorId: indicator.id,
      districtId: null,
      target,
      sources: PREFERENCE.filter((s) => sources.has(s)).map((s) => ({ source: s, value: sources.get(s)! })),
      reported,
      official,
      officialAsOf: null,
      officialNote: null,
      actual,
      difference: official !== null && reported !== null ? official - reported : null,
      dutyTargets: sum((c) => c.dutyTargets),
      completion: actual === null ? null : completionRatio(actual, target),
      status: progressStatus({
        actual,
        target,
        expected: expectedOf(indicator),
        thresholds: THRESHOLDS,
      }) as ProgressStatus,
    } satisfies IndicatorProgress;
  });

  return {
    plan,
    year,
    today,
    expected: expectedOfYear,
    ceilingReading,
    indicators,
    districts,
    rows,
    totals,
    warnings,
  };
}

/**
 * The city dashboard of a plan and year: every district the viewer reads in full × every
 * indicator (target, actual by source, completion, status), city totals, warnings on targets and
 * actuals, and the ranking of districts (scoring.service.ts). The plan must be readable (else
 * NOT_FOUND); a district user sees their own district only.
 */
export async function cityDashboard(
  ctx: RequestContext,
  planId: string,
  year: number,
): Promise<CityDashboard> {
  const plan = await getPlan(ctx, planId);
  const districtIds = matrixDistricts(ctx, plan);
  const [reads, rankingReads] = await Promise.all([
    readMatrix(ctx, plan, year),
    readRanking(ctx, plan.id, districtIds, year),
  ]);
  // The duty sums (the dashboard's longest statement, 20–30 ms at 100× the benchmark's data) go to
  // PostgreSQL before the matrix is computed, so that the two overlap: the statement is sent at
  // once on the idle connection and runs while this process works out statuses and warnings.
  const sums = rankingReads.needsDuties
    ? districtDutySums(ctx, districtIds, year, reads.today)
    : Promise.resolve([]);
  sums.catch(() => undefined); // awaited below; handled now in case computing the matrix throws first
  const m = computeMatrix(reads);
  const ranking = rankDistricts(m, rankingReads, await sums);
  return {
    plan,
    year,
    today: m.today,
    expectedProgress: m.expected,
    ceilingReading: m.ceilingReading,
    indicators: m.indicators,
    rows: m.rows,
    totals: m.totals,
    warnings: m.warnings,
    ranking,
  };
}

/** The district a district-level request is about: the argument within the scope, or the viewer's only district. */
export function districtInScope(ctx: RequestContext, districtId: string | null | undefined): string {
  const readable = monitoredDistricts(ctx);
  if (districtId) {
    if (readable && !readable.includes(districtId)) throw new NotFoundError('区县不存在或不在可见范围内');
    return districtId;
  }
  if (readable && readable.length === 1) return readable[0]!;
  throw new BadInputError('请指定区县（districtId）', { argument: 'districtId' });
}

/**
 * The institutions' own records as a source of actuals (CLASS_LEDGER): the training classes
 * counted by file 000's notes and the approved certification bodies of annex 2 (modules/institution,
 * counted in TypeScript by the pure rules of packages/domain, so they cannot join the one SQL
 * statement of the other sources). Two statements per year of the plan read, whatever the rows.
 */
async function institutionActuals(
  ctx: RequestContext,
  plan: Plan,
  indicators: readonly Indicator[],
  districtIds: string[] | null,
  firstYear: number,
  year: number,
): Promise<ActualRow[]> {
  const years = indicators.some((i) => i.cumulative)
    ? Array.from({ length: year - firstYear + 1 }, (_, k) => firstYear + k)
    : [year];
  // The plan and its indicators are read already: counting reads only the classes and filings.
  const byCode = new Map(indicators.map((i) => [i.code, i.id]));
  const rows: ActualRow[] = [];
  for (const y of years) {
    const counted = [
      ...(await classLedgerActuals(ctx, plan.id, y, byCode)),
      ...(await certificationBodyActuals(ctx, plan.id, y, byCode)),
    ];
    for (const a of counted) {
      if (districtIds && !districtIds.includes(a.districtId)) continue;
      rows.push({
        source: ActualSource.CLASS_LEDGER,
        district_id: a.districtId,
        indicator_id: a.indicatorId,
        year: a.year,
        value: a.value,
        as_of: null,
        note: null,
      });
    }
  }
  return rows;
}
