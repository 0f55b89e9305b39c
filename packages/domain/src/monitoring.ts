import { completionRatio } from './numbers';
import { EPSILON, formatAmount, formatPercent } from './internal';
import { checkCeiling, type Warning } from './rules';

/**
 * Monitoring rules: completion, expected progress for the time elapsed, status (正常 / 关注 /
 * 滞后 / 已完成), group ceilings and the assessment score. Shared by the server (dashboards,
 * scores) and the client (the same status and colours), so that both agree.
 * @packageDocumentation
 */

/**
 * Status of progress toward a yearly target.
 * - NORMAL 正常: on schedule, or less than {@link MonitoringThresholds.watchBelow} behind.
 * - WATCH 关注: behind the expected progress by at least `watchBelow` (default 10 points).
 * - LAGGING 滞后: behind by at least `lagBelow` (default 25 points), or (a duty) its lead unit has
 *   not reported for a period that has fallen due.
 * - DONE 已完成: the target is reached (completion ≥ 100%).
 * - NO_TARGET 无目标: no positive target to measure against.
 * @example const s: ProgressStatus = 'WATCH';
 */
export type ProgressStatus = 'NORMAL' | 'WATCH' | 'LAGGING' | 'DONE' | 'NO_TARGET';

/** The status labels the documents' readers use. @example PROGRESS_STATUS_LABEL.LAGGING // '滞后' */
export const PROGRESS_STATUS_LABEL: Readonly<Record<ProgressStatus, string>> = {
  NORMAL: '正常',
  WATCH: '关注',
  LAGGING: '滞后',
  DONE: '已完成',
  NO_TARGET: '无目标',
};

/**
 * Thresholds of {@link progressStatus}, in completion points (0.1 = 10 percentage points) below
 * the expected progress. Configuration: the server reads MONITORING_WATCH_BELOW /
 * MONITORING_LAG_BELOW, the defaults are {@link DEFAULT_MONITORING_THRESHOLDS}.
 */
export interface MonitoringThresholds {
  /** 关注 from this far behind the expected progress. */
  watchBelow: number;
  /** 滞后 from this far behind the expected progress. */
  lagBelow: number;
}

/**
 * Defaults: 关注 at 10 points behind the expected progress, 滞后 at 25 points behind. A quarterly
 * plan after the second quarter expects 50%: 42% is 正常, 40% is 关注 (exactly 10 behind),
 * 25% is 滞后 (exactly 25 behind). Ten points is about one month of a year; 25 points one quarter:
 * a unit a whole quarter behind is late, one a month behind deserves a look.
 * @example DEFAULT_MONITORING_THRESHOLDS.lagBelow // 0.25
 */
export const DEFAULT_MONITORING_THRESHOLDS: Readonly<MonitoringThresholds> = {
  watchBelow: 0.1,
  lagBelow: 0.25,
};

/**
 * Validates thresholds from configuration: 0 < watchBelow ≤ lagBelow ≤ 1. Throws on nonsense so a
 * wrong setting is seen at start-up rather than as odd colours.
 * @example monitoringThresholds({ watchBelow: 0.05 }) // { watchBelow: 0.05, lagBelow: 0.25 }
 */
export function monitoringThresholds(partial: Partial<MonitoringThresholds> = {}): MonitoringThresholds {
  const t = { ...DEFAULT_MONITORING_THRESHOLDS, ...partial };
  if (!(t.watchBelow > 0 && t.watchBelow <= t.lagBelow && t.lagBelow <= 1))
    throw new Error(`监测阈值不合理：关注 ${t.watchBelow}，滞后 ${t.lagBelow}（应 0 < 关注 ≤ 滞后 ≤ 1）`);
  return t;
}

/** A reporting period's dates as ISO strings (YYYY-MM-DD), see {@link expectedProgress}. */
export interface PeriodEnd {
  endsOn: string;
  dueOn?: string;
}

/**
 * Expected progress toward a yearly target on `today` (ISO date, Chongqing): the share of the
 * year's reporting periods that have ended (ends_on before today). A quarterly plan expects 0 on
 * 31 March, 25% from 1 April, 50% from 1 July, 100% from 1 January of the next year. Without
 * periods (a plan whose periods are not set up yet) the calendar quarters of `year` are used, so
 * the figure never depends on how far the setup has got. Before the year: 0; after it: 1.
 * @example
 * expectedProgress({ year: 2021, today: '2021-07-15' }) // 0.5
 * expectedProgress({ year: 2021, today: '2021-07-15', periods: months2021 }) // 0.5 (6 of 12 ended)
 */
export function expectedProgress(input: {
  year: number;
  today: string;
  periods?: readonly PeriodEnd[];
}): number {
  const { year, today } = input;
  if (today < `${year}-01-01`) return 0;
  if (today > `${year}-12-31`) return 1;
  const periods =
    input.periods && input.periods.length > 0
      ? input.periods
      : ['03-31', '06-30', '09-30', '12-31'].map((d) => ({ endsOn: `${year}-${d}` }));
  const ended = periods.filter((p) => p.endsOn < today).length;
  return ended / periods.length;
}

