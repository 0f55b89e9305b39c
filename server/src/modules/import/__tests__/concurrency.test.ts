import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { seedTenants, type Tenants } from '../../../../test/support/fixtures';
import { SEEDED_TEMPLATE } from '../../../../test/support/templates';
import { editCsvCell, sourceFile } from './support';

const MUTATION = `mutation ($input: ImportFileInput!) { importPlanFile(input: $input) { rowsRead removed } }`;

/**
 * Concurrent imports into one plan's list (issue 9): one import per district at a time, the others
 * answer CONFLICT; whatever the interleaving, the list ends up exactly as one of the files says.
 */
describe('concurrent imports', () => {
  let db: TestDatabase;
  let t: Tenants;
  let api: TestApi;
  const versionA = sourceFile('plans/wulong-2019/annex1-department-duties.csv').toString('utf8');
  // Version B: one duty retitled and the last two rows gone (the importer removes them).
  const versionB = editCsvCell(versionA, 3, '重点工作', '开展国有企业职工技能提升培训（修订）')
    .trimEnd()
    .split('\n')
    .slice(0, -2)
    .join('\n');
  const input = (csv: string) => ({
    input: {
      fileName: 'duties.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
      planCode: 'WULONG-2019',
      kind: 'DUTY_LIST',
      listKind: 'DEPARTMENT',
    },
  });
  /** The list as rows: each duty with its assignments, in order. */
  const snapshot = async () =>
    (
      (await db.dataSource.query(
        `SELECT d.seq, d.title, d.sort_order,
                (SELECT string_agg(a.role || ':' || a.assignee_text, '|' ORDER BY a.sort_order)
                   FROM duty_assignment a WHERE a.duty_id = d.id) AS assignees
           FROM duty d JOIN plan p ON p.id = d.plan_id
          WHERE p.code = 'WULONG-2019' AND d.list_kind = 'DEPARTMENT'
          ORDER BY d.sort_order, d.seq`,
      )) as unknown[]
    ).map((r) => JSON.stringify(r));

  beforeAll(async () => {
    db = await createTestDatabase(SEEDED_TEMPLATE);
    t = await seedTenants(db.dataSource);
    api = await createTestApi(db.appDataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('20 concurrent imports of two versions: every call OK or CONFLICT, the list equals one file', async () => {
    const admin = t.viewerOf(t.users.wulongAdmin);
    const one = async (csv: string) => {
      const result = await api.query(MUTATION, input(csv), admin);
      expect(result.errors?.[0]?.extensions?.code ?? 'OK').not.toBe('INTERNAL_SERVER_ERROR');
      return result;
    };
    expect((await one(versionB)).errors).toBeUndefined();
    const listB = await snapshot();
    expect((await one(versionA)).errors).toBeUndefined();
    const listA = await snapshot();
    expect(listA).not.toEqual(listB);

    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => one(i % 2 === round % 2 ? versionA : versionB)),
      );
      const codes = results.map((r) => (r.errors ? String(r.errors[0]?.extensions?.code) : 'OK'));
      expect(new Set(codes), codes.join(',')).toSatisfy((set: Set<string>) =>
        [...set].every((c) => c === 'OK' || c === 'CONFLICT'),
      );
      expect(codes).toContain('OK');
      const conflict = results.find((r) => r.errors)?.errors?.[0];
      if (conflict) expect(conflict.extensions).toMatchObject({ code: 'CONFLICT', retryable: true });
      const final = await snapshot();
      expect([listA, listB]).toContainEqual(final);
    }
  });

  it('refuses a year outside the plan period with BAD_USER_INPUT, writing nothing', async () => {
    const annex1 = sourceFile('plans/cq-2021-guidance/annex1-training-targets.csv').toString('base64');
    const before = await db.dataSource.query(`SELECT count(*) FROM target`);
    for (const year of [1, 2019, 2147483647]) {
      const result = await api.query(
        MUTATION,
        {
          input: {
            fileName: 'a.csv',
            contentBase64: annex1,
            planCode: 'CQ-2021-GUIDANCE',
            kind: 'ALLOCATION',
            year,
          },
        },
        t.viewerOf(t.users.cityAdmin),
      );
      expect(result.errors?.[0]?.extensions?.code, String(year)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/不在计划/);
    }
    expect(await db.dataSource.query(`SELECT count(*) FROM target`)).toEqual(before);
  });
});
