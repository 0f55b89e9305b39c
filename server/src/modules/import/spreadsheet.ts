import type ExcelJS from 'exceljs';
import { loadExcelJS } from './exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { ImportError } from './import.errors';
import { checkXlsxLimits } from './xlsx-limits';

/** A file as the user gave it: the name is only used in messages and to tell .xlsx from .csv. */
export interface ImportFile {
  name: string;
  content: Buffer;
}

/** One data row of a sheet: its row number as a spreadsheet program shows it, and its trimmed cells. */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** The first sheet of a file: the header row and the non-empty rows below it. */
export interface Sheet {
  file: string;
  headerRow: number;
  header: string[];
  rows: SheetRow[];
}

/** How to find the header row (see {@link readSheet}). */
export interface ReadSheetOptions {
  /** Whether a row is the header, given its cells as {@link headerKey}s. */
  isHeader?: (keys: string[]) => boolean;
}

/** At most this many title rows above the header are skipped. */
const MAX_TITLE_ROWS = 5;

/** A line of notes below a table. */
const NOTE_LINE = /^(?:备注|注)\s*[:：]/u;

/** The largest file the importer reads (a plan's table is a few hundred rows; 10 MB is generous). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** The old binary Excel format (.xls, OLE compound file). */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Reads a CSV or XLSX file into rows of trimmed text cells. The format is recognised from the
 * content (an XLSX is a ZIP archive), so a PNG renamed .xlsx, an old .xls or binary garbage named
 * .csv are refused with a message that says what the file is expected to be.
 *
 * - CSV: UTF-8 (a byte-order mark is allowed), RFC 4180 quoting, comma-separated (tab-separated
 *   when the header has tabs and no comma). A file in GBK (what some Excel versions write for
 *   "CSV") is refused with a hint to save it as "CSV UTF-8".
 * - XLSX: the first worksheet that has any cell; numbers are read as written (21000 → "21000"),
 *   formulas by their saved result, rich text as plain text, a merged cell's value in each of its cells.
 * - Rows whose cells are all empty are dropped. The header is the first remaining row, or, with
 *   `isHeader`, the first of the first six rows it accepts (title rows above it are skipped).
 * - A row starting with "备注：" or "注：" ends the table: notes below it are not data.
 * @throws ImportError for an empty file, a file that is not a spreadsheet, a CSV syntax error, a
 *   header-only file, a row with more cells than the header.
 * @example
 * const sheet = await readSheet({ name: 'catalogue.csv', content: Buffer.from('序号,名称\n1,钳工\n') });
 * // sheet.header = ['序号', '名称'], sheet.rows = [{ row: 2, cells: ['1', '钳工'] }]
 */
export async function readSheet(file: ImportFile, options: ReadSheetOptions = {}): Promise<Sheet> {
  const { name, content } = file;
  if (content.length === 0) throw new ImportError('文件为空，没有表头也没有数据', { file: name });
  if (content.length > MAX_FILE_BYTES) {
    throw new ImportError(`文件过大（${Math.ceil(content.length / 1024 / 1024)} MB），上限为 10 MB`, {
      file: name,
    });
  }
  const isXlsx = content.subarray(0, 4).equals(ZIP_MAGIC);
  const wantsXlsx = /\.xlsx$/iu.test(name);
  let raw: { row: number; cells: string[] }[];
  if (content.subarray(0, 8).equals(OLE_MAGIC)) {
    throw new ImportError('这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或“CSV UTF-8”后再导入', {
      file: name,
    });
  } else if (isXlsx) {
    raw = await readXlsx(name, content);
  } else if (wantsXlsx) {
    throw new ImportError(
      '文件扩展名为 .xlsx，但内容不是 Excel 工作簿，请确认文件未损坏、不是改了扩展名的其他文件',
      {
        file: name,
      },
    );
  } else {
    raw = readCsv(name, content);
  }
  const nonEmpty = raw.filter((r) => r.cells.some((c) => c !== ''));
  // Title lines above the header ("2021年全市…指导性计划", "单位：人次") are skipped when the caller
  // can recognise its header; otherwise the first non-empty row is the header.
  const hinted = options.isHeader
    ? nonEmpty.slice(0, MAX_TITLE_ROWS + 1).findIndex((r) => options.isHeader?.(r.cells.map(headerKey)))
    : -1;
  const [headerLine, ...afterHeader] = nonEmpty.slice(Math.max(0, hinted));
  if (!headerLine) throw new ImportError('文件为空，没有表头也没有数据', { file: name });
  // Notes under the table ("备注：1. …", "注：〔〕内为五年累计数。") end it.
  const notes = afterHeader.findIndex((r) => NOTE_LINE.test(r.cells.find((c) => c !== '') ?? ''));
  const rows = notes < 0 ? afterHeader : afterHeader.slice(0, notes);
  // Trailing empty header cells are not columns (spreadsheet programs leave them behind).
  const header = [...headerLine.cells];
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  if (rows.length === 0)
    throw new ImportError('文件只有表头，没有数据行', { file: name, row: headerLine.row });
  for (const r of rows) {
    const extra = r.cells.slice(header.length).findIndex((c) => c !== '');
    if (extra >= 0) {
      throw new ImportError(
        `这一行有 ${header.length + extra + 1} 列，比表头（${header.length} 列）多，请检查是否多了分隔符或少了表头`,
        {
          file: name,
          row: r.row,
        },
      );
    }
    r.cells = r.cells.slice(0, header.length);
    while (r.cells.length < header.length) r.cells.push('');
  }
  return { file: name, headerRow: headerLine.row, header, rows };
}

