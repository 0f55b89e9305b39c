import type { Warning } from './rules';

/**
 * What an import of one file did, shared by the server (which produces it) and the client and
 * command line (which show it). Warnings never stop an import; they are listed here.
 * @example
 * const r: ImportReport = { file: '000_2021年全市职业技能提升行动指导性计划.xlsx', rowsRead: 42,
 *   created: 41, updated: 0, unchanged: 0, warnings: [] };
 */
export interface ImportReport {
  /** The file as the user named it. */
  file: string;
  /** Data rows read (header and note lines not counted). */
  rowsRead: number;
  /** Rows that created a record. */
  created: number;
  /** Rows that changed an existing record. */
  updated: number;
  /** Rows identical to the stored record. */
  unchanged: number;
  warnings: Warning[];
}

/**
 * Whether a code point is displayed two columns wide in a terminal (East Asian Wide or Fullwidth:
 * CJK ideographs and punctuation, kana, Hangul, full-width forms such as （）：，). Ambiguous
 * characters (“”, ·, ①) count as one column, as in most terminals outside CJK locales.
 */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/**
 * Width of a text in terminal columns: CJK and full-width characters count 2, others 1.
 * @example
 * displayWidth('璧山区') // 6
 * displayWidth('TOTAL')  // 5
 */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) width += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return width;
}

/** Pads with spaces on the right to a display width. */
function padDisplay(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/**
 * Renders an import report as plain text for the command line: a summary line, then a
 * fixed-width table with one line per warning (severity, code, district, message), columns
 * aligned by display width (CJK counts 2). The message column is last and not padded. Lines end
 * with "\n" and carry no trailing spaces.
 * @example
 * formatReportTable({ file: '000.xlsx', rowsRead: 42, created: 41, updated: 0, unchanged: 0, warnings: [] })
 * // '文件 000.xlsx：读取 42 行，新建 41，更新 0，未变 0；警告 0 条\n'
 */
export function formatReportTable(report: ImportReport): string {
  const warningCount = report.warnings.filter((w) => w.severity === 'WARNING').length;
  const infoCount = report.warnings.length - warningCount;
  const counts = infoCount > 0 ? `警告 ${warningCount} 条，提示 ${infoCount} 条` : `警告 ${warningCount} 条`;
  const summary =
    `文件 ${report.file}：读取 ${report.rowsRead} 行，新建 ${report.created}，更新 ${report.updated}，` +
    `未变 ${report.unchanged}；${counts}`;
  if (report.warnings.length === 0) return `${summary}\n`;

  const headers = ['级别', '代码', '区县', '说明'] as const;
  const rows = report.warnings.map((w) => [w.severity, w.code, w.district ?? '', w.message] as const);
  const widths = [0, 1, 2].map((col) =>
    Math.max(displayWidth(headers[col] ?? ''), ...rows.map((r) => displayWidth(r[col] ?? ''))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, col) => (col < 3 ? padDisplay(cell, widths[col] ?? 0) : cell))
      .join('  ')
      .trimEnd();
  const rule = line([...widths.map((w) => '-'.repeat(w)), '-'.repeat(displayWidth(headers[3]))]);
  return [summary, line(headers), rule, ...rows.map(line)].join('\n') + '\n';
}
