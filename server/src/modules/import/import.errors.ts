import { BadInputError } from '../../graphql/errors';

/** Where in a file a problem was found: 1-based row as a spreadsheet program numbers it, column header. */
export interface ImportErrorLocation {
  /** The file as the user named it (annex1-training-targets.csv, plan.json). */
  file: string;
  /** 1-based row number (the header row is row 1 in a CSV; the sheet's own row number in an XLSX). */
  row?: number | null;
  /** The column as its header writes it, or a manifest field path (indicators[2].nature). */
  column?: string | null;
}

/**
 * A file that cannot be imported: a missing column, a cell that is not a number, an unknown district,
 * an empty file, a file that is not a spreadsheet. The message is Simplified Chinese and says what to
 * fix; extensions carry `{ code: BAD_USER_INPUT, file, row, column }` for the client to point at the cell.
 * Nothing is written when it is thrown (the importer parses everything before it writes, and writes
 * inside a savepoint).
 * @example
 * throw new ImportError('不是有效数字：“约2000”', { file: 'annex1.csv', row: 5, column: '家服培训' });
 * // message: 文件“annex1.csv”第 5 行“家服培训”列：不是有效数字：“约2000”
 */
export class ImportError extends BadInputError {
  readonly file: string;
  readonly row: number | null;
  readonly column: string | null;
  /** The problem alone, without the location prefix. */
  readonly problem: string;

  constructor(problem: string, where: ImportErrorLocation) {
    const row = where.row ?? null;
    const column = where.column ?? null;
    const place = `文件“${where.file}”${row !== null ? `第 ${row} 行` : ''}${column !== null ? `“${column}”列` : ''}`;
    super(`${place}：${problem}`, { file: where.file, row, column });
    this.file = where.file;
    this.row = row;
    this.column = column;
    this.problem = problem;
  }
}
