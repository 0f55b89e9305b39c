import { scaleDecimalText } from './internal';

/**
 * Units recognised in a trailing bracket of a column header or indicator label, e.g.
 * "技能人才评价数（人次）", "开展补贴性职业技能培训（万人次）", "开发新职业培训标准、考核标准（套）".
 * A bracket holding anything else (e.g. "（自治县）", "（高技能人才类）") is part of the name.
 * @example HEADER_UNIT.test('万人次') // true
 */
export const HEADER_UNIT = /^(?:万|亿)?(?:人次|人|个|家|期|项|套|名|所|次|元|天|课时|学时|%|％)$/u;

/**
 * A column header of an allocation table, read by {@link parseColumnHeader}.
 * @example const h: ColumnHeader = { name: '新型学徒制培训', unit: null, ofWhich: true };
 */
export interface ColumnHeader {
  /** The header without its "其中" prefix, unit bracket and whitespace. */
  name: string;
  /** The unit from a trailing bracket, as written (e.g. 人次, 个, 万人次), or null. */
  unit: string | null;
  /** True for a "其中" ("of which") column: a part of the column before it. */
  ofWhich: boolean;
}

const OF_WHICH_PREFIX = /^其中[，,：:、]?/u;
const TRAILING_BRACKET = /[（(]([^（）()]*)[）)]$/u;

/**
 * Reads a column header of an allocation table (file 000's annexes) into name, unit and whether
 * it is an "of which" column.
 *
 * - All whitespace is removed first: the PDF extraction cuts headers over lines
 *   ("目标\n计划" → "目标计划", "人力资 源培训" → "人力资源培训").
 * - A leading 其中 with an optional ，,：:、 marks an "of which" column; the prefix is removed.
 *   The parent is the nearest column before it that is not itself "of which" (the caller's job).
 * - A trailing bracket (full- or half-width) whose content matches {@link HEADER_UNIT} is the
 *   unit; any other bracket stays in the name.
 *
 * @example
 * parseColumnHeader('其中，新型学徒制培训') // { name: '新型学徒制培训', unit: null, ofWhich: true }
 * parseColumnHeader('技能人才评价数（人次）') // { name: '技能人才评价数', unit: '人次', ofWhich: false }
 * parseColumnHeader('人力资\n源培训')         // { name: '人力资源培训', unit: null, ofWhich: false }
 */
export function parseColumnHeader(h: string): ColumnHeader {
  let name = h.replace(/\s+/gu, '');
  let ofWhich = false;
  const prefix = OF_WHICH_PREFIX.exec(name);
  if (prefix) {
    ofWhich = true;
    name = name.slice(prefix[0].length);
  }
  let unit: string | null = null;
  const bracket = TRAILING_BRACKET.exec(name);
  if (bracket && HEADER_UNIT.test(bracket[1] ?? '')) {
    unit = bracket[1] ?? null;
    name = name.slice(0, bracket.index);
  }
  return { name, unit, ofWhich };
}

/**
 * A row label of an indicator table, read by {@link parseIndicatorLabel}.
 * @example const l: IndicatorLabel = { seq: 1, name: '开展补贴性职业技能培训', unit: '万人次', ofWhich: false };
 */
export interface IndicatorLabel extends ColumnHeader {
  /** The row's number ("1." → 1), or null for an unnumbered row. */
  seq: number | null;
}

const SEQ_PREFIX = /^(\d+)\s*[.．、]/u;

/**
 * Reads a row label of an indicator table such as file 002's 专栏1: an optional number
 * ("1." / "1．" / "1、"), then a header as read by {@link parseColumnHeader}.
 *
 * An unnumbered row never says "其中" itself, yet in 专栏1 the indented "企业新型学徒制培训" under
 * "2.其中：农民工参加职业技能培训人次" is a second "of which" of row 1. The label alone cannot tell,
 * so `ofWhich` is false here; {@link linkIndicatorRows} applies the table rule.
 *
 * @example
 * parseIndicatorLabel('2.其中：农民工参加职业技能培训人次（万人次）')
 * // { seq: 2, name: '农民工参加职业技能培训人次', unit: '万人次', ofWhich: true }
 * parseIndicatorLabel('        企业新型学徒制培训（万人次）')
 * // { seq: null, name: '企业新型学徒制培训', unit: '万人次', ofWhich: false }
 */
export function parseIndicatorLabel(label: string): IndicatorLabel {
  const trimmed = label.trim();
  const seqMatch = SEQ_PREFIX.exec(trimmed);
  const seq = seqMatch ? Number(seqMatch[1]) : null;
  const rest = seqMatch ? trimmed.slice(seqMatch[0].length) : trimmed;
  return { seq, ...parseColumnHeader(rest) };
}

