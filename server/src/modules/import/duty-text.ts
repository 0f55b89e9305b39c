import { chineseOrdinal, normaliseName } from '@skills/domain';

/**
 * Splits a 责任清单 cell into its numbered items: "1. 摸清底数。2. 提出方案。" → ['摸清底数。', '提出方案。'].
 *
 * An item number is "N." / "N．" / "N、" at the start of the text or after a sentence end (。；;！？),
 * a line break or a space, and numbers must run 1, 2, 3…, so a figure inside an item
 * ("1.45万人次") is not taken for a new item. Text without a leading "1." is one item (file 001
 * rows 20, 22, 24–26 have a single unnumbered sentence). Empty text gives no items.
 * @example splitResponsibilityItems('1. 做好培训。2. 做好统筹协调工作。') // ['做好培训。', '做好统筹协调工作。']
 * @example splitResponsibilityItems('依法加强资金监管。') // ['依法加强资金监管。']
 */
export function splitResponsibilityItems(text: string): string[] {
  const t = text.trim();
  if (t === '') return [];
  const first = /^1\s*[.．、]\s*/u.exec(t);
  if (!first) return [t];
  const items: string[] = [];
  let start = first[0].length;
  let n = 2;
  for (;;) {
    const next = findItemNumber(t, n, start);
    if (next === null) break;
    items.push(t.slice(start, next.at).trim());
    start = next.at + next.length;
    n += 1;
  }
  items.push(t.slice(start).trim());
  return items.filter((s) => s !== '');
}

function findItemNumber(t: string, n: number, from: number): { at: number; length: number } | null {
  const re = new RegExp(`(?<=[。；;！？!?\\s])${n}\\s*[.．、](?!\\d)\\s*`, 'gu');
  re.lastIndex = from;
  const m = re.exec(t);
  return m ? { at: m.index, length: m[0].length } : null;
}

/**
 * The sequence of a duty row: Arabic ("1") or a Chinese ordinal ("四", "（四）"). Returns the
 * sequence as it will be stored (brackets removed) and its number, for ordering.
 * @throws RangeError with a Chinese message when it is neither.
 * @example parseSequence('（十七）') // { seq: '十七', order: 17 }
 */
export function parseSequence(cell: string): { seq: string; order: number } {
  const t = cell.normalize('NFKC').replace(/\s+/gu, '');
  const arabic = /^\(?(\d{1,4})\)?[.、]?$/u.exec(t);
  if (arabic) return { seq: String(Number(arabic[1])), order: Number(arabic[1]) };
  const bare = t.replace(/^\((.*)\)$/u, '$1').replace(/[、.]$/u, '');
  try {
    return { seq: bare, order: chineseOrdinal(bare) };
  } catch {
    throw new RangeError(`序号“${cell.trim()}”无法识别（应为 1、2、3… 或 一、二、三…）`);
  }
}

/**
 * The unit a task's text names as its lead: "建立区政府统一领导，区人力社保局牵头，相关部门…各司其职"
 * → 区人力社保局 (file 004 item (十七), whose 责任单位 lists only categories).
 *
 * Takes the text between the previous punctuation and "牵头"; prefers the longest known name
 * (`isKnown`) that ends right before 牵头 (so "由区人力社保局牵头" gives 区人力社保局), else the
 * fragment without a leading 由/以/请. Returns null when the text names no lead, or names a
 * generic one ("相关部门牵头", "各地牵头").
 */
export function leadNamedInText(text: string, isKnown: (name: string) => boolean): string | null {
  const re = /([^，。；;,、：:！？\s（）()“”]{2,30})牵头/gu;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const fragment = m[1] ?? '';
    for (let i = 0; i < fragment.length - 1; i++) {
      const candidate = fragment.slice(i);
      if (isKnown(candidate)) return candidate;
    }
    const stripped = fragment.replace(/^(?:由|以|请|并由|要由)/u, '');
    if (/^(?:相关|有关|各)/u.test(stripped) || normaliseName(stripped).length < 2) continue;
    if (/(?:局|委|办|会|联|部|中心|政府)$/u.test(stripped)) return stripped;
  }
  return null;
}

/** Whether a 序号/重点工作/区县 cell marks the document's total row. */
export function isTotalLabel(cell: string): boolean {
  return /^(?:合计|总计|全市合计|总合计)$/u.test(cell.normalize('NFKC').replace(/[\s:：]+/gu, ''));
}
