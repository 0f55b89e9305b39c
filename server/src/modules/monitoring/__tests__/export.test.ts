import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { SEEDED_TEMPLATE } from '../../../../test/support/templates';
import { fixedClock } from '../../../clock';
import { Role } from '../../../auth/viewer';
import { DutyListKind } from '../../duty/duty.entity';
import { ImportTableKind } from '../../import/import.model';
import { importTable } from '../../import/import.service';
import { errorCodes, viewer } from '../../plan/__tests__/read-fixture';

/**
 * The exports in the layout of the source documents open again through the importer with the same
 * rows: the 2021 allocation table (file 000, both annexes in one sheet) and the Wulong department
 * list (file 001 annex 1) are exported from the seeded database (the shipped documents imported)
 * and re-imported into the same plans: every row unchanged, nothing created, updated or removed.
 */
const EXPORT = `query($kind: MonitoringExportKind!, $planId: ID!, $year: Int) {
  monitoringExport(kind: $kind, planId: $planId, year: $year) { fileName contentType contentBase64 }
}`;

let db: TestDatabase;
let api: TestApi;
let plans: Record<string, string>;
let wulongId: string;

beforeAll(async () => {
  db = await createTestDatabase(SEEDED_TEMPLATE);
  api = await createTestApi(db.appDataSource, null, { clock: fixedClock('2021-09-15T02:00:00Z') });
  const rows: { id: string; code: string }[] = await db.dataSource.query(`SELECT id, code FROM plan`);
  plans = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  const [w] = (await db.dataSource.query(`SELECT id FROM district WHERE name = '武隆区'`)) as {
    id: string;
  }[];
  wulongId = w!.id;
});
afterAll(() => db.drop());

async function exported(kind: string, planId: string, year: number | null, v = viewer(Role.CITY_ADMIN)) {
  const result = await api.query<{ monitoringExport: { fileName: string; contentBase64: string } }>(
    EXPORT,
    { kind, planId, year },
    v,
  );
  expect(result.errors).toBeUndefined();
  return {
    ...result.data!.monitoringExport,
    content: Buffer.from(result.data!.monitoringExport.contentBase64, 'base64'),
  };
}

describe('XLSX exports re-imported through the importer', () => {
  it('the 2021 allocation table: 41 district rows, 合计 and notes; 0 rows changed on re-import', async () => {
    const file = await exported('ALLOCATION', plans['CQ-2021-GUIDANCE']!, 2021);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.content as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(values(1)[0]).toBe('2021年全市职业技能提升行动指导性计划（2021年）');
    expect(values(4).slice(0, 5)).toEqual([
      '序号',
      '区县',
      '目标计划',
      '企业职工培训',
      '其中，新型学徒制培训',
    ]);
    // Grouped header: 企业职工培训 spans itself and its "其中" column.
    expect(sheet.getCell(3, 4).isMerged).toBe(true);
    const districtRows: unknown[][] = [];
    sheet.eachRow((row) => {
      const v = (row.values as unknown[]).slice(1);
      if (typeof v[0] === 'number') districtRows.push(v);
    });
    expect(districtRows).toHaveLength(41);
    expect(districtRows.find((r) => r[1] === '璧山区')!.slice(2, 8)).toEqual([
      9700, 3900, 1100, 2500, 1000, 750,
    ]);

    const report = await db.dataSource.transaction((m) =>
      importTable(
        m,
        { name: file.fileName, content: file.content },
        { planCode: 'CQ-2021-GUIDANCE', kind: ImportTableKind.ALLOCATION, year: 2021 },
        { districtId: null },
      ),
    );
    expect({ created: report.created, updated: report.updated, removed: report.removed }).toEqual({
      created: 0,
      updated: 0,
      removed: 0,
    });
    expect(report.unchanged).toBe(42); // 41 districts and the 合计 row
  });

  it('the Wulong department list: 序号, 重点工作, 责任清单, 牵头单位, 责任单位, 目标任务; 0 rows changed on re-import', async () => {
    const file = await exported(
      'DUTY_LIST',
      plans['WULONG-2019']!,
      null,
      viewer(Role.DISTRICT_ADMIN, { districtId: wulongId }),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.content as unknown as ArrayBuffer);
    const department = workbook.getWorksheet('部门责任清单')!;
    expect((department.getRow(2).values as unknown[]).slice(1)).toEqual([
      '序号',
      '重点工作',
      '责任清单',
      '牵头单位',
      '责任单位',
      '目标任务',
    ]);
    expect(department.rowCount).toBe(2 + 26);

    // The importer reads the first sheet: the department list.
    const links = async () =>
      db.dataSource.query(`SELECT dt.id, dt.indicator_id FROM duty_target dt ORDER BY dt.id`);
    const before = await links();
    const report = await db.dataSource.transaction((m) =>
      importTable(
        m,
        { name: file.fileName, content: file.content },
        { planCode: 'WULONG-2019', kind: ImportTableKind.DUTY_LIST, listKind: DutyListKind.DEPARTMENT },
        { districtId: wulongId },
      ),
    );
    expect({ created: report.created, updated: report.updated, removed: report.removed }).toEqual({
      created: 0,
      updated: 0,
      removed: 0,
    });
    expect(report.unchanged).toBe(26);
    // The manifest's links toward the 2021 guidance plan survive the re-import.
    expect(await links()).toEqual(before);
  });

  it('scopes the exports: another district’s list is NOT_FOUND, an organisation user is refused', async () => {
    const [bb] = (await db.dataSource.query(`SELECT id FROM district WHERE name = '北碚区'`)) as {
      id: string;
    }[];
    const other = await api.query(
      EXPORT,
      { kind: 'DUTY_LIST', planId: plans['WULONG-2019'], year: null },
      viewer(Role.DISTRICT_ADMIN, { districtId: bb!.id }),
    );
    expect(errorCodes(other)).toEqual([{ path: 'monitoringExport', code: 'NOT_FOUND' }]);
    const head = await api.query(
      EXPORT,
      { kind: 'ALLOCATION', planId: plans['CQ-2021-GUIDANCE'], year: 2021 },
      viewer(Role.DEPARTMENT_HEAD, { districtId: wulongId, organisationId: wulongId }),
    );
    expect(errorCodes(head)).toEqual([{ path: 'monitoringExport', code: 'FORBIDDEN' }]);
  });
});