function readCsv(name: string, content: Buffer): { row: number; cells: string[] }[] {
  if (content.includes(0)) {
    throw new ImportError('不是文本格式的 CSV 文件（内容含二进制数据），请上传 .csv（UTF-8）或 .xlsx 文件', {
      file: name,
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new ImportError(
      '不是 UTF-8 编码的 CSV 文件：请在 Excel 中选择“另存为 → CSV UTF-8（逗号分隔）”，或上传 .xlsx 文件',
      {
        file: name,
      },
    );
  }
  text = text.replace(/^\uFEFF/u, '');
  if (text.trim() === '') throw new ImportError('文件为空，没有表头也没有数据', { file: name });
  const firstLine = text.slice(0, text.search(/\r?\n|$/u));
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    const e = error as { message?: string; lines?: number; record?: number };
    throw new ImportError(`CSV 格式错误（${e.message ?? String(error)}），请检查引号是否成对`, {
      file: name,
      row: typeof e.lines === 'number' ? e.lines : null,
    });
  }
  return records.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c.trim()) }));
}

async function readXlsx(name: string, content: Buffer): Promise<{ row: number; cells: string[] }[]> {
  // Bounded by what it unpacks to, before exceljs inflates it all (a zip bomb).
  await checkXlsxLimits(name, content);
  const workbook = new (await loadExcelJS()).Workbook();
  try {
    // exceljs declares its own Buffer type; a Node Buffer is what it reads.
    await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  } catch {
    throw new ImportError('无法读取 Excel 工作簿（文件可能已损坏，或不是 .xlsx 文件）', { file: name });
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw new ImportError('Excel 工作簿中没有任何数据', { file: name });
  const rows: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value).trim();
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/** The text of an exceljs cell value, whatever its type. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText.map((r) => r.text).join('');
    if ('result' in value)
      return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

/** A column header compared without whitespace, so "目标\n计划" and "目标 计划" read as 目标计划. */
export function headerKey(header: string): string {
  return header.normalize('NFKC').replace(/\s+/gu, '');
}

/** Accepted headers of each field of a table, and whether the field's column must exist. */
export type ColumnSpec = Record<string, { headers: readonly (string | RegExp)[]; required: boolean }>;

/** Column index of each field (a number for required fields), and the columns no field claimed. */
export type LocatedColumns<S extends ColumnSpec> = {
  [K in keyof S]: S[K]['required'] extends true ? number : number | null;
} & { others: number[] };

/**
 * Finds the columns a table needs by header. `spec` maps a field to the accepted headers (compared
 * by {@link headerKey}, a RegExp tested on the key); `required` fields must be present.
 * Columns not in `spec` and not in `ignored` are refused (a misspelt header must not be skipped silently).
 * @throws ImportError naming the missing or unknown column.
 */
export function locateColumns<const S extends ColumnSpec>(
  sheet: Sheet,
  spec: S,
  options: { ignored?: string[]; describe: string; allowOthers?: boolean } = { describe: '' },
): LocatedColumns<S> {
  const found: Record<string, number | null> = {};
  const others: number[] = [];
  const fields = Object.keys(spec);
  for (const f of fields) found[f] = null;
  const ignored = new Set((options.ignored ?? ['备注']).map(headerKey));
  sheet.header.forEach((h, index) => {
    const key = headerKey(h);
    const field = fields.find((f) =>
      spec[f]?.headers.some((a) => (typeof a === 'string' ? headerKey(a) === key : a.test(key))),
    );
    if (field !== undefined) {
      if (found[field] !== null) {
        throw new ImportError(`表头中“${h}”列重复出现`, {
          file: sheet.file,
          row: sheet.headerRow,
          column: h,
        });
      }
      found[field] = index;
    } else if (ignored.has(key)) {
      // a remarks column is for people, not for the importer
    } else if (options.allowOthers) {
      others.push(index);
    } else if (key === '') {
      throw new ImportError(`第 ${index + 1} 列没有表头`, { file: sheet.file, row: sheet.headerRow });
    } else {
      throw new ImportError(`无法识别的列“${h}”。${options.describe}`, {
        file: sheet.file,
        row: sheet.headerRow,
        column: h,
      });
    }
  });
  for (const f of fields) {
    const s = spec[f];
    if (s?.required && found[f] === null) {
      const first = s.headers.find((a): a is string => typeof a === 'string') ?? f;
      throw new ImportError(`缺少“${first}”列。${options.describe}`, {
        file: sheet.file,
        row: sheet.headerRow,
        column: first,
      });
    }
  }
  return { ...found, others } as LocatedColumns<S>;
}

/** Cell of a row at a column index that may be missing (optional column). */
export function cellAt(row: SheetRow, index: number | null): string {
  return index === null ? '' : (row.cells[index] ?? '');
}
