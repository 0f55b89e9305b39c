import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { loadSourceDocuments } from '../../../seed/source-documents';
import { DutyListKind } from '../../duty/duty.entity';
import { ImportError } from '../import.errors';
import { ImportTableKind } from '../import.model';
import { importManifest, importTable, importUploadedFile } from '../import.service';
import { toImportReport } from '../import.types';
import { editCsvCell, silentLog, sourceFile, tableCounts } from './support';

/** The warnings the shipped documents do not produce, on corrected copies of them; the upload path. */
let db: TestDatabase;
const city = { districtId: null };

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSourceDocuments(db.dataSource, silentLog);
});
afterAll(async () => {
  await db?.drop();
});

describe('warnings', () => {
  it('reports an "of which" figure larger than its parent (万州区 新型学徒制培训 9000 > 企业职工培训 8400)', async () => {
    const csv = editCsvCell(
      sourceFile('plans/cq-2021-guidance/annex1-training-targets.csv').toString('utf8'),
      2,
      '其中，新型学徒制培训',
      '9000',
    );
    const report = await db.dataSource.transaction((m) =>
      importTable(
        m,
        { name: 'annex1.csv', content: Buffer.from(csv) },
        { planCode: 'CQ-2021-GUIDANCE', kind: ImportTableKind.ALLOCATION },
        city,
      ),
    );
    const ofWhich = report.warnings.filter((w) => w.code === 'OF_WHICH_EXCEEDS_PARENT');
    expect(ofWhich).toEqual([
      expect.objectContaining({
        severity: 'WARNING',
        district: '万州区',
        indicator: '新型学徒制培训',
        expected: 8400,
        actual: 9000,
        row: 2,
      }),
    ]);
    expect(ofWhich[0]?.message).toBe(
      '万州区“新型学徒制培训”为 9000，超过其所属的“企业职工培训” 8400，多 600',
    );
  });

  it('reports a target text it cannot read and still reads the rest of it', async () => {
    const csv = sourceFile('plans/wulong-2019/annex1-department-duties.csv')
      .toString('utf8')
      .replace(
        '2019年2000人次； 2020年2100人次； 2021年2200人次。',
        '2019年若干人次； 2020年2100人次； 2021年2200人次。',
      );
    const report = await db.dataSource.transaction((m) =>
      importTable(
        m,
        { name: 'duties.csv', content: Buffer.from(csv) },
        { planCode: 'WULONG-2019', kind: ImportTableKind.DUTY_LIST, listKind: DutyListKind.DEPARTMENT },
        city,
      ),
    );
    const unparsed = report.warnings.filter((w) => w.code === 'UNPARSED_TARGET');
    expect(unparsed.map((w) => [w.row, w.severity])).toEqual([[2, 'WARNING']]);
    expect(unparsed[0]?.message).toContain('“2019年若干人次”');
    // 2019 of duty 1 is gone: the 总计 of 2019 (4320) no longer adds up (2320).
    expect(
      report.warnings.filter((w) => w.code === 'TOTAL_MISMATCH').map((w) => [w.expected, w.actual]),
    ).toEqual([[4320, 2320]]);
    expect(report).toMatchObject({ updated: 1, unchanged: 26 });
  });
});

describe("uploads (the GraphQL mutation's service)", () => {
  it('imports a base64 upload and answers the GraphQL report shape', async () => {
    const content = sourceFile('plans/dadukou-2022-project-training/catalogue.csv').toString('base64');
    const result = await db.dataSource.transaction((m) =>
      importUploadedFile(
        m,
        {
          fileName: 'C:\\fakepath\\目录.csv',
          contentBase64: content,
          planCode: 'DADUKOU-2022-PROJECT-TRAINING',
          kind: ImportTableKind.CATALOGUE,
        },
        { districtId: null, userId: null },
      ),
    );
    expect(toImportReport(result)).toEqual({
      file: '目录.csv',
      rowsRead: 32,
      created: 0,
      updated: 0,
      unchanged: 32,
      skipped: 0,
      removed: 0,
      warnings: [],
    });
  });

  it('refuses, in a district plan, the allocation of another district', async () => {
    const districts = await db.dataSource.query<{ id: string; name: string }[]>(
      `SELECT id, name FROM district WHERE name IN ('武隆区', '北碚区')`,
    );
    const wulong = districts.find((d) => d.name === '武隆区')?.id ?? null;
    const manifest = {
      code: 'WULONG-2021-ALLOCATION',
      title: '武隆区2021年培训分配',
      issuer: '武隆区人力社保局',
      level: 'DISTRICT',
      district: '武隆区',
      startYear: 2021,
      endYear: 2021,
      cadence: 'QUARTERLY',
      indicators: [{ code: 'T', name: '培训', unit: '人次', nature: 'EXPECTED' }],
      tables: [],
    };
    await db.dataSource.transaction((m) => importManifest(m, { fileName: 'plan.json', manifest, files: {} }));
    const before = await tableCounts(db.dataSource);
    const error = await db.dataSource
      .transaction((m) =>
        importTable(
          m,
          { name: 'a.csv', content: Buffer.from('区县,培训\n武隆区,100\n北碚区,50\n') },
          { planCode: 'WULONG-2021-ALLOCATION', kind: ImportTableKind.ALLOCATION },
          { districtId: wulong },
        ),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).extensions).toMatchObject({ row: 3, column: '区县' });
    expect(await tableCounts(db.dataSource)).toEqual(before);
  });
});