describe('the shipped 2021 plan and Wulong links', () => {
  it('checks the group ceiling by the manifest’s reading (EACH): 璧山区 and 酉阳县 for 家服培训 alone', async () => {
    const [row] = (await db.dataSource.query(
      `SELECT ceiling_reading FROM plan WHERE code = 'CQ-2021-GUIDANCE'`,
    )) as {
      ceiling_reading: string;
    }[];
    expect(row!.ceiling_reading).toBe('EACH');
    const result = await api.query<{ cityDashboard: { warnings: { code: string; message: string }[] } }>(
      `query($p: ID!) { cityDashboard(planId: $p, year: 2021) { warnings { code message } } }`,
      { p: plans['CQ-2021-GUIDANCE'] },
      viewer(Role.CITY_ADMIN),
    );
    expect(result.errors).toBeUndefined();
    const ceilings = result
      .data!.cityDashboard.warnings.filter((w) => w.code === 'CEILING_EXCEEDED')
      .map((w) => w.message);
    expect(ceilings.sort()).toEqual(
      [
        '璧山区“家服培训”为 2500，超过“目标计划” 9700 的 20%（上限 1940），实际占 25.8%',
        '酉阳县“家服培训”为 2000，超过“目标计划” 8900 的 20%（上限 1780），实际占 22.5%',
      ].sort(),
    );
  });

  it('links the Wulong department duties’ 2021 targets toward the guidance plan (TARGET_GAP where short)', async () => {
    const result = await api.query<{
      cityDashboard: {
        rows: {
          district: { name: string };
          cells: { indicatorId: string; target: number; dutyTargets: number | null }[];
        }[];
        indicators: { id: string; code: string }[];
        warnings: { code: string; message: string }[];
      };
    }>(
      `query($p: ID!) { cityDashboard(planId: $p, year: 2021) {
         indicators { id code } rows { district { name } cells { indicatorId target dutyTargets } } warnings { code message } } }`,
      { p: plans['CQ-2021-GUIDANCE'] },
      viewer(Role.DISTRICT_ADMIN, { districtId: wulongId }),
    );
    expect(result.errors).toBeUndefined();
    const d = result.data!.cityDashboard;
    const code = new Map(d.indicators.map((i) => [i.id, i.code]));
    const wl = Object.fromEntries(d.rows[0]!.cells.map((c) => [code.get(c.indicatorId), c.dutyTargets]));
    // 2021 targets of file 001 annex 1: duties 1, 5–13, 15, 17, 20 → 目标计划; 2–4 → 企业职工培训;
    // 14 → 创业培训; 16 → 新职业培训; 18, 19 → 家服培训.
    expect(wl).toMatchObject({
      GUIDANCE_PLAN: 2200 + 700 + 100 + 700 + 120 + 100 + 150 + 100 + 150 + 150 + 100 + 100 + 100,
      ENTERPRISE_WORKER_TRAINING: 600,
      ENTREPRENEURSHIP_TRAINING: 100,
      NEW_OCCUPATION_TRAINING: 150,
      HOUSEHOLD_SERVICE_TRAINING: 200,
    });
    const gaps = d.warnings.filter((w) => w.code === 'TARGET_GAP').map((w) => w.message);
    expect(gaps).toContain('武隆区2021年“企业职工培训”：市下达 1200，各项重点工作目标合计 600，缺口 600');
  });
});
