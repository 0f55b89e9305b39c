import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { ForbiddenError } from '../../../graphql/errors';
import { loadSourceDocuments } from '../../../seed/source-documents';
import { DutyListKind } from '../../duty/duty.entity';
import { ImportError } from '../import.errors';
import { ImportTableKind } from '../import.model';
import { importManifest, importTable, importUploadedFile, type ImportTableOptions } from '../import.service';
import { editCsvCell, silentLog, sourceFile, tableCounts } from './support';

/**
 * Bad input never half-imports: a clear ImportError (BAD_USER_INPUT) naming file, row and column,
 * and the row count of every table exactly as before.
 */
let db: TestDatabase;
const annex1 = () => sourceFile('plans/cq-2021-guidance/annex1-training-targets.csv').toString('utf8');
const allocation: ImportTableOptions = { planCode: 'CQ-2021-GUIDANCE', kind: ImportTableKind.ALLOCATION };
const dutyList: ImportTableOptions = {
  planCode: 'WULONG-2019',
  kind: ImportTableKind.DUTY_LIST,
  listKind: DutyListKind.DEPARTMENT,
};

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSourceDocuments(db.dataSource, silentLog);
});
afterAll(async () => {
  await db?.drop();
});

/** Imports one table in its own transaction and returns the error it must throw; checks nothing was written. */
async function failure(
  name: string,
  content: Buffer | string,
  options: ImportTableOptions = allocation,
): Promise<ImportError> {
  const before = await tableCounts(db.dataSource);
  let caught: unknown;
  try {
    await db.dataSource.transaction((m) =>
      importTable(m, { name, content: Buffer.isBuffer(content) ? content : Buffer.from(content) }, options, {
        districtId: null,
      }),
    );
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ImportError);
  expect(await tableCounts(db.dataSource)).toEqual(before);
  const error = caught as ImportError;
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', file: name });
  expect(error.message.startsWith(`文件“${name}”`)).toBe(true);
  return error;
}

