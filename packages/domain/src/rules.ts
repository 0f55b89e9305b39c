import { completionRatio } from './numbers';
import { EPSILON, formatAmount, formatPercent } from './internal';

/**
 * What a warning is about. The server stores it, the client shows the same code and message.
 * - TOTAL_MISMATCH: a document's 合计/总计 differs from the computed sum.
 * - OF_WHICH_EXCEEDS_PARENT: a "其中" figure is larger than the figure it is part of.
 * - CEILING_EXCEEDED: a figure is above its ceiling (e.g. 20% of the guidance plan).
 * - MINIMUM_NOT_MET: a figure is below its minimum (不低于, 最低目标).
 * - TARGET_GAP: a district's duty targets for a year do not cover the city's allocation.
 * - UNMATCHED_NAME: an organisation or district name matched nothing known.
 * - ALIAS_MATCH: a name matched through an alias or a normalised spelling (information only).
 * - UNPARSED_TARGET: a target text could not be read.
 * - MIXED_UNITS: the yearly targets of one list use different units (人 beside 人次); kept as written.
 * - ROW_SKIPPED: a row read but not imported (a general requirement such as 指导思想, not a duty).
 * - ROW_REMOVED: a record of an earlier import of the same table is gone from the file and was deleted.
 * - MANUAL_EDIT_OVERWRITTEN: a duty a district admin had edited by hand was overwritten by the file.
 * @example const code: WarningCode = 'CEILING_EXCEEDED';
 */
export type WarningCode =
  | 'TOTAL_MISMATCH'
  | 'OF_WHICH_EXCEEDS_PARENT'
  | 'CEILING_EXCEEDED'
  | 'MINIMUM_NOT_MET'
  | 'TARGET_GAP'
  | 'UNMATCHED_NAME'
  | 'ALIAS_MATCH'
  | 'UNPARSED_TARGET'
  | 'MIXED_UNITS'
  | 'ROW_SKIPPED'
  | 'ROW_REMOVED'
  | 'MANUAL_EDIT_OVERWRITTEN';

/**
 * How much a warning matters: WARNING needs a person's look, INFO is for the record.
 * @example const s: WarningSeverity = 'INFO';
 */
export type WarningSeverity = 'WARNING' | 'INFO';

/**
 * A finding of a rule. Rules return warnings and never throw: a violation is shown where users
 * look, it does not stop an import or a report.
 * @example
 * const w: Warning = {
 *   code: 'CEILING_EXCEEDED', severity: 'WARNING', district: '璧山区', indicator: '家服培训',
 *   expected: 1940, actual: 2500,
 *   message: '璧山区“家服培训”为 2500，超过“目标计划” 9700 的 20%（上限 1940），实际占 25.8%',
 * };
 */
export interface Warning {
  code: WarningCode;
  /** Simplified Chinese, naming the indicator or name, the district and both numbers. */
  message: string;
  severity: WarningSeverity;
  /** The indicator (or, for name warnings, the name) concerned, as written. */
  indicator?: string;
  /** The district concerned, as written. */
  district?: string;
  /** The figure the rule expects: the claim, the limit, the minimum, the parent, the allocation. */
  expected?: number;
  /** The figure found. */
  actual?: number;
}

/**
 * Severity of each warning code: everything needs a look except a name found through an alias and
 * the importer's records of what it did (mixed units kept, rows skipped or removed).
 * @example WARNING_SEVERITY.ALIAS_MATCH // 'INFO'
 */
export const WARNING_SEVERITY: Readonly<Record<WarningCode, WarningSeverity>> = {
  TOTAL_MISMATCH: 'WARNING',
  OF_WHICH_EXCEEDS_PARENT: 'WARNING',
  CEILING_EXCEEDED: 'WARNING',
  MINIMUM_NOT_MET: 'WARNING',
  TARGET_GAP: 'WARNING',
  UNMATCHED_NAME: 'WARNING',
  ALIAS_MATCH: 'INFO',
  UNPARSED_TARGET: 'WARNING',
  MIXED_UNITS: 'INFO',
  ROW_SKIPPED: 'INFO',
  ROW_REMOVED: 'INFO',
  MANUAL_EDIT_OVERWRITTEN: 'WARNING',
};

