import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { seedTenants, type Tenants } from '../../../../test/support/fixtures';
import { SEEDED_TEMPLATE } from '../../../../test/support/templates';
import { editCsvCell, sourceFile } from './support';

const MUTATION = `mutation ($input: ImportFileInput!) {
  importPlanFile(input: $input) {
    file rowsRead created updated unchanged removed
    warnings { code severity message district expected actual }
  }
}`;

interface Report {
  file: string;
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  warnings: { code: string; district: string | null; expected: number | null; actual: number | null }[];
}

/** The importer through GraphQL: the report comes back as data; the target plan's scope is checked. */
describe('importPlanFile mutation', () => {
  let db: TestDatabase;
  let t: Tenants;
  let api: TestApi;
  const annex1 = sourceFile('plans/cq-2021-guidance/annex1-training-targets.csv').toString('utf8');
  const wulongDuties = sourceFile('plans/wulong-2019/annex1-department-duties.csv').toString('utf8');
  const input = (planCode: string, csv: string, kind: string, extra: Record<string, unknown> = {}) => ({
    input: {
      fileName: 'upload.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
      planCode,
      kind,
      ...extra,
    },
  });
  const wulongValue = async () => {
    const [row] = (await db.dataSource.query(
      `SELECT t.value FROM target t JOIN indicator i ON i.id = t.indicator_id JOIN district d ON d.id = t.district_id
        WHERE i.code = 'GUIDANCE_PLAN' AND d.name = '武隆区' AND t.year = 2021`,
    )) as { value: string }[];
    return Number(row?.value);
  };

  beforeAll(async () => {
    db = await createTestDatabase(SEEDED_TEMPLATE);
    t = await seedTenants(db.dataSource);
    api = await createTestApi(db.appDataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('lets the city admin re-import the city allocation: nothing changes, the warnings come back as data', async () => {
    const result = await api.query<{ importPlanFile: Report }>(
      MUTATION,
      input('CQ-2021-GUIDANCE', annex1, 'ALLOCATION', { year: 2021 }),
      t.viewerOf(t.users.cityAdmin),
    );
    expect(result.errors).toBeUndefined();
    const report = result.data!.importPlanFile;
    expect(report).toMatchObject({ rowsRead: 42, created: 0, updated: 0 });
    expect(report.warnings.filter((w) => w.code === 'TOTAL_MISMATCH')).toHaveLength(1);
    expect(
      report.warnings
        .filter((w) => w.code === 'CEILING_EXCEEDED')
        .map((w) => w.district)
        .sort(),
    ).toEqual(['璧山区', '酉阳县']);
  });

  it('applies a corrected city file and says what changed', async () => {
    const corrected = editCsvCell(annex1, 27, '目标计划', '4900');
    const result = await api.query<{ importPlanFile: Report }>(
      MUTATION,
      input('CQ-2021-GUIDANCE', corrected, 'ALLOCATION', { year: 2021 }),
      t.viewerOf(t.users.cityAdmin),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.importPlanFile.updated).toBe(1);
    expect(await wulongValue()).toBe(4900);
  });

  it("refuses a district admin the city's allocation and leaves it as it was", async () => {
    const before = await wulongValue();
    const result = await api.query(
      MUTATION,
      input('CQ-2021-GUIDANCE', editCsvCell(annex1, 27, '目标计划', '99999'), 'ALLOCATION', { year: 2021 }),
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await wulongValue()).toBe(before);
  });

  it("lets a district admin import the district's own plan, not another district's", async () => {
    const own = await api.query<{ importPlanFile: Report }>(
      MUTATION,
      input('WULONG-2019', wulongDuties, 'DUTY_LIST', { listKind: 'DEPARTMENT' }),
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(own.errors).toBeUndefined();
    expect(own.data!.importPlanFile).toMatchObject({ rowsRead: 27, created: 0, updated: 0 });

    const other = await api.query(
      MUTATION,
      input('WULONG-2019', wulongDuties, 'DUTY_LIST', { listKind: 'DEPARTMENT' }),
      t.viewerOf(t.users.beibeiAdmin),
    );
    // Another district's plan answers as if it did not exist.
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses department heads and viewers', async () => {
    for (const user of [t.users.wulongHrHead, t.users.wulongViewer]) {
      const result = await api.query(
        MUTATION,
        input('WULONG-2019', wulongDuties, 'DUTY_LIST'),
        t.viewerOf(user),
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('answers a broken file with BAD_USER_INPUT naming file, row and column, and writes nothing', async () => {
    const [before] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM import_run`)) as {
      n: number;
    }[];
    const broken = editCsvCell(annex1, 5, '家服培训', '很多');
    const result = await api.query(
      MUTATION,
      input('CQ-2021-GUIDANCE', broken, 'ALLOCATION', { year: 2021 }),
      t.viewerOf(t.users.cityAdmin),
    );
    const error = result.errors?.[0];
    expect(error?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      file: 'upload.csv',
      column: '家服培训',
    });
    expect(error?.message).toContain('很多');
    const [after] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM import_run`)) as {
      n: number;
    }[];
    expect(after?.n).toBe(before?.n);
  });
});