describe('a table that cannot be read', () => {
  it('refuses a missing column, naming it', async () => {
    const withoutDistrict = annex1()
      .split('\n')
      .map((l) =>
        l
          .split(',')
          .filter((_, i) => i !== 1)
          .join(','),
      )
      .join('\n');
    const error = await failure('annex1.csv', withoutDistrict);
    expect(error.extensions).toMatchObject({ row: 1, column: '区县' });
    expect(error.message).toContain('缺少“区县”列');
  });

  it('refuses a column that is no indicator of the plan', async () => {
    const error = await failure('annex1.csv', annex1().replace('人力资源培训', '人力资源服务培训'));
    expect(error.extensions).toMatchObject({ row: 1, column: '人力资源服务培训' });
  });

  it('refuses a non-numeric cell, naming row and column', async () => {
    const error = await failure('annex1.csv', editCsvCell(annex1(), 5, '家服培训', '约1000'));
    expect(error.extensions).toMatchObject({ row: 5, column: '家服培训' });
    expect(error.message).toBe(
      '文件“annex1.csv”第 5 行“家服培训”列：不是有效数字：“约1000”（应为不小于 0 的数字，或留空表示没有分配）',
    );
  });

  it('refuses a negative figure', async () => {
    const error = await failure('annex1.csv', editCsvCell(annex1(), 3, '目标计划', '-6900'));
    expect(error.extensions).toMatchObject({ row: 3, column: '目标计划' });
  });

  it('refuses an unknown district', async () => {
    const error = await failure('annex1.csv', editCsvCell(annex1(), 4, '区县', '涪陵'));
    expect(error.extensions).toMatchObject({ row: 4, column: '区县' });
    expect(error.message).toContain('未知的区县“涪陵”');
  });

  it('refuses a district listed twice', async () => {
    const error = await failure('annex1.csv', editCsvCell(annex1(), 4, '区县', '万州区'));
    expect(error.extensions).toMatchObject({ row: 4, column: '区县' });
  });

  it('refuses an empty file and a file with only a header', async () => {
    expect((await failure('empty.csv', Buffer.alloc(0))).message).toContain('文件为空');
    expect((await failure('blank.csv', '\n \n')).message).toContain('文件为空');
    expect((await failure('header.csv', '序号,区县,目标计划\n')).extensions).toMatchObject({ row: 1 });
  });

  it('refuses a PNG renamed .xlsx', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 7),
    ]);
    expect((await failure('plan.xlsx', png)).message).toContain('内容不是 Excel 工作簿');
  });

  it('refuses binary garbage named .csv, a GBK-encoded CSV and an old .xls', async () => {
    const garbage = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37) % 256));
    expect((await failure('garbage.csv', garbage)).message).toContain('不是文本格式的 CSV 文件');
    // "序号,区县" in GBK
    const gbk = Buffer.from([
      0xd0, 0xf2, 0xba, 0xc5, 0x2c, 0xc7, 0xf8, 0xcf, 0xd8, 0x0a, 0x31, 0x2c, 0x31, 0x0a,
    ]);
    expect((await failure('gbk.csv', gbk)).message).toContain('CSV UTF-8');
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(64),
    ]);
    expect((await failure('old.xls', xls)).message).toContain('.xls');
  });

  it('refuses a corrupt xlsx (a ZIP that is not a workbook)', async () => {
    const zipHeaderOnly = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]);
    expect((await failure('broken.xlsx', zipHeaderOnly)).message).toContain('无法读取 Excel 工作簿');
  });

  it('refuses an unclosed quote and a row longer than the header', async () => {
    expect((await failure('quote.csv', '序号,名称\n1,"钳工\n')).message).toContain('CSV 格式错误');
    const error = await failure('long.csv', '序号,名称\n1,钳工,多余\n', {
      planCode: 'DADUKOU-2022-PROJECT-TRAINING',
      kind: ImportTableKind.CATALOGUE,
    });
    expect(error.extensions).toMatchObject({ row: 2 });
  });

  it('refuses a responsibility list row without a lead unit, and a duplicate or unreadable 序号', async () => {
    const csv = sourceFile('plans/wulong-2019/annex1-department-duties.csv').toString('utf8');
    const noLead = csv.replace(
      ',区扶贫办,区人力社保局、区教委、区财政局、区农业农村委,',
      ',,区人力社保局、区教委、区财政局、区农业农村委,',
    );
    expect((await failure('duties.csv', noLead, dutyList)).extensions).toMatchObject({
      row: 8,
      column: '牵头单位',
    });
    const dup = csv.replace('\n8,对退役军人', '\n7,对退役军人');
    expect((await failure('duties.csv', dup, dutyList)).extensions).toMatchObject({ row: 9, column: '序号' });
    const bad = csv.replace('\n8,对退役军人', '\n第八,对退役军人');
    expect((await failure('duties.csv', bad, dutyList)).extensions).toMatchObject({ row: 9, column: '序号' });
  });

  it('refuses an indicator list value that is not a number', async () => {
    const csv = sourceFile('plans/cq-14th-fyp/main-indicators.csv')
      .toString('utf8')
      .replace('〔65〕', '〔约65〕');
    const error = await failure('main-indicators.csv', csv, {
      planCode: 'CQ-14TH-FYP',
      kind: ImportTableKind.INDICATOR_LIST,
    });
    expect(error.extensions).toMatchObject({ row: 7, column: '2025年' });
  });

  it('refuses an unknown plan, a table kind the plan cannot hold, and content that is not base64', async () => {
    expect(
      (await failure('annex1.csv', annex1(), { ...allocation, planCode: 'NO-SUCH-PLAN' })).extensions,
    ).toMatchObject({ column: 'planCode' });
    expect(
      (await failure('duties.csv', annex1(), { ...dutyList, planCode: 'CQ-2021-GUIDANCE' })).message,
    ).toContain('市级计划');
    await expect(
      db.dataSource.transaction((m) =>
        importUploadedFile(
          m,
          {
            fileName: 'a.csv',
            contentBase64: '***',
            planCode: 'CQ-2021-GUIDANCE',
            kind: ImportTableKind.ALLOCATION,
          },
          { districtId: null },
        ),
      ),
    ).rejects.toThrow(ImportError);
  });
});

