import { scaleDecimalText } from './internal';

/**
 * Units a yearly target may be counted in, as the documents spell them. 人次 = person-times,
 * 人 = persons, 个 = count (e.g. institutions), 家 = enterprises/organisations, 期 = classes or
 * sessions, 项 = items/projects. A leading 万 (×10 000) is a multiplier, not part of the unit.
 * @example TARGET_UNITS.includes('人次') // true
 */
export const TARGET_UNITS = ['人次', '人', '个', '家', '期', '项'] as const;

/** One of {@link TARGET_UNITS}. @example const u: TargetUnit = '人次'; */
export type TargetUnit = (typeof TARGET_UNITS)[number];

/**
 * One year's figure in a target cell.
 * @example const t: YearlyTarget = { year: 2019, value: 2000, unit: '人次' };
 */
export interface YearlyTarget {
  /** Calendar year, e.g. 2019. */
  year: number;
  /** The figure, already multiplied out when written with 万 ("1.5万人次" → 15000). */
  value: number;
  /** The unit as written, without 万 (e.g. 人次, 人). Units are kept per year: the documents mix them. */
  unit: string;
}

/**
 * Result of {@link parseYearlyTargets}.
 * @example const r: YearlyTargetsResult = { targets: [], total: false, problems: [] };
 */
export interface YearlyTargetsResult {
  /** Targets in the order written; a year that appears twice is kept only once (the first). */
  targets: YearlyTarget[];
  /** True when the cell is a 总计/合计 (total) line: a claim to check, not a duty's own target. */
  total: boolean;
  /** One Chinese message per fragment that could not be read, quoting the fragment. */
  problems: string[];
}

const TOTAL_PREFIX = /^(?:总计|合计)\s*[:：]?\s*/u;

/**
 * Splits a cell into fragments at the separators between years: semicolons, enumeration comma,
 * full stop, line breaks, and commas, except a comma between a digit and exactly three digits,
 * which is a thousands separator ("2,000人次"). Written as a loop rather than a regular expression
 * with a lookbehind, which older Safari cannot even parse (the client imports this module).
 */
function splitFragments(text: string): string[] {
  const fragments: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const isComma = ch === ',' || ch === '，';
    const thousands =
      isComma &&
      /[0-9０-９]/u.test(text.charAt(i - 1)) &&
      /^[0-9０-９]{3}(?![0-9０-９])/u.test(text.slice(i + 1));
    if ('；;、。\r\n'.includes(ch) || (isComma && !thousands)) {
      fragments.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  fragments.push(current);
  return fragments;
}

/**
 * One target: year (optionally "年度", optionally followed by a colon), number (thousands commas
 * allowed), optional 万, unit. Applied to a fragment from which whitespace has been removed and
 * which has been NFKC-normalised (full-width digits and colons become ASCII).
 */
const ONE_TARGET = new RegExp(
  String.raw`(\d{4})年度?:?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(万)?(` + TARGET_UNITS.join('|') + ')',
  'uy',
);

const FORMAT_HINT = '应写作“年份+数值+单位”，如“2019年2000人次”';

/**
 * Reads a yearly-target cell of a responsibility list (e.g. file 001, column
 * "2019—2021年 培训目标任务") into one figure per year.
 *
 * Accepted: years written "2019年" followed by a number and a unit from {@link TARGET_UNITS},
 * optionally with 万 ("1.5万人次" → 15000 人次); years separated by full- or half-width semicolons,
 * commas, 、, full stops, line breaks or just spaces; stray spaces anywhere ("2019年 2000人次");
 * full-width digits; a leading "总计：" or "合计：" marks a total line (`total: true`).
 *
 * Never throws. Empty text gives no targets and no problem (many duties have no numeric target).
 * Anything else is reported in `problems`, one Chinese message per fragment, quoting it as
 * written: a fragment without a year ("每年不少于2000人次"), a vague figure ("2019年若干人次"), a
 * unit outside the list, a figure that is not a whole number, a year given twice (the first is
 * kept). The caller should show the problems (see `unparsedTargetWarnings` in rules) rather than
 * trust a partial reading.
 *
 * @example
 * parseYearlyTargets('2019年2000人次； 2020年2100人次； 2021年2200人次。')
 * // { targets: [{ year: 2019, value: 2000, unit: '人次' }, { year: 2020, value: 2100, unit: '人次' },
 * //             { year: 2021, value: 2200, unit: '人次' }], total: false, problems: [] }
 * parseYearlyTargets('总计：2019年4320人次；2020年4880人次；2021年5820人次。').total // true
 * parseYearlyTargets('2019年若干人次').problems
 * // ['无法识别的目标：“2019年若干人次”（应写作“年份+数值+单位”，如“2019年2000人次”）']
 */
export function parseYearlyTargets(text: string): YearlyTargetsResult {
  const result: YearlyTargetsResult = { targets: [], total: false, problems: [] };
  let body = text.trim();
  if (body === '') return result;

  const prefix = TOTAL_PREFIX.exec(body.normalize('NFKC'));
  if (prefix) {
    result.total = true;
    // The prefix is ASCII-only after NFKC except for 总计/合计 and the colon, which keep their
    // length under NFKC, so the same number of characters can be cut from the original text.
    body = body.slice(prefix[0].length).trim();
    if (body === '') {
      result.problems.push(`“${text.trim()}”后没有可识别的目标（${FORMAT_HINT}）`);
      return result;
    }
  }

  const seen = new Map<number, YearlyTarget>();
  for (const rawFragment of splitFragments(body)) {
    const fragment = rawFragment.trim();
    if (fragment === '') continue;
    const parsed = readFragment(fragment);
    if (typeof parsed === 'string') {
      result.problems.push(parsed);
      continue;
    }
    for (const target of parsed) {
      const earlier = seen.get(target.year);
      if (earlier) {
        result.problems.push(
          `年份重复：“${fragment}”中的${target.year}年已在前面出现（${earlier.value}${earlier.unit}），` +
            `已按前一个数值读取，请核对`,
        );
        continue;
      }
      seen.set(target.year, target);
      result.targets.push(target);
    }
  }
  return result;
}

/** Reads one fragment (one or more targets with no separator between them) or explains why not. */
function readFragment(fragment: string): YearlyTarget[] | string {
  const compact = fragment.normalize('NFKC').replace(/\s+/gu, '');
  const targets: YearlyTarget[] = [];
  ONE_TARGET.lastIndex = 0;
  while (ONE_TARGET.lastIndex < compact.length) {
    const m = ONE_TARGET.exec(compact);
    if (!m) return `无法识别的目标：“${fragment}”（${FORMAT_HINT}）`;
    const [, year = '', number = '', wan, unit = ''] = m;
    const value = scaleDecimalText(number.replace(/,/gu, ''), wan ? 4 : 0);
    if (!Number.isInteger(value)) {
      return `目标数值不是整数：“${fragment}”（${unit}只能是整数）`;
    }
    targets.push({ year: Number(year), value, unit });
  }
  return targets;
}
