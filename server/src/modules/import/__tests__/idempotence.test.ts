import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { loadSourceDocuments } from '../../../seed/source-documents';
import { ImportTableKind } from '../import.model';
import { importManifest, importTable } from '../import.service';
import { editCsvCell, silentLog, sourceFile, tableCounts } from './support';

/** Importing the same files twice changes nothing; a corrected file changes exactly what changed. */
let db: TestDatabase;
const city = { districtId: null };
const q = <T>(sql: string, params: unknown[] = []) => db.dataSource.query<T[]>(sql, params);

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSourceDocuments(db.dataSource, silentLog);
});
afterAll(async () => {
  await db?.drop();
});

describe('importing the same files again', () => {
  it('creates, updates and removes nothing, and every report says unchanged', async () => {
    const before = await tableCounts(db.dataSource);
    const ids = await q<{ id: string }>('SELECT id FROM duty ORDER BY id');
    const reports = await loadSourceDocuments(db.dataSource, silentLog);
    for (const r of reports) {
      expect({ file: r.file, created: r.created, updated: r.updated, removed: r.removed }).toEqual({
        file: r.file,
        created: 0,
        updated: 0,
        removed: 0,
      });
      expect(r.unchanged + r.skipped).toBe(r.rowsRead);
    }
    expect(reports.find((r) => r.file === 'annex1-department-duties.csv')?.unchanged).toBe(27);
    const after = await tableCounts(db.dataSource);
    expect(after).toEqual({ ...before, import_run: before.import_run + reports.length });
    // Rows are kept, not deleted and recreated: their ids do not change.
    expect(await q<{ id: string }>('SELECT id FROM duty ORDER BY id')).toEqual(ids);
    // The warnings are reported again: they describe the file, not the change.
    expect(reports.find((r) => r.file === 'annex1-training-targets.csv')?.warnings).toHaveLength(3);
  });
});