/** Builds a warning, leaving out the optional fields that are undefined. */
function makeWarning(
  code: WarningCode,
  message: string,
  fields: {
    indicator?: string | undefined;
    district?: string | undefined;
    expected?: number;
    actual?: number;
  },
): Warning {
  const w: Warning = { code, message, severity: WARNING_SEVERITY[code] };
  if (fields.indicator !== undefined) w.indicator = fields.indicator;
  if (fields.district !== undefined) w.district = fields.district;
  if (fields.expected !== undefined) w.expected = fields.expected;
  if (fields.actual !== undefined) w.actual = fields.actual;
  return w;
}

/** "璧山区" + "“家服培训”" with no separator, or just the quoted label when there is no district. */
function subject(label: string, district?: string): string {
  return `${district ?? ''}“${label}”`;
}

/**
 * Result of {@link reconcileTotal}.
 * @example const r: TotalReconciliation = { computed: 500000, claimed: 500000, difference: 0, warning: null };
 */
export interface TotalReconciliation {
  /** Sum of the values, empty cells counting as 0. */
  computed: number;
  /** The document's total, or null when it gives none. */
  claimed: number | null;
  /** claimed − computed (positive when the document claims more), or null without a claim. */
  difference: number | null;
  warning: Warning | null;
}

/**
 * Compares a document's total (合计/总计) with the sum of its rows. The claim is kept as a claim:
 * neither number replaces the other. Empty cells (null) count as 0. The sum is rounded to six
 * decimals so that decimal columns do not mismatch by binary noise.
 * Warning TOTAL_MISMATCH with expected = the claim, actual = the computed sum.
 * @example
 * // file 000 annex 1, column 新职业培训: the 41 districts add up to 20000, the 合计 row says 20090
 * reconcileTotal({ label: '新职业培训', values: newOccupationColumn, claimed: 20090 }).warning?.message
 * // '“新职业培训”合计：文件为 20090，按各区县相加为 20000，相差 90'
 */
export function reconcileTotal(input: {
  label: string;
  values: readonly (number | null)[];
  claimed: number | null;
}): TotalReconciliation {
  const sum = input.values.reduce<number>((acc, v) => acc + (v ?? 0), 0);
  const computed = Math.round(sum * 1e6) / 1e6;
  const { claimed } = input;
  if (claimed === null) return { computed, claimed, difference: null, warning: null };
  const difference = Math.round((claimed - computed) * 1e6) / 1e6;
  const warning =
    Math.abs(difference) > EPSILON
      ? makeWarning(
          'TOTAL_MISMATCH',
          `“${input.label}”合计：文件为 ${formatAmount(claimed)}，按各区县相加为 ${formatAmount(computed)}，` +
            `相差 ${formatAmount(Math.abs(difference))}`,
          { indicator: input.label, expected: claimed, actual: computed },
        )
      : null;
  return { computed, claimed, difference, warning };
}

/**
 * Checks that an "of which" (其中) figure does not exceed the figure it is part of. Nothing to check
 * (null) when either figure is missing. Warning OF_WHICH_EXCEEDS_PARENT with expected = parent,
 * actual = child.
 * @example
 * checkOfWhich({ parentLabel: '企业职工培训', parent: 8400, childLabel: '新型学徒制培训', child: 1400, district: '万州区' }) // null
 * checkOfWhich({ parentLabel: '家服培训', parent: 500, childLabel: '市级家服基地', child: 800, district: '万州区' })?.message
 * // '万州区“市级家服基地”为 800，超过其所属的“家服培训” 500，多 300'
 */
export function checkOfWhich(input: {
  parentLabel: string;
  parent: number | null;
  childLabel: string;
  child: number | null;
  district?: string;
}): Warning | null {
  const { parent, child } = input;
  if (parent === null || child === null || child <= parent + EPSILON) return null;
  return makeWarning(
    'OF_WHICH_EXCEEDS_PARENT',
    `${subject(input.childLabel, input.district)}为 ${formatAmount(child)}，超过其所属的“${input.parentLabel}” ` +
      `${formatAmount(parent)}，多 ${formatAmount(child - parent)}`,
    { indicator: input.childLabel, district: input.district, expected: parent, actual: child },
  );
}

