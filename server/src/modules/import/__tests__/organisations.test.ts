import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { loadSourceDocuments } from '../../../seed/source-documents';
import { DutyListKind } from '../../duty/duty.entity';
import { ImportTableKind } from '../import.model';
import { importTable, type ImportTableOptions } from '../import.service';
import { silentLog, sourceFile } from './support';

/** Matching the units of a responsibility list to organisations: exact, normalised, alias, unknown. */
let db: TestDatabase;
const dutyList: ImportTableOptions = {
  planCode: 'WULONG-2019',
  kind: ImportTableKind.DUTY_LIST,
  listKind: DutyListKind.DEPARTMENT,
};
const wulongDuties = () => sourceFile('plans/wulong-2019/annex1-department-duties.csv').toString('utf8');
const run = (csv: string) =>
  db.dataSource.transaction((m) =>
    importTable(m, { name: 'duties.csv', content: Buffer.from(csv) }, dutyList, { districtId: null }),
  );
const assignees = (seq: string) =>
  db.dataSource.query<{ role: string; name: string; kind: string; written: string }[]>(
    `SELECT a.role, o.name, o.kind, a.assignee_text AS written FROM duty_assignment a JOIN duty d ON d.id = a.duty_id
       JOIN organisation o ON o.id = a.organisation_id JOIN plan p ON p.id = d.plan_id
      WHERE p.code = 'WULONG-2019' AND d.list_kind = 'DEPARTMENT' AND d.seq = $1 ORDER BY a.sort_order`,
    [seq],
  );

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSourceDocuments(db.dataSource, silentLog);
});
afterAll(async () => {
  await db?.drop();
});

describe('organisation matching', () => {
  it('matches 区人社局 through its alias (INFO), keeping the spelling of the document', async () => {
    const report = await run(wulongDuties().replace(',区扶贫办,区人力社保局、', ',区扶贫办,区人社局、'));
    expect(report).toMatchObject({ updated: 1, created: 0 });
    const alias = report.warnings.filter((w) => w.code === 'ALIAS_MATCH' && w.row === 8);
    expect(alias).toEqual([
      expect.objectContaining({
        severity: 'INFO',
        indicator: '区人社局',
        message: '武隆区第7项重点工作的责任单位“区人社局”按别名识别为“区人力社保局”',
      }),
    ]);
    expect((await assignees('7'))[1]).toMatchObject({ name: '区人力社保局', written: '区人社局' });
  });

  it("creates an unknown unit once in the plan's district and warns (UNMATCHED_NAME)", async () => {
    const csv = wulongDuties()
      .replace(',区扶贫办,区人力社保局、', ',区扶贫办,区大数据发展局、区人力社保局、')
      .replace(
        ',区退役军人事务局,区人力社保局、区教委,',
        ',区退役军人事务局,区人力社保局、区教委、区大数据发展局、区工商联,',
      );
    const report = await run(csv);
    const unmatched = report.warnings.filter((w) => w.code === 'UNMATCHED_NAME');
    expect(unmatched.map((w) => [w.row, w.indicator, w.severity])).toEqual([
      [8, '区大数据发展局', 'WARNING'],
      [9, '区工商联', 'WARNING'],
    ]);
    expect(unmatched[0]?.message).toContain('已在武隆区新建单位“区大数据发展局”（类型：政府部门）');
    const created = await db.dataSource.query<{ name: string; kind: string; district: string }[]>(
      `SELECT o.name, o.kind, d.name AS district FROM organisation o JOIN district d ON d.id = o.district_id
        WHERE o.name IN ('区大数据发展局', '区工商联') ORDER BY o.name`,
    );
    expect(created).toEqual([
      { name: '区大数据发展局', kind: 'GOVERNMENT_DEPARTMENT', district: '武隆区' },
      { name: '区工商联', kind: 'MASS_ORGANISATION', district: '武隆区' },
    ]);
    expect((await assignees('8')).map((a) => a.name)).toEqual([
      '区退役军人事务局',
      '区人力社保局',
      '区教委',
      '区大数据发展局',
      '区工商联',
    ]);

    // The second time the unit is known: nothing created, nothing changed.
    const again = await run(csv);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 27 });
    expect(again.warnings.filter((w) => w.code === 'UNMATCHED_NAME')).toEqual([]);
    const [count] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM organisation WHERE name = '区大数据发展局'`,
    );
    expect(count?.n).toBe(1);
  });

  it('splits a space-separated list of known names but keeps a name cut by a space together', async () => {
    const csv = wulongDuties().replace(',区司法局,区人力社保局、区教委,', ',区司法局,区人力 社保局 区教委,');
    const report = await run(csv);
    expect((await assignees('9')).map((a) => [a.role, a.name, a.written])).toEqual([
      ['LEAD', '区司法局', '区司法局'],
      ['COOPERATING', '区人力社保局', '区人力 社保局'],
      ['COOPERATING', '区教委', '区教委'],
    ]);
    expect(report.warnings.filter((w) => w.row === 10).map((w) => w.code)).toEqual(['ALIAS_MATCH']);
  });
});
