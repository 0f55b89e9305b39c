import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { DutyListKind } from '../../duty/duty.entity';
import { ImportTableKind } from '../import.model';
import { importManifest, importReferenceData, importTable } from '../import.service';
import { SOURCE_DATA_DIR } from '../../../seed/source-documents';
import { sourceFile } from './support';
import path from 'node:path';

/**
 * An XLSX made with exceljs from a shipped CSV imports to the same rows as the CSV: after the CSV,
 * importing the XLSX into the same plan reports every row unchanged (and a fresh plan from XLSX
 * files has the same targets as the CSV one).
 */
let db: TestDatabase;
const city = { districtId: null };

/** A workbook with the CSV's rows; numeric cells as numbers, like a spreadsheet a person typed. */
async function xlsxFrom(
  csv: Buffer,
  options: { title?: string; merge?: boolean; notes?: boolean } = {},
): Promise<Buffer> {
  const rows = parse(csv.toString('utf8')) as string[][];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  if (options.title) {
    // A title across the table and a unit line above the header, as the documents print them.
    sheet.addRow([options.title]);
    sheet.mergeCells(1, 1, 1, rows[0]?.length ?? 1);
    sheet.addRow(['单位：人次']);
  }
  for (const row of rows) sheet.addRow(row.map((cell) => (/^\d+$/u.test(cell) ? Number(cell) : cell)));
  if (options.merge) {
    // 合计 written across the 序号 and 区县 cells, as a merged cell
    const last = sheet.rowCount;
    sheet.getCell(`A${last}`).value = '合计';
    sheet.mergeCells(`A${last}:B${last}`);
  }
  if (options.notes) {
    sheet.addRow([]);
    sheet.addRow(['备注：']);
    sheet.addRow(['1. 企业职工培训，包括企业职工岗前培训……']);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const targets = () =>
  db.dataSource.query<{ plan: string; indicator: string; district: string; value: number }[]>(
    `SELECT p.code AS plan, i.code AS indicator, d.name AS district, t.value::int AS value
       FROM target t JOIN plan p ON p.id = t.plan_id JOIN indicator i ON i.id = t.indicator_id JOIN district d ON d.id = t.district_id
      ORDER BY i.code, d.sort_order`,
  );

beforeAll(async () => {
  db = await createTestDatabase();
  await db.dataSource.transaction(async (m) => {
    await importReferenceData(m, path.join(SOURCE_DATA_DIR, 'reference'));
    await importManifest(m, path.join(SOURCE_DATA_DIR, 'plans', 'cq-2021-guidance'));
    await importManifest(m, path.join(SOURCE_DATA_DIR, 'plans', 'wulong-2019'));
  });
});
afterAll(async () => {
  await db?.drop();
});

describe('XLSX', () => {
  it('imports an allocation table to the same rows as its CSV (title rows, merged 合计 cell, empty cells, notes)', async () => {
    const xlsx = await xlsxFrom(sourceFile('plans/cq-2021-guidance/annex1-training-targets.csv'), {
      title: '2021年全市职业技能提升行动指导性计划',
      merge: true,
      notes: true,
    });
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    const report = await db.dataSource.transaction((m) =>
      importTable(
        m,
        { name: '附件1.xlsx', content: xlsx },
        { planCode: 'CQ-2021-GUIDANCE', kind: ImportTableKind.ALLOCATION },
        city,
      ),
    );
    expect(report).toMatchObject({ rowsRead: 42, created: 0, updated: 0, unchanged: 42, removed: 0 });
    expect(report.warnings.map((w) => w.code)).toEqual([
      'TOTAL_MISMATCH',
      'CEILING_EXCEEDED',
      'CEILING_EXCEEDED',
    ]);
    // Row numbers are the sheet's own: the two title rows push the 合计 to row 45.
    expect(report.warnings[0]?.row).toBe(45);
  });

  it('creates from XLSX the same targets as from CSV', async () => {
    const csvTargets = (await targets()).filter((t) => t.plan === 'CQ-2021-GUIDANCE');
    const dir = 'plans/cq-2021-guidance/';
    const manifest = {
      ...JSON.parse(sourceFile(`${dir}plan.json`).toString('utf8')),
      code: 'CQ-2021-GUIDANCE-XLSX',
    } as {
      tables: { file: string }[];
    };
    manifest.tables = manifest.tables.map((t) => ({ ...t, file: t.file.replace('.csv', '.xlsx') }));
    const files = {
      'annex1-training-targets.xlsx': await xlsxFrom(sourceFile(`${dir}annex1-training-targets.csv`)),
      'annex2-evaluation-targets.xlsx': await xlsxFrom(sourceFile(`${dir}annex2-evaluation-targets.csv`)),
    };
    const result = await db.dataSource.transaction((m) =>
      importManifest(m, { fileName: 'plan.json', manifest, files }),
    );
    expect(result.reports.map((r) => [r.file, r.created])).toEqual([
      ['plan.json', 14],
      ['annex1-training-targets.xlsx', 42],
      ['annex2-evaluation-targets.xlsx', 42],
    ]);
    const xlsxTargets = (await targets()).filter((t) => t.plan === 'CQ-2021-GUIDANCE-XLSX');
    expect(xlsxTargets.map(({ plan: _plan, ...t }) => t)).toEqual(
      csvTargets.map(({ plan: _plan, ...t }) => t),
    );
    expect(xlsxTargets).toHaveLength(383 + 123);
  });

  it('imports a responsibility list (序号 as numbers) to the same duties as its CSV', async () => {
    const xlsx = await xlsxFrom(sourceFile('plans/wulong-2019/annex1-department-duties.csv'));
    const report = await db.dataSource.transaction((m) =>
      importTable(
        m,
        { name: '部门责任清单.xlsx', content: xlsx },
        { planCode: 'WULONG-2019', kind: ImportTableKind.DUTY_LIST, listKind: DutyListKind.DEPARTMENT },
        city,
      ),
    );
    expect(report).toMatchObject({ rowsRead: 27, created: 0, updated: 0, unchanged: 27, removed: 0 });
  });
});