describe('a manifest that cannot be imported', () => {
  const dir = 'plans/cq-2021-guidance/';
  const manifest = () =>
    JSON.parse(sourceFile(`${dir}plan.json`).toString('utf8')) as Record<string, unknown>;
  const files = () => ({
    'annex1-training-targets.csv': sourceFile(`${dir}annex1-training-targets.csv`),
    'annex2-evaluation-targets.csv': sourceFile(`${dir}annex2-evaluation-targets.csv`),
  });

  async function manifestFailure(m: object, f: Record<string, Buffer>): Promise<ImportError> {
    const before = await tableCounts(db.dataSource);
    const error = await db.dataSource
      .transaction((tx) => importManifest(tx, { fileName: 'plan.json', manifest: m, files: f }))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ImportError);
    expect(await tableCounts(db.dataSource)).toEqual(before);
    return error as ImportError;
  }

  it('names the manifest field that is wrong', async () => {
    const m = manifest();
    (m.indicators as Record<string, unknown>[])[3]!.nature = 'SOMETIMES';
    expect((await manifestFailure({ ...m, code: 'NEW-PLAN' }, files())).extensions).toMatchObject({
      file: 'plan.json',
      column: 'indicators[3].nature',
    });
    expect((await manifestFailure({ ...manifest(), district: '武隆区' }, files())).extensions).toMatchObject({
      column: 'district',
    });
  });

  it('writes nothing when the last table is bad, not even the plan or the first table', async () => {
    const f = files();
    f['annex2-evaluation-targets.csv'] = Buffer.from(
      f['annex2-evaluation-targets.csv']!.toString('utf8').replace('2,黔江区,5480', '2,黔江区,5千'),
    );
    const m = { ...manifest(), code: 'CQ-2021-GUIDANCE-COPY' };
    const error = await manifestFailure(m, f);
    expect(error.extensions).toMatchObject({
      file: 'annex2-evaluation-targets.csv',
      row: 3,
      column: '技能人才评价数（人次）',
    });
    const [plan] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM plan WHERE code = 'CQ-2021-GUIDANCE-COPY'`,
    );
    expect(plan?.n).toBe(0);
  });

  it('names a table file the manifest lists but that is missing', async () => {
    const f: Record<string, Buffer> = files();
    delete f['annex2-evaluation-targets.csv'];
    expect((await manifestFailure(manifest(), f)).extensions).toMatchObject({
      file: 'plan.json',
      column: 'tables[1].file',
    });
  });
});

describe('all or nothing even when the caller goes on', () => {
  it('rolls back its own writes when it fails while writing, inside a transaction that the caller then commits', async () => {
    // A row elsewhere that refers to duty 26 (as progress reports will) makes its deletion fail,
    // after duty 5's changed target has already been written.
    await db.dataSource.query(`CREATE TABLE test_duty_reference (duty_id uuid REFERENCES duty(id))`);
    await db.dataSource.query(
      `INSERT INTO test_duty_reference SELECT id FROM duty WHERE title = '督促检查' AND list_kind = 'DEPARTMENT'`,
    );
    const before = await tableCounts(db.dataSource);
    const csv = sourceFile('plans/wulong-2019/annex1-department-duties.csv')
      .toString('utf8')
      .replace(
        '2019年700人次； 2020年700人次； 2021年700人次。',
        '2019年700人次； 2020年750人次； 2021年700人次。',
      )
      .split('\n')
      .filter((l) => !l.startsWith('26,督促检查'))
      .join('\n');
    let caught: unknown;
    await db.dataSource.transaction(async (m) => {
      caught = await importTable(m, { name: 'duties.csv', content: Buffer.from(csv) }, dutyList, {
        districtId: null,
      }).catch((e: unknown) => e);
      await m.query(
        `INSERT INTO assignee_category (name, name_key, category) VALUES ('测试类别', '测试类别', 'OTHER_ENTERPRISE')`,
      );
    });
    expect(caught).toBeInstanceOf(ImportError);
    expect((caught as ImportError).message).toContain('第26项重点工作');
    expect(await tableCounts(db.dataSource)).toEqual({
      ...before,
      assignee_category: before.assignee_category + 1,
    });
    const [target] = await db.dataSource.query<{ value: number }[]>(
      `SELECT t.value::int AS value FROM duty_target t JOIN duty d ON d.id = t.duty_id
        WHERE d.list_kind = 'DEPARTMENT' AND d.seq = '5' AND t.year = 2020 AND d.plan_id = (SELECT id FROM plan WHERE code = 'WULONG-2019')`,
    );
    expect(target?.value).toBe(700);
    await db.dataSource.query(
      `DELETE FROM assignee_category WHERE name = '测试类别'; DROP TABLE test_duty_reference`,
    );
  });

  it('refuses an EntityManager outside a transaction', async () => {
    await expect(
      importTable(db.dataSource.manager, { name: 'a.csv', content: Buffer.from(annex1()) }, allocation, {
        districtId: null,
      }),
    ).rejects.toThrow(/inside a transaction/u);
  });
});

describe('scope', () => {
  const districtId = async (name: string) =>
    (await db.dataSource.query<{ id: string }[]>('SELECT id FROM district WHERE name = $1', [name]))[0]?.id ??
    null;

  it("lets a district import into its own plan only: another district's plan and city plans are forbidden", async () => {
    const beibei = await districtId('北碚区');
    const before = await tableCounts(db.dataSource);
    const wulongCsv = sourceFile('plans/wulong-2019/annex1-department-duties.csv');
    await expect(
      db.dataSource.transaction((m) =>
        importTable(m, { name: 'd.csv', content: wulongCsv }, dutyList, { districtId: beibei }),
      ),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      db.dataSource.transaction((m) =>
        importTable(m, { name: 'a.csv', content: Buffer.from(annex1()) }, allocation, { districtId: beibei }),
      ),
    ).rejects.toThrow(ForbiddenError);
    expect(await tableCounts(db.dataSource)).toEqual(before);
    const tasks = sourceFile('plans/beibei-2019/tasks.csv');
    const report = await db.dataSource.transaction((m) =>
      importTable(
        m,
        { name: 'tasks.csv', content: tasks },
        { planCode: 'BEIBEI-2019', kind: ImportTableKind.TASK_LIST },
        { districtId: beibei, userId: null },
      ),
    );
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 17, skipped: 3 });
  });
});