/**
 * An indicator row with its parent resolved, from {@link linkIndicatorRows}.
 * @example const r: LinkedIndicatorRow = { seq: 2, name: '农民工参加职业技能培训人次', unit: '万人次', ofWhich: true, parentIndex: 0 };
 */
export interface LinkedIndicatorRow extends IndicatorLabel {
  /** Index (in the input list) of the row this one is a part of, or null for a top-level row. */
  parentIndex: number | null;
}

/**
 * Reads the indicator labels of one table in order and links each "of which" row to its parent.
 * Rule (file 002 专栏1): a "其中" row belongs to the nearest earlier row that is not "of which";
 * an unnumbered row directly after an "of which" row continues the same "其中" list (same parent).
 * Pass only indicator rows (not section headings such as "一、培训数量").
 * @example
 * linkIndicatorRows([
 *   '1.开展补贴性职业技能培训（万人次）',
 *   '2.其中：农民工参加职业技能培训人次（万人次）',
 *   '        企业新型学徒制培训（万人次）',
 * ]).map((r) => r.parentIndex) // [null, 0, 0]
 */
export function linkIndicatorRows(labels: readonly string[]): LinkedIndicatorRow[] {
  const rows: LinkedIndicatorRow[] = [];
  let lastTopLevel: number | null = null;
  for (const label of labels) {
    const parsed = parseIndicatorLabel(label);
    const previous = rows[rows.length - 1];
    const continuesOfWhich = !parsed.ofWhich && parsed.seq === null && previous?.ofWhich === true;
    if (parsed.ofWhich || continuesOfWhich) {
      rows.push({ ...parsed, ofWhich: true, parentIndex: lastTopLevel });
    } else {
      rows.push({ ...parsed, parentIndex: null });
      lastTopLevel = rows.length - 1;
    }
  }
  return rows;
}

/**
 * A value cell of an indicator table, from {@link parseIndicatorValue}.
 * @example const v: IndicatorValue = { value: 150, cumulative: true };
 */
export interface IndicatorValue {
  /** The figure as written, in the indicator's unit (150 in 万人次 stays 150). */
  value: number;
  /** True when written in 〔〕: a cumulative figure over the whole plan period (file 002: five years). */
  cumulative: boolean;
}

/**
 * Reads a value cell of an indicator table: "〔150〕" (also [], ［］, 【】) is a cumulative figure,
 * a bare number a figure for the target year; the number itself is read by {@link parseNumberCell}.
 * @returns null for an empty cell.
 * @throws RangeError with a Chinese message for anything else.
 * @example
 * parseIndicatorValue('〔150〕') // { value: 150, cumulative: true }
 * parseIndicatorValue('60')     // { value: 60, cumulative: false }
 * parseIndicatorValue('')       // null
 */
export function parseIndicatorValue(cell: string): IndicatorValue | null {
  const t = cell.trim();
  if (t === '') return null;
  const bracketed = /^[〔［[【]([^〔〕［］[\]【】]*)[〕］\]】]$/u.exec(t);
  const inner = bracketed ? (bracketed[1] ?? '') : t;
  let value: number | null;
  try {
    value = parseNumberCell(inner);
  } catch {
    value = null;
  }
  if (value === null) {
    throw new RangeError(`无法识别的指标值：“${t}”（应为数字，或用〔〕括起的累计数，如“〔150〕”）`);
  }
  return { value, cumulative: bracketed !== null };
}

/**
 * Reads a number cell of a table transcription.
 *
 * - Empty or whitespace only → null (no figure, e.g. a district without 家服基地).
 * - Whitespace anywhere is ignored (" 1 600 " → 1600); full-width digits are read (NFKC).
 * - Thousands separators must be well placed ("21,000", "21，000"; not "2,10").
 * - A trailing 万 multiplies by 10 000 exactly ("1.5万" → 15000).
 * - Decimals are allowed (percentage columns: "12.5" → 12.5; a trailing % or ％ is accepted and
 *   dropped: the value stays in percentage points). Whole-number text gives an integer.
 *
 * @throws RangeError `不是有效数字：“…”` for anything else: a sign ("-5"), a dash ("—"), words
 * ("约2000", "NaN"), exponents ("1e3").
 * @example
 * parseNumberCell('21,000') // 21000
 * parseNumberCell('1.5万')  // 15000
 * parseNumberCell('  ')     // null
 */
export function parseNumberCell(cell: string): number | null {
  const compact = cell.normalize('NFKC').replace(/\s+/gu, '');
  if (compact === '') return null;
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万)?(%)?$/u.exec(compact);
  if (!m || (m[3] && m[4])) throw new RangeError(`不是有效数字：“${cell.trim()}”`);
  const digits = (m[1] ?? '').replace(/,/gu, '') + (m[2] ?? '');
  return scaleDecimalText(digits, m[3] ? 4 : 0);
}
