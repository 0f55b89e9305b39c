import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | null = null;

/**
 * exceljs, loaded on first use: requiring it costs about 0.4 s of every start (issue 8), and only
 * an import of a spreadsheet or an export needs it.
 */
export function loadExcelJS(): Promise<typeof ExcelJS> {
  return (loading ??= import('exceljs').then((m) => (m as { default?: typeof ExcelJS }).default ?? m));
}