describe('a corrected file', () => {
  const value = async (district: string, code: string) => {
    const [row] = await q<{ value: number }>(
      `SELECT t.value::int AS value FROM target t JOIN indicator i ON i.id = t.indicator_id JOIN district d ON d.id = t.district_id
        WHERE i.code = $1 AND d.name = $2`,
      [code, district],
    );
    return row?.value;
  };

  it('updates the one changed cell of an allocation table (万州区 家服培训 2500 → 2400)', async () => {
    const csv = sourceFile('plans/cq-2021-guidance/annex1-training-targets.csv').toString('utf8');
    const corrected = editCsvCell(csv, 2, '家服培训', '2400');
    const before = await tableCounts(db.dataSource);
    const report = await db.dataSource.transaction((m) =>
      importTable(
        m,
        { name: 'annex1-corrected.csv', content: Buffer.from(corrected) },
        { planCode: 'CQ-2021-GUIDANCE', kind: ImportTableKind.ALLOCATION },
        city,
      ),
    );
    expect(report).toMatchObject({ rowsRead: 42, created: 0, updated: 1, unchanged: 41, removed: 0 });
    expect(await value('万州区', 'HOUSEHOLD_SERVICE_TRAINING')).toBe(2400);
    // The 合计 still says 40000; the districts now add up to 39900: the claim is kept, and reported.
    const mismatch = report.warnings
      .filter((w) => w.code === 'TOTAL_MISMATCH')
      .map((w) => [w.indicator, w.expected, w.actual]);
    expect(mismatch).toEqual([
      ['家服培训', 40000, 39900],
      ['新职业培训', 20090, 20000],
    ]);
    expect(await tableCounts(db.dataSource)).toEqual({ ...before, import_run: before.import_run + 1 });
  });

  it('removes the targets of an emptied cell and of a district the file no longer lists', async () => {
    const csv = sourceFile('plans/cq-2021-guidance/annex1-training-targets.csv').toString('utf8');
    const lines = csv.split('\n').filter((l) => !l.startsWith('41,万盛经开区'));
    const corrected = editCsvCell(lines.join('\n'), 3, '创业培训', '');
    const report = await db.dataSource.transaction((m) =>
      importTable(
        m,
        { name: 'annex1.csv', content: Buffer.from(corrected) },
        { planCode: 'CQ-2021-GUIDANCE', kind: ImportTableKind.ALLOCATION },
        city,
      ),
    );
    // 万州区 changes back to 2500 (the original file), 黔江区 loses 创业培训, 万盛经开区 is gone.
    expect(report).toMatchObject({ rowsRead: 41, created: 0, updated: 2, unchanged: 39, removed: 1 });
    expect(report.warnings.filter((w) => w.code === 'ROW_REMOVED').map((w) => w.district)).toEqual([
      '万盛经开区',
    ]);
    expect(await value('黔江区', 'ENTREPRENEURSHIP_TRAINING')).toBeUndefined();
    expect(await value('万盛经开区', 'GUIDANCE_PLAN')).toBeUndefined();
    expect(await value('万州区', 'HOUSEHOLD_SERVICE_TRAINING')).toBe(2500);
  });

  it('updates a changed duty and removes a duty that disappeared from a responsibility list', async () => {
    const dir = 'plans/wulong-2019/';
    const csv = sourceFile(`${dir}annex1-department-duties.csv`).toString('utf8');
    const corrected = csv
      .replace(
        '2019年700人次； 2020年700人次； 2021年700人次。',
        '2019年700人次； 2020年750人次； 2021年700人次。',
      )
      .split('\n')
      .filter((l) => !l.startsWith('26,督促检查'))
      .join('\n');
    const files: Record<string, Buffer> = {
      'annex1-department-duties.csv': Buffer.from(corrected),
      'annex2-enterprise-duties.csv': sourceFile(`${dir}annex2-enterprise-duties.csv`),
      'annex3-institution-duties.csv': sourceFile(`${dir}annex3-institution-duties.csv`),
    };
    const result = await db.dataSource.transaction((m) =>
      importManifest(m, { fileName: 'plan.json', manifest: sourceFile(`${dir}plan.json`), files }),
    );
    const annex1 = result.reports.find((r) => r.file === 'annex1-department-duties.csv');
    expect(annex1).toMatchObject({ rowsRead: 26, created: 0, updated: 1, unchanged: 25, removed: 1 });
    expect(annex1?.warnings.filter((w) => w.code === 'ROW_REMOVED')).toHaveLength(1);
    // The 总计 still says 4880 for 2020; duty 5 now adds 50 more.
    expect(
      annex1?.warnings.filter((w) => w.code === 'TOTAL_MISMATCH').map((w) => [w.expected, w.actual]),
    ).toEqual([[4880, 4930]]);
    const [duty5] = await q<{ value: number }>(
      `SELECT t.value::int AS value FROM duty_target t JOIN duty d ON d.id = t.duty_id WHERE d.list_kind = 'DEPARTMENT'
          AND d.seq = '5' AND t.year = 2020 AND d.district_id = (SELECT id FROM district WHERE name = '武隆区')`,
    );
    expect(duty5?.value).toBe(750);
    const [gone] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM duty WHERE title = '督促检查'`);
    expect(gone?.n).toBe(0);
    expect(result.reports.find((r) => r.file === 'plan.json')).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 2,
    });
  });

  it('updates a renamed catalogue entry and nothing else', async () => {
    const csv = sourceFile('plans/dadukou-2022-project-training/catalogue.csv').toString('utf8');
    const report = await db.dataSource.transaction((m) =>
      importTable(
        m,
        { name: 'catalogue.csv', content: Buffer.from(csv.replace('1,数据标注员', '1,数据标注员（初级）')) },
        { planCode: 'DADUKOU-2022-PROJECT-TRAINING', kind: ImportTableKind.CATALOGUE },
        city,
      ),
    );
    expect(report).toMatchObject({ rowsRead: 32, created: 0, updated: 1, unchanged: 31, removed: 0 });
  });
});
