import fs from 'node:fs';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { createLogger } from '../../../logging/logger';
import { SOURCE_DATA_DIR } from '../../../seed/source-documents';

/** A logger that prints nothing (the seed logs one line per file). */
export const silentLog = createLogger('silent', false);

/** Bytes of a shipped source-data file, e.g. 'plans/wulong-2019/annex1-department-duties.csv'. */
export function sourceFile(relative: string): Buffer {
  return fs.readFileSync(path.join(SOURCE_DATA_DIR, relative));
}

/** Every table the importer writes, for "nothing was written" checks. */
export const IMPORT_TABLES = [
  'district',
  'organisation',
  'organisation_alias',
  'assignee_category',
  'plan',
  'indicator',
  'target',
  'claimed_total',
  'duty',
  'responsibility_item',
  'duty_assignment',
  'duty_target',
  'catalogue_entry',
  'import_run',
] as const;

/** Row count of every importer table. */
export async function tableCounts(
  db: DataSource | EntityManager,
): Promise<Record<(typeof IMPORT_TABLES)[number], number>> {
  const rows = await db.query<{ t: string; n: number }[]>(
    IMPORT_TABLES.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM ${t}`).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n])) as Record<(typeof IMPORT_TABLES)[number], number>;
}

/** A CSV text with one cell replaced: row 1 = header, columns by header name. */
export function editCsvCell(csv: string, row: number, column: string, value: string): string {
  const lines = csv.split('\n');
  const header = (lines[0] ?? '').split(',');
  const col = header.indexOf(column);
  if (col < 0) throw new Error(`no column ${column}`);
  const cells = (lines[row - 1] ?? '').split(',');
  cells[col] = value;
  lines[row - 1] = cells.join(',');
  return lines.join('\n');
}