/**
 * Status of progress toward a target (see {@link ProgressStatus}). `missedPeriods` is the number
 * of due periods without a report from the lead unit (duties only): any makes the duty 滞后
 * unless it is already done. Boundaries: exactly `watchBelow` behind is 关注, exactly `lagBelow`
 * behind is 滞后.
 * @example
 * progressStatus({ actual: 420, target: 1000, expected: 0.5 }) // 'NORMAL'
 * progressStatus({ actual: 400, target: 1000, expected: 0.5 }) // 'WATCH'
 * progressStatus({ actual: 250, target: 1000, expected: 0.5 }) // 'LAGGING'
 * progressStatus({ actual: 900, target: 1000, expected: 0.5, missedPeriods: 1 }) // 'LAGGING'
 * progressStatus({ actual: 1000, target: 1000, expected: 0.5 }) // 'DONE'
 */
export function progressStatus(input: {
  actual: number | null;
  target: number | null;
  expected: number;
  missedPeriods?: number;
  thresholds?: MonitoringThresholds;
}): ProgressStatus {
  const t = input.thresholds ?? DEFAULT_MONITORING_THRESHOLDS;
  const completion = completionRatio(input.actual ?? 0, input.target);
  if (completion === null) return 'NO_TARGET';
  if (completion + EPSILON >= 1) return 'DONE';
  if ((input.missedPeriods ?? 0) > 0) return 'LAGGING';
  const behind = input.expected - completion;
  if (behind + EPSILON >= t.lagBelow) return 'LAGGING';
  if (behind + EPSILON >= t.watchBelow) return 'WATCH';
  return 'NORMAL';
}

/**
 * How a ceiling over a group of indicators is read (plan manifest `ceilingReading`):
 * - EACH: every indicator of the group alone is at most ratio × base;
 * - SUM: the sum of the group is at most ratio × base;
 * - EACH_AND_SUM: both.
 */
export type CeilingReading = 'EACH' | 'SUM' | 'EACH_AND_SUM';

/**
 * Checks the sum of a group of indicators against one ceiling (a share of a base figure): the
 * "SUM" reading of a sentence such as "家服培训、创业培训，原则上不超过指导计划的20%". Missing figures
 * count as 0 unless all are missing (then nothing to check). Warning CEILING_EXCEEDED on the label
 * "家服培训+创业培训".
 * @example
 * // file 000: 璧山区 目标计划 9700, 家服培训 2500, 创业培训 750
 * checkGroupCeiling({ labels: ['家服培训', '创业培训'], values: [2500, 750], base: 9700, ratio: 0.2, baseLabel: '目标计划', district: '璧山区' })?.message
 * // '璧山区“家服培训+创业培训”为 3250，超过“目标计划” 9700 的 20%（上限 1940），实际占 33.5%'
 */
export function checkGroupCeiling(input: {
  labels: readonly string[];
  values: readonly (number | null)[];
  base: number | null;
  ratio: number;
  baseLabel: string;
  district?: string;
}): Warning | null {
  if (input.values.every((v) => v === null)) return null;
  const sum = input.values.reduce<number>((acc, v) => acc + (v ?? 0), 0);
  const w: {
    label: string;
    value: number;
    base: number | null;
    ratio: number;
    baseLabel: string;
    district?: string;
  } = {
    label: input.labels.join('+'),
    value: sum,
    base: input.base,
    ratio: input.ratio,
    baseLabel: input.baseLabel,
  };
  if (input.district !== undefined) w.district = input.district;
  return checkCeiling(w);
}

/**
 * Applies a ceiling rule over a group in the chosen reading: EACH checks every member alone, SUM
 * the group's sum, EACH_AND_SUM both. Returns the warnings in that order.
 * @example
 * checkCeilingRule({ reading: 'EACH', members: [{ label: '家服培训', value: 2500 }, { label: '创业培训', value: 750 }],
 *   base: 9700, ratio: 0.2, baseLabel: '目标计划', district: '璧山区' }).length // 1
 */
export function checkCeilingRule(input: {
  reading: CeilingReading;
  members: readonly { label: string; value: number | null }[];
  base: number | null;
  ratio: number;
  baseLabel: string;
  district?: string;
}): Warning[] {
  const out: Warning[] = [];
  const extra = input.district !== undefined ? { district: input.district } : {};
  if (input.reading !== 'SUM') {
    for (const m of input.members) {
      const w = checkCeiling({
        label: m.label,
        value: m.value,
        base: input.base,
        ratio: input.ratio,
        baseLabel: input.baseLabel,
        ...extra,
      });
      if (w) out.push(w);
    }
  }
  if (input.reading !== 'EACH' && input.members.length > 1) {
    const w = checkGroupCeiling({
      labels: input.members.map((m) => m.label),
      values: input.members.map((m) => m.value),
      base: input.base,
      ratio: input.ratio,
      baseLabel: input.baseLabel,
      ...extra,
    });
    if (w) out.push(w);
  }
  return out;
}