/**
 * The ceiling of file 000 (2021年全市职业技能提升行动指导性计划, annex 1, note 2):
 * "家服培训、创业培训，原则上不超过指导计划的20%，其中，家服培训中的企业职工培训和高级工及以上培训可不受此限制".
 *
 * How it is applied (a decision, recorded here so server and client agree):
 * - Each of the two indicators separately is at most 20% of the same district's 目标计划 (the
 *   guidance plan), not their sum: the note lists two training kinds sharing one limit phrase,
 *   and the city's own 合计 row respects each separately (家服 40000 and 创业 30000 of 500000, 8%
 *   and 6%). Read as a sum, 5 districts of the 2021 plan would break the city's own allocation;
 *   read separately, 2 do (璧山区 家服 25.8%, 酉阳县 家服 22.5%), which is what a warning should
 *   single out.
 * - The base is the district's 目标计划 of the same plan and year (the guidance plan figure), for
 *   the allocation itself and for achieved figures alike.
 * - The exemption (household-service trainees who are enterprise workers, and senior-level
 *   training) cannot be separated in the tables, which give one 家服培训 figure; the check uses
 *   that figure, and "原则上" (in principle) is why it yields a WARNING a person weighs, never an
 *   error.
 * @example GUIDANCE_PLAN_CEILINGS[0] // { indicator: '家服培训', base: '目标计划', ratio: 0.2 }
 */
export const GUIDANCE_PLAN_CEILINGS: readonly { indicator: string; base: string; ratio: number }[] = [
  { indicator: '家服培训', base: '目标计划', ratio: 0.2 },
  { indicator: '创业培训', base: '目标计划', ratio: 0.2 },
];

/**
 * The minimums of file 000, as the column names of its annexes read by parseColumnHeader:
 * - annex 1 note 3, "企业职工培训、新型学徒制培训、人力资源服务从业人员培训、新职业培训、
 *   培训后鉴定评价数类以及高级工培训数量，原则上不低于指导性计划": the note's 人力资源服务从业人员培训 is
 *   the column 人力资源培训 (note 5 describes that column with the same words), its
 *   培训后鉴定评价数类 the column 培训后鉴定评价, its 高级工培训数量 the column 高级工以上
 *   ("其中，高级工以上").
 * - annex 2 note 4, "本表相关指标计划为最低目标数": all three columns.
 * The remaining annex-1 columns (目标计划, 家服培训, 市级家服基地, 创业培训) are expected
 * figures, two of them with a ceiling ({@link GUIDANCE_PLAN_CEILINGS}).
 * @example GUIDANCE_PLAN_MINIMUMS.includes('新职业培训') // true
 */
export const GUIDANCE_PLAN_MINIMUMS: readonly string[] = [
  '企业职工培训',
  '新型学徒制培训',
  '人力资源培训',
  '新职业培训',
  '培训后鉴定评价',
  '高级工以上',
  '技能人才评价数',
  '企业职业技能等级认定机构建设数',
  '社会培训评价组织职业技能等级认定机构建设数',
];

/**
 * Checks a figure against a ceiling that is a share of another figure (see
 * {@link GUIDANCE_PLAN_CEILINGS} for file 000's rule). Exceeded when value > base × ratio.
 * Nothing to check (null) when value or base is missing. Warning CEILING_EXCEEDED with
 * expected = the limit (base × ratio), actual = value; the message gives the ratio as a percent
 * and the actual share with one decimal.
 * @example
 * // file 000: 璧山区 目标计划 9700, 家服培训 2500
 * checkCeiling({ label: '家服培训', value: 2500, base: 9700, ratio: 0.2, baseLabel: '目标计划', district: '璧山区' })?.message
 * // '璧山区“家服培训”为 2500，超过“目标计划” 9700 的 20%（上限 1940），实际占 25.8%'
 */
