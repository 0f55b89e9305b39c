/**
 * Comparison key for an organisation or district name: NFKC (full-width letters, digits and
 * brackets become half-width), every whitespace character removed (including the ideographic
 * space U+3000, no-break space U+00A0 and zero-width characters), and the remaining full-width
 * brackets （） turned into (). Use it only to compare or index names; store and show the name as
 * the document spells it.
 * @example
 * normaliseName('区人力 社保局') === normaliseName('区人力社保局') // true
 * normaliseName('中国（重庆）职业技能公共实训中心') // '中国(重庆)职业技能公共实训中心'
 */
export function normaliseName(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\u200B-\u200D\u2060\uFEFF]+/gu, '')
    .replace(/（/gu, '(')
    .replace(/）/gu, ')');
}

/**
 * Endings that mark a complete unit name in the documents' assignee cells: government departments
 * (局, 委, 办, 部, 部门, 厅, 处, 科, 室, 所, 站, 队, 政府), mass organisations (会, 联, 团区委), schools and
 * centres (院, 校, 中心, 基地, 馆, 机构), enterprises (企业, 公司, 行, 社), towns (镇, 乡, 街道).
 * @example UNIT_NAME_SUFFIXES.some((s) => '区教委'.endsWith(s)) // true
 */
export const UNIT_NAME_SUFFIXES: readonly string[] = [
  '局',
  '委',
  '办',
  '部',
  '部门',
  '厅',
  '处',
  '科',
  '室',
  '所',
  '站',
  '队',
  '政府',
  '会',
  '联',
  '团区委',
  '院',
  '校',
  '中心',
  '基地',
  '馆',
  '机构',
  '企业',
  '公司',
  '行',
  '社',
  '镇',
  '乡',
  '街道',
];

/**
 * First characters of a district-level (or city/county-level) body's name; 团 (团区委) and 各
 * (各行业主管部门, 各街镇) introduce names of the same level.
 */
const ADMIN_PREFIX = /^[区县市]/u;
const LIST_PREFIX = /^[区县市团各]/u;

/**
 * Whether a piece of text reads like a complete unit name on its own (ends with one of
 * {@link UNIT_NAME_SUFFIXES}, at least two characters long). Used by {@link splitUnitList} when no
 * list of known names is available.
 * @example
 * looksLikeUnitName('区国资委') // true
 * looksLikeUnitName('区人力')   // false
 */
export function looksLikeUnitName(s: string): boolean {
  const t = s.trim();
  return [...t].length >= 2 && UNIT_NAME_SUFFIXES.some((suffix) => t.endsWith(suffix) && t !== suffix);
}

/** Separators between names in an assignee cell (never spaces, which are resolved separately). */
const LIST_SEPARATORS = /[、，,；;\r\n]+/u;

/**
 * Splits an assignee cell (牵头单位 / 责任单位) into organisation names.
 *
 * Names are separated by 、，,；; or line breaks; a trailing 等 ("and others": "区教委等") is dropped;
 * empty items are dropped; names keep their original spelling, only trimmed.
 *
 * Spaces are ambiguous in the PDF extractions: "区人力 社保局" is one name cut by a line break,
 * "区国资委 区经济信息委" and "国有企业 规上企业" are two names. A space-separated chunk is
 * resolved by choosing how to group its parts (each group = consecutive parts joined without the
 * space), preferring the grouping with the most names:
 *
 * 1. With `isKnown`, a grouping in which every group is a known name (the caller decides what
 *    "known" means, e.g. a normalised lookup among organisations and aliases; it receives the
 *    group as written, spaces removed). When every part is known, every part becomes a name.
 * 2. Otherwise (no `isKnown`, or no grouping made only of known names), a grouping in which every
 *    group looks like a complete unit name: it ends with one of {@link UNIT_NAME_SUFFIXES}, and the
 *    groups agree on their prefix: either all start with 区/县/市/团/各, or none starts with
 *    区/县/市. The ending is what tells a whole name from a fragment ("区人力" ends with 力);
 *    a start such as 区 is not enough, since the first half of a cut name also starts with 区.
 *    The prefix agreement stops a cut after a character that happens to be a suffix
 *    ("区社会 保险局": "保险局" does not start with 区, so the chunk stays one name).
 * 3. When neither grouping exists, the parts are joined without the space into one name, which
 *    the caller then matches (and warns about when it matches nothing).
 *
 * @param isKnown - optional lookup of known names; called with text as written, spaces removed.
 * @example
 * splitUnitList('区农业农村委、区教委、区总工会、团区委、区妇联')
 * // ['区农业农村委', '区教委', '区总工会', '团区委', '区妇联']
 * splitUnitList('区人力 社保局')          // ['区人力社保局']
 * splitUnitList('区国资委 区经济信息委')  // ['区国资委', '区经济信息委']
 * splitUnitList('国有企业 规上企业')      // ['国有企业', '规上企业']
 * splitUnitList('区人力社保局、区教委等') // ['区人力社保局', '区教委']
 */
