import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { seedTenants, type Tenants } from '../../../../test/support/fixtures';
import { SEEDED_TEMPLATE } from '../../../../test/support/templates';
import { fixedClock } from '../../../clock';
import { sourceFile } from '../../import/__tests__/support';

/**
 * District duty upkeep: who may edit a duty, what bad input answers (nothing changed), the version
 * check, the target history and audit events, and a re-import after manual edits.
 */

const DUTY = `query($id: ID!) { duty(id: $id) {
  id title version editedAt
  items { id seq text }
  assignments { role organisationId assigneeText }
  targets { year value unit }
  targetHistory { year oldValue newValue newUnit reason source changedByName changedAt }
} }`;
const UPDATE = `mutation($input: UpdateDutyInput!) { updateDuty(input: $input) { id title version } }`;
const SET_TARGET = `mutation($input: SetDutyTargetInput!) { setDutyTarget(input: $input) { id version } }`;
const REMOVE_TARGET = `mutation($input: RemoveDutyTargetInput!) { removeDutyTarget(input: $input) { id version } }`;

interface DutyView {
  id: string;
  title: string;
  version: number;
  editedAt: string | null;
  items: { id: string; seq: number; text: string }[];
  assignments: { role: string; organisationId: string | null; assigneeText: string }[];
  targets: { year: number; value: number; unit: string }[];
  targetHistory: {
    year: number;
    oldValue: number | null;
    newValue: number | null;
    newUnit: string | null;
    reason: string;
    source: string;
    changedByName: string | null;
  }[];
}