/**
 * How an assessment criterion turns figures into points (考核方法):
 * - COMPLETION_RATIO: weight × min(actual / target, 1);
 * - MINIMUM_MET: weight when actual ≥ target (the minimum), else 0;
 * - CEILING_RESPECTED: weight when actual ≤ target (the ceiling), else 0;
 * - REPORTED_ON_TIME: weight × (reports on time / reports due), full weight when none was due;
 * - CHECKLIST_DONE: weight × (items done / items).
 */
export type AssessmentMethodCode =
  'COMPLETION_RATIO' | 'MINIMUM_MET' | 'CEILING_RESPECTED' | 'REPORTED_ON_TIME' | 'CHECKLIST_DONE';

/** The figures a criterion is scored on; which are used depends on the method. */
export interface CriterionFigures {
  /** COMPLETION_RATIO, MINIMUM_MET, CEILING_RESPECTED: the actual and the target (or limit). */
  actual?: number | null;
  target?: number | null;
  /** REPORTED_ON_TIME: periods due and reports received on time. CHECKLIST_DONE: items and items done. */
  done?: number;
  of?: number;
}

/**
 * Points of one criterion before any manual adjustment, rounded to two decimals. A missing target
 * gives 0 points for COMPLETION_RATIO and MINIMUM_MET (nothing achieved against nothing set is not
 * credit) and full points for CEILING_RESPECTED (no limit to break).
 * @example
 * criterionPoints('COMPLETION_RATIO', 40, { actual: 750, target: 1000 }) // 30
 * criterionPoints('COMPLETION_RATIO', 40, { actual: 1200, target: 1000 }) // 40 (capped at 100%)
 * criterionPoints('REPORTED_ON_TIME', 20, { done: 2, of: 3 }) // 13.33
 */
export function criterionPoints(method: AssessmentMethodCode, weight: number, f: CriterionFigures): number {
  const actual = f.actual ?? 0;
  let share: number;
  switch (method) {
    case 'COMPLETION_RATIO':
      share = Math.min(1, completionRatio(actual, f.target) ?? 0);
      break;
    case 'MINIMUM_MET':
      share = f.target === null || f.target === undefined ? 0 : actual + EPSILON >= f.target ? 1 : 0;
      break;
    case 'CEILING_RESPECTED':
      share = f.target === null || f.target === undefined ? 1 : actual <= f.target + EPSILON ? 1 : 0;
      break;
    case 'REPORTED_ON_TIME':
    case 'CHECKLIST_DONE':
      share = !f.of ? (method === 'REPORTED_ON_TIME' ? 1 : 0) : Math.min(1, (f.done ?? 0) / f.of);
      break;
  }
  return Math.round(weight * share * 100) / 100;
}

/**
 * Ranks scored items, highest first; equal scores share a rank (1, 2, 2, 4), ties listed by name.
 * @example rankByScore([{ name: '甲', score: 80 }, { name: '乙', score: 90 }]).map((r) => r.rank) // [1, 2]
 */
export function rankByScore<T extends { name: string; score: number }>(
  items: readonly T[],
): (T & { rank: number })[] {
  const sorted = [...items].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN'));
  let rank = 0;
  return sorted.map((item, i) => {
    if (i === 0 || Math.abs(item.score - sorted[i - 1]!.score) > EPSILON) rank = i + 1;
    return { ...item, rank };
  });
}

/**
 * A completion for display: one decimal and a percent sign, "—" without a target.
 * @example formatCompletion(0.4567) // '45.7%'
 */
export function formatCompletion(ratio: number | null): string {
  return ratio === null ? '—' : formatPercent(ratio, 1);
}

/**
 * The difference between the official statistic and the roll-up of approved reports, as a person
 * reads it ("统计数比报表汇总多 120").
 * @example actualDifferenceText(1200, 1080) // '统计数比报表汇总多 120'
 */
export function actualDifferenceText(official: number | null, reported: number | null): string | null {
  if (official === null || reported === null) return null;
  const d = official - reported;
  if (Math.abs(d) <= EPSILON) return '统计数与报表汇总一致';
  return `统计数比报表汇总${d > 0 ? '多' : '少'} ${formatAmount(Math.abs(d))}`;
}

/**
 * The periods of a year by reporting cadence, for plans without reporting_period rows (city
 * plans): MONTHLY 12 months, QUARTERLY 4 quarters, ANNUAL the year.
 * @example cadencePeriods(2021, 'QUARTERLY').map((p) => p.endsOn) // ['2021-03-31', '2021-06-30', '2021-09-30', '2021-12-31']
 */
export function cadencePeriods(year: number, cadence: 'MONTHLY' | 'QUARTERLY' | 'ANNUAL'): PeriodEnd[] {
  const monthEnd = (m: number) => {
    const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
    return `${year}-${String(m).padStart(2, '0')}-${String(days).padStart(2, '0')}`;
  };
  if (cadence === 'ANNUAL') return [{ endsOn: `${year}-12-31` }];
  const months = cadence === 'MONTHLY' ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [3, 6, 9, 12];
  return months.map((m) => ({ endsOn: monthEnd(m) }));
}