export function splitUnitList(text: string, isKnown?: (name: string) => boolean): string[] {
  const names: string[] = [];
  for (const rawItem of text.split(LIST_SEPARATORS)) {
    const item = rawItem
      .trim()
      .replace(/\s*等$/u, '')
      .trim();
    if (item === '') continue;
    const parts = item.split(/\s+/u).filter((p) => p !== '');
    if (parts.length === 1) {
      names.push(item);
      continue;
    }
    const grouping = (isKnown ? bestGrouping(parts, (g) => isKnown(g)) : null) ??
      longer(
        bestGrouping(parts, (g) => LIST_PREFIX.test(g) && looksLikeUnitName(g)),
        bestGrouping(parts, (g) => !ADMIN_PREFIX.test(g) && looksLikeUnitName(g)),
      ) ?? [parts.join('')];
    names.push(...grouping);
  }
  return names;
}

/** The grouping with more names (the first on a tie), or whichever exists. */
function longer(a: string[] | null, b: string[] | null): string[] | null {
  if (!a) return b;
  if (!b) return a;
  return b.length > a.length ? b : a;
}

/**
 * Groups consecutive parts so that every group satisfies `accept`, maximising the number of
 * groups; null when no such grouping exists. Dynamic programming over the cut positions
 * (the parts of one cell are few).
 */
function bestGrouping(parts: readonly string[], accept: (group: string) => boolean): string[] | null {
  const n = parts.length;
  // best[i]: the best grouping of parts[i..n), or null when impossible; best[n] is the empty grouping.
  const best: (string[] | null)[] = new Array<string[] | null>(n + 1).fill(null);
  best[n] = [];
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j <= n; j++) {
      const rest = best[j];
      if (!rest) continue;
      const group = parts.slice(i, j).join('');
      if (!accept(group)) continue;
      const candidate = [group, ...rest];
      const current = best[i];
      if (!current || candidate.length > current.length) best[i] = candidate;
    }
  }
  return best[0] ?? null;
}

const ORDINAL_DIGITS: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/**
 * Value of a Chinese ordinal numeral as used to number items (（一）… （二十）), from 1 to 99:
 * 一…九, 十, 十一…十九, 二十, 二十一…九十九. Accepts the numeral alone or wrapped in full- or
 * half-width round brackets, with spaces inside ("( 三 )", as file 001 prints it).
 * @throws RangeError with a Chinese message for anything else (empty text, 零, 两, 一十, 百…).
 * @example
 * chineseOrdinal('十二')     // 12
 * chineseOrdinal('（二十一）') // 21
 * chineseOrdinal('( 三 )')   // 3
 */
export function chineseOrdinal(s: string): number {
  const fail = (): never => {
    throw new RangeError(`不是中文序号：“${s}”（应为一至九十九，如“十二”或“（十二）”）`);
  };
  let t = s.trim();
  const bracketed = /^[（(]\s*(.*?)\s*[）)]$/u.exec(t);
  if (bracketed) t = bracketed[1] ?? '';
  const m = /^(?:([二三四五六七八九])?十([一二三四五六七八九])?|([一二三四五六七八九]))$/u.exec(t);
  if (!m) return fail();
  const [, tens, unitsAfterTen, single] = m;
  if (single !== undefined) return ORDINAL_DIGITS[single] ?? fail();
  const tensValue = tens === undefined ? 1 : (ORDINAL_DIGITS[tens] ?? fail());
  const unitsValue = unitsAfterTen === undefined ? 0 : (ORDINAL_DIGITS[unitsAfterTen] ?? fail());
  return tensValue * 10 + unitsValue;
}