export function checkCeiling(input: {
  label: string;
  value: number | null;
  base: number | null;
  ratio: number;
  baseLabel: string;
  district?: string;
}): Warning | null {
  const { value, base, ratio } = input;
  if (value === null || base === null) return null;
  const limit = base * ratio;
  if (value <= limit + EPSILON) return null;
  // A base of 0 leaves no share to show: any positive value exceeds it.
  const share = base > 0 ? `，实际占 ${formatPercent(value / base, 1)}` : '';
  return makeWarning(
    'CEILING_EXCEEDED',
    `${subject(input.label, input.district)}为 ${formatAmount(value)}，超过“${input.baseLabel}” ${formatAmount(base)} ` +
      `的 ${formatPercent(ratio)}（上限 ${formatAmount(limit)}）${share}`,
    {
      indicator: input.label,
      district: input.district,
      expected: Math.round(limit * 1e6) / 1e6,
      actual: value,
    },
  );
}

/**
 * Checks a figure against a minimum (file 000 annex 1 note 3 "原则上不低于指导性计划", annex 2
 * note 4 "最低目标数"): not met when value < minimum. Nothing to check (null) when either is
 * missing; a missing value is not 0, since the figure may simply not be reported yet. Warning
 * MINIMUM_NOT_MET with expected = minimum, actual = value.
 * @example
 * // file 000: 万州区 企业职工培训 8400 is a minimum
 * checkMinimum({ label: '企业职工培训', value: 8000, minimum: 8400, district: '万州区' })?.message
 * // '万州区“企业职工培训”为 8000，低于最低目标 8400，差 400'
 */
export function checkMinimum(input: {
  label: string;
  value: number | null;
  minimum: number | null;
  district?: string;
}): Warning | null {
  const { value, minimum } = input;
  if (value === null || minimum === null || value + EPSILON >= minimum) return null;
  return makeWarning(
    'MINIMUM_NOT_MET',
    `${subject(input.label, input.district)}为 ${formatAmount(value)}，低于最低目标 ${formatAmount(minimum)}，` +
      `差 ${formatAmount(minimum - value)}`,
    { indicator: input.label, district: input.district, expected: minimum, actual: value },
  );
}

/**
 * Checks that a district's duty targets for a year cover what the city allocated to the district
 * for that year. Only the targets of `year` are added; units are not compared (the documents mix
 * 人 and 人次 for the same column), so pass only targets that count toward the indicator. A gap
 * when the sum is below the allocation. Warning TARGET_GAP with expected = allocated, actual =
 * the sum of duty targets.
 * @example
 * checkTargetCoverage({ label: '企业职工培训', year: 2021, allocated: 1200, district: '武隆区',
 *   dutyTargets: [{ year: 2021, value: 200 }, { year: 2020, value: 150 }, { year: 2021, value: 800 }] })?.message
 * // '武隆区2021年“企业职工培训”：市下达 1200，各项重点工作目标合计 1000，缺口 200'
 */
export function checkTargetCoverage(input: {
  label: string;
  year: number;
  allocated: number | null;
  dutyTargets: readonly { year: number; value: number }[];
  district?: string;
}): Warning | null {
  const { allocated, year } = input;
  if (allocated === null) return null;
  const sum = input.dutyTargets.filter((t) => t.year === year).reduce((acc, t) => acc + t.value, 0);
  if (sum + EPSILON >= allocated) return null;
  return makeWarning(
    'TARGET_GAP',
    `${input.district ?? ''}${year}年“${input.label}”：市下达 ${formatAmount(allocated)}，` +
      `各项重点工作目标合计 ${formatAmount(sum)}，缺口 ${formatAmount(allocated - sum)}`,
    { indicator: input.label, district: input.district, expected: allocated, actual: sum },
  );
}

/**
 * Warning for a name that matched no known organisation or district.
 * @param context - where the name was read, e.g. "牵头单位" or "第3项重点工作 责任单位".
 * @example
 * unmatchedNameWarning({ name: '区民营经济发发展局', context: '责任单位', district: '北碚区' }).message
 * // '北碚区责任单位“区民营经济发发展局”未找到对应单位，请核对名称或添加别名'
 */