describe('district duty upkeep', () => {
  let db: TestDatabase;
  let t: Tenants;
  let api: TestApi;
  let dutyId: string;
  const clock = fixedClock('2020-03-02T03:00:00Z');

  const read = async (): Promise<DutyView> => {
    const result = await api.query<{ duty: DutyView }>(DUTY, { id: dutyId }, t.viewerOf(t.users.wulongAdmin));
    expect(result.errors).toBeUndefined();
    return result.data!.duty;
  };
  /** Everything an edit could touch, to check that a refused edit changed nothing. */
  const state = async () => ({
    duty: await read(),
    events: ((await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`)) as { n: number }[])[0]!
      .n,
  });
  const code = (result: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    result.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    db = await createTestDatabase(SEEDED_TEMPLATE);
    t = await seedTenants(db.dataSource);
    api = await createTestApi(db.appDataSource, null, { clock });
    const [row] = (await db.dataSource.query(
      `SELECT d.id FROM duty d JOIN plan p ON p.id = d.plan_id
        WHERE p.code = 'WULONG-2019' AND d.list_kind = 'DEPARTMENT' AND d.seq = '1'`,
    )) as { id: string }[];
    dutyId = row!.id;
  });
  afterAll(async () => {
    await db.drop();
  });

  it('lets the district admin change a target with a reason: history, version and one audit event', async () => {
    const before = await read();
    expect(before.targets.find((x) => x.year === 2020)).toMatchObject({ value: 2100, unit: '人次' });
    const result = await api.query<{ setDutyTarget: { version: number } }>(
      SET_TARGET,
      {
        input: {
          dutyId,
          version: before.version,
          year: 2020,
          value: 2300,
          unit: '人次',
          reason: '区政府调增',
        },
      },
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.setDutyTarget.version).toBe(before.version + 1);
    const after = await read();
    expect(after.targets.find((x) => x.year === 2020)?.value).toBe(2300);
    expect(after.targetHistory[0]).toMatchObject({
      year: 2020,
      oldValue: 2100,
      newValue: 2300,
      newUnit: '人次',
      reason: '区政府调增',
      source: 'MANUAL',
      changedByName: t.users.wulongAdmin.displayName,
    });
    const events = (await db.dataSource.query(
      `SELECT * FROM audit_event WHERE entity_type = 'DUTY_TARGET' AND action = 'UPDATE'`,
    )) as Record<string, unknown>[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_user_id: t.users.wulongAdmin.id,
      actor_role: 'DISTRICT_ADMIN',
      district_id: t.districts.wulong.id,
      reason: '区政府调增',
      before: { year: 2020, value: 2100, unit: '人次' },
      after: { year: 2020, value: 2300, unit: '人次' },
    });
  });

  it('edits title, items (edit, reorder, add, remove) and units, keeping the ids of kept items', async () => {
    const before = await read();
    const [first, second] = before.items;
    const result = await api.query<{ updateDuty: { title: string; version: number } }>(
      UPDATE,
      {
        input: {
          dutyId,
          version: before.version,
          title: '  开展就业重点群体职业技能培训  ',
          items: [
            { id: second!.id, text: second!.text },
            { id: first!.id, text: '对就业重点群体开展职业技能培训（已修改）' },
            { text: '新增：每季度通报进度' },
          ],
          leadOrganisationIds: [t.organisations.wulongHr.id],
          cooperatingOrganisationIds: [t.organisations.wulongEducation.id],
        },
      },
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateDuty.title).toBe('开展就业重点群体职业技能培训');
    const after = await read();
    expect(after.items.map((i) => [i.id, i.seq])).toEqual([
      [second!.id, 1],
      [first!.id, 2],
      [expect.any(String), 3],
    ]);
    expect(after.items[1]!.text).toBe('对就业重点群体开展职业技能培训（已修改）');
    expect(after.assignments[0]).toMatchObject({ role: 'LEAD', organisationId: t.organisations.wulongHr.id });
    expect(after.assignments.filter((a) => a.organisationId).map((a) => [a.role, a.organisationId])).toEqual([
      ['LEAD', t.organisations.wulongHr.id],
      ['COOPERATING', t.organisations.wulongEducation.id],
    ]);
    expect(after.editedAt).not.toBeNull();
    const [event] = (await db.dataSource.query(
      `SELECT * FROM audit_event WHERE entity_type = 'DUTY' AND action = 'UPDATE'`,
    )) as { before: { title: string }; after: { title: string; items: string[] } }[];
    expect(event!.before.title).toBe(before.title);
    expect(event!.after.title).toBe('开展就业重点群体职业技能培训');
    expect(event!.after.items).toHaveLength(3);
  });

  it('refuses the other district’s admin (NOT_FOUND), and the city, a viewer and a department head (FORBIDDEN)', async () => {
    const before = await state();
    const input = {
      dutyId,
      version: before.duty.version,
      year: 2021,
      value: 1,
      unit: '人次',
      reason: '越权',
    };
    expect(code(await api.query(SET_TARGET, { input }, t.viewerOf(t.users.beibeiAdmin)))).toBe('NOT_FOUND');
    for (const user of [
      t.users.cityAdmin,
      t.users.wulongViewer,
      t.users.wulongHrHead,
      t.users.wulongInstitutionAdmin,
    ]) {
      expect(code(await api.query(SET_TARGET, { input }, t.viewerOf(user)))).toBe('FORBIDDEN');
      expect(
        code(
          await api.query(
            UPDATE,
            { input: { dutyId, version: before.duty.version, title: 'x' } },
            t.viewerOf(user),
          ),
        ),
      ).toBe('FORBIDDEN');
    }
    expect(
      code(
        await api.query(
          UPDATE,
          { input: { dutyId, version: before.duty.version, title: 'x' } },
          t.viewerOf(t.users.beibeiAdmin),
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(code(await api.query(SET_TARGET, { input }, null))).toBe('UNAUTHENTICATED');
    expect(await state()).toEqual(before);
  });

  it('answers bad input with a coded error and changes nothing', async () => {
    const before = await state();
    const v = before.duty.version;
    const admin = t.viewerOf(t.users.wulongAdmin);
    const target = (extra: Record<string, unknown>) => ({
      input: { dutyId, version: v, year: 2021, value: 10, unit: '人次', reason: '调整', ...extra },
    });
    const cases: [string, Promise<{ errors?: { extensions?: Record<string, unknown> }[] }>, string][] = [
      [
        'empty title',
        api.query(UPDATE, { input: { dutyId, version: v, title: '   ' } }, admin),
        'BAD_USER_INPUT',
      ],
      [
        'empty item',
        api.query(UPDATE, { input: { dutyId, version: v, items: [{ text: ' ' }] } }, admin),
        'BAD_USER_INPUT',
      ],
      [
        'organisation of another district',
        api.query(
          UPDATE,
          { input: { dutyId, version: v, leadOrganisationIds: [t.organisations.beibeiHr.id] } },
          admin,
        ),
        'NOT_FOUND',
      ],
      [
        'malformed organisation id',
        api.query(UPDATE, { input: { dutyId, version: v, cooperatingOrganisationIds: ['nope'] } }, admin),
        'BAD_USER_INPUT',
      ],
      [
        'no lead',
        api.query(UPDATE, { input: { dutyId, version: v, leadOrganisationIds: [] } }, admin),
        'BAD_USER_INPUT',
      ],
      [
        'same unit as lead and cooperating',
        api.query(
          UPDATE,
          {
            input: {
              dutyId,
              version: v,
              leadOrganisationIds: [t.organisations.wulongHr.id],
              cooperatingOrganisationIds: [t.organisations.wulongHr.id],
            },
          },
          admin,
        ),
        'BAD_USER_INPUT',
      ],
      ['negative target', api.query(SET_TARGET, target({ value: -1 }), admin), 'BAD_USER_INPUT'],
      ['absurd target', api.query(SET_TARGET, target({ value: 1e12 }), admin), 'BAD_USER_INPUT'],
      ['year before the plan', api.query(SET_TARGET, target({ year: 2018 }), admin), 'BAD_USER_INPUT'],
      ['year after the plan', api.query(SET_TARGET, target({ year: 2022 }), admin), 'BAD_USER_INPUT'],
      ['missing reason', api.query(SET_TARGET, target({ reason: '  ' }), admin), 'BAD_USER_INPUT'],
      ['missing unit', api.query(SET_TARGET, target({ unit: '' }), admin), 'BAD_USER_INPUT'],
      ['stale version', api.query(SET_TARGET, target({ version: v - 1 }), admin), 'CONFLICT'],
      [
        'stale version (update)',
        api.query(UPDATE, { input: { dutyId, version: v - 1, title: '新' } }, admin),
        'CONFLICT',
      ],
      [
        'remove without a reason',
        api.query(REMOVE_TARGET, { input: { dutyId, version: v, year: 2019, reason: '' } }, admin),
        'BAD_USER_INPUT',
      ],
      [
        'another duty’s item',
        api.query(UPDATE, { input: { dutyId, version: v, items: [{ id: dutyId, text: 'x' }] } }, admin),
        'NOT_FOUND',
      ],
    ];
    for (const [name, promise, expected] of cases) {
      const result = await promise;
      expect({ name, code: code(result) }).toEqual({ name, code: expected });
    }
    const stale = await api.query(SET_TARGET, target({ version: v - 1 }), admin);
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(v);
    expect(await state()).toEqual(before);
  });

  it('lets only one of two editors holding the same version win', async () => {
    clock.set('2020-03-03T03:00:00Z');
    const { version } = await read();
    const admin = t.viewerOf(t.users.wulongAdmin);
    const results = await Promise.all(
      [2400, 2500].map((value) =>
        api.query(
          SET_TARGET,
          { input: { dutyId, version, year: 2021, value, unit: '人次', reason: `改为 ${value}` } },
          admin,
        ),
      ),
    );
    expect(results.map(code).sort()).toEqual(['CONFLICT', undefined].sort());
    const after = await read();
    expect(after.version).toBe(version + 1);
    expect(after.targetHistory.filter((h) => h.year === 2021)).toHaveLength(1);
  });

  it('removes a target with a reason and keeps it in the history', async () => {
    clock.set('2020-03-04T03:00:00Z');
    const { version } = await read();
    const result = await api.query(
      REMOVE_TARGET,
      { input: { dutyId, version, year: 2019, reason: '2019 年不再考核' } },
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(result.errors).toBeUndefined();
    const after = await read();
    expect(after.targets.map((x) => x.year)).not.toContain(2019);
    expect(after.targetHistory[0]).toMatchObject({
      year: 2019,
      oldValue: 2000,
      newValue: null,
      reason: '2019 年不再考核',
    });
  });

  it('a re-import overwrites the manual edits, says so in its report and audits the overwrite', async () => {
    const { version } = await read();
    const result = await api.query<{
      importPlanFile: { updated: number; warnings: { code: string; message: string }[] };
    }>(
      `mutation($input: ImportFileInput!) { importPlanFile(input: $input) { updated warnings { code message } } }`,
      {
        input: {
          fileName: 'annex1-department-duties.csv',
          contentBase64: sourceFile('plans/wulong-2019/annex1-department-duties.csv').toString('base64'),
          planCode: 'WULONG-2019',
          kind: 'DUTY_LIST',
          listKind: 'DEPARTMENT',
        },
      },
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.importPlanFile.updated).toBe(1);
    const overwritten = result.data!.importPlanFile.warnings.filter(
      (w) => w.code === 'MANUAL_EDIT_OVERWRITTEN',
    );
    expect(overwritten).toHaveLength(1);
    expect(overwritten[0]!.message).toContain('第1项');
    const after = await read();
    expect(after.title).toBe('对农村转移就业劳动者、下岗失业人员等就业重点群体开展职业技能培训');
    expect(after.targets.map((x) => [x.year, x.value])).toEqual([
      [2019, 2000],
      [2020, 2100],
      [2021, 2200],
    ]);
    // The import raised the version (an editor holding the old one gets CONFLICT) and cleared the mark.
    expect(after.version).toBe(version + 1);
    expect(after.editedAt).toBeNull();
    // Its target changes join the history, as changes by the import.
    expect(
      after.targetHistory
        .filter((h) => h.source === 'IMPORT')
        .map((h) => h.year)
        .sort(),
    ).toEqual([2019, 2020, 2021]);
    const events = (await db.dataSource.query(
      `SELECT entity_type, action, entity_id FROM audit_event WHERE action IN ('IMPORT', 'IMPORT_OVERWRITE') AND actor_user_id = $1`,
      [t.users.wulongAdmin.id],
    )) as { entity_type: string; action: string; entity_id: string }[];
    expect(events.map((e) => e.action).sort()).toEqual(['IMPORT', 'IMPORT_OVERWRITE']);
    expect(events.find((e) => e.action === 'IMPORT_OVERWRITE')!.entity_id).toBe(dutyId);
    const stale = await api.query(
      SET_TARGET,
      { input: { dutyId, version, year: 2020, value: 1, unit: '人次', reason: '旧版本' } },
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(code(stale)).toBe('CONFLICT');

    // Imported again: nothing to overwrite, nothing changes.
    const again = await api.query<{ importPlanFile: { updated: number; warnings: { code: string }[] } }>(
      `mutation($input: ImportFileInput!) { importPlanFile(input: $input) { updated warnings { code } } }`,
      {
        input: {
          fileName: 'annex1-department-duties.csv',
          contentBase64: sourceFile('plans/wulong-2019/annex1-department-duties.csv').toString('base64'),
          planCode: 'WULONG-2019',
          kind: 'DUTY_LIST',
          listKind: 'DEPARTMENT',
        },
      },
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(again.data!.importPlanFile.updated).toBe(0);
    expect(again.data!.importPlanFile.warnings.some((w) => w.code === 'MANUAL_EDIT_OVERWRITTEN')).toBe(false);
  });

  it('keeps the target history append-only for the application role', async () => {
    const runner = db.appDataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(
        `SELECT set_config('app.write_districts', $1, true), set_config('app.read_districts', $1, true)`,
        [`{${t.districts.wulong.id}}`],
      );
      const updated = (await runner.query(`UPDATE duty_target_change SET reason = 'x'`)) as unknown;
      const deleted = (await runner.query(`DELETE FROM duty_target_change`)) as unknown;
      const count = (r: unknown) => (Array.isArray(r) && typeof r[1] === 'number' ? r[1] : -1);
      expect(count(updated)).toBe(0);
      expect(count(deleted)).toBe(0);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    const rows = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM duty_target_change WHERE reason = 'x'`,
    )) as { n: number }[];
    expect(rows[0]?.n).toBe(0);
  });
});