export function unmatchedNameWarning(input: { name: string; context?: string; district?: string }): Warning {
  return makeWarning(
    'UNMATCHED_NAME',
    `${input.district ?? ''}${input.context ?? ''}“${input.name}”未找到对应单位，请核对名称或添加别名`,
    { indicator: input.name, district: input.district },
  );
}

/**
 * Information that a name was matched through an alias or a normalised spelling, so that a person
 * can confirm the match.
 * @example
 * aliasMatchWarning({ name: '区人社局', matched: '区人力社保局', district: '武隆区' }).message
 * // '武隆区“区人社局”按别名识别为“区人力社保局”'
 */
export function aliasMatchWarning(input: { name: string; matched: string; district?: string }): Warning {
  return makeWarning('ALIAS_MATCH', `${input.district ?? ''}“${input.name}”按别名识别为“${input.matched}”`, {
    indicator: input.name,
    district: input.district,
  });
}

/**
 * Turns the problems of a target text (see parseYearlyTargets) into UNPARSED_TARGET warnings.
 * @param label - what the text belongs to, e.g. the duty's title.
 * @example
 * unparsedTargetWarnings(['无法识别的目标：“2019年若干人次”'], { label: '开展妇女职业技能培训', district: '武隆区' })[0]?.message
 * // '武隆区“开展妇女职业技能培训”的目标：无法识别的目标：“2019年若干人次”'
 */
export function unparsedTargetWarnings(
  problems: readonly string[],
  context: { label: string; district?: string },
): Warning[] {
  return problems.map((problem) =>
    makeWarning('UNPARSED_TARGET', `${subject(context.label, context.district)}的目标：${problem}`, {
      indicator: context.label,
      district: context.district,
    }),
  );
}

/**
 * Traffic-light status of a target, see {@link ragStatus}.
 * @example const s: RagStatus = 'AMBER';
 */
export type RagStatus = 'GREEN' | 'AMBER' | 'RED' | 'NONE';

/**
 * GREEN while completion is at most this far (5 percentage points) behind the elapsed share of
 * the period.
 * @example RAG_GREEN_TOLERANCE // 0.05
 */
export const RAG_GREEN_TOLERANCE = 0.05;

/**
 * AMBER while completion is at most this far (20 percentage points) behind the elapsed share of
 * the period; further behind is RED.
 * @example RAG_AMBER_TOLERANCE // 0.2
 */
export const RAG_AMBER_TOLERANCE = 0.2;

/**
 * Traffic-light status of progress toward a target, measured against the time elapsed:
 * completion = achieved / target; elapsedShare = the share of the period elapsed (clamped to 0..1,
 * e.g. 0.5 at the end of June for a calendar-year target).
 * - NONE: no positive target (nothing to measure against).
 * - GREEN: completion ≥ elapsedShare − {@link RAG_GREEN_TOLERANCE} (on schedule or ahead).
 * - AMBER: completion ≥ elapsedShare − {@link RAG_AMBER_TOLERANCE} (somewhat behind).
 * - RED: further behind.
 * Boundaries are inclusive (exactly 5 points behind is GREEN).
 * @example
 * ragStatus({ achieved: 450, target: 1000, elapsedShare: 0.5 }) // 'GREEN'
 * ragStatus({ achieved: 300, target: 1000, elapsedShare: 0.5 }) // 'AMBER'
 * ragStatus({ achieved: 299, target: 1000, elapsedShare: 0.5 }) // 'RED'
 * ragStatus({ achieved: 10, target: 0, elapsedShare: 0.5 })     // 'NONE'
 */
export function ragStatus(input: {
  achieved: number;
  target: number | null;
  elapsedShare: number;
}): RagStatus {
  const completion = completionRatio(input.achieved, input.target);
  if (completion === null) return 'NONE';
  const elapsed = Math.min(1, Math.max(0, input.elapsedShare));
  if (completion + EPSILON >= elapsed - RAG_GREEN_TOLERANCE) return 'GREEN';
  if (completion + EPSILON >= elapsed - RAG_AMBER_TOLERANCE) return 'AMBER';
  return 'RED';
}
