import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../clock';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { SEEDED_TEMPLATE } from '../../../../test/support/templates';
import { codes, seedInstitutionFixture, type InstitutionFixture } from './institution-fixture';

const CLASS_FIELDS = `id stage version openedOn advance advancePaidOn subsidy maxAdvance traineesCompleted traineesCertified
  certificateKind auditedOn finalSubsidy occupation reviewReason visits { visitedOn finding } counts { indicatorCode year trainees note }`;
const APPLY = `mutation($input: TrainingClassInput!) { applyForTrainingClass(input: $input) { ${CLASS_FIELDS} } }`;
const byId = (name: string, extra = '', extraVars = '') =>
  `mutation($id: ID!, $version: Int!${extraVars}) { ${name}(id: $id, version: $version${extra}) { ${CLASS_FIELDS} } }`;
const APPROVE = byId('approveTrainingClass');
const RETURN = byId('returnTrainingClass', ', reason: $reason', ', $reason: String!');
const RESUBMIT = byId('resubmitTrainingClass');
const ADVANCE = byId('recordClassAdvance', ', amount: $amount', ', $amount: String!');
const COMPLETE = byId('fileClassCompletion', ', input: $input', ', $input: ClassCompletionInput!');
const RETURN_COMPLETION = byId('returnClassCompletion', ', reason: $reason', ', $reason: String!');
const AUDIT = byId('auditClassCompletion');
const FINAL = byId('recordClassFinalSubsidy', ', amount: $amount', ', $amount: String!');
const VISIT = `mutation($id: ID!, $input: ClassVisitInput!) { recordClassVisit(classId: $id, input: $input) { ${CLASS_FIELDS} } }`;
const ACTUALS = `query($plan: ID!, $year: Int!) { classLedgerActuals(planId: $plan, year: $year) { districtId indicatorCode year value ceilingCounted source } }`;

interface Klass {
  id: string;
  stage: string;
  version: number;
  [key: string]: unknown;
}

describe('the training-class ledger', () => {
  let db: TestDatabase;
  let api: TestApi;
  let f: InstitutionFixture;
  const clock = fixedClock('2026-03-02T02:00:00Z');

  const count = async (table: string) =>
    Number(((await db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0]!.n);
  const at = (date: string) => clock.set(`${date}T02:00:00Z`);

  beforeAll(async () => {
    db = await createTestDatabase(SEEDED_TEMPLATE);
    f = await seedInstitutionFixture(db.dataSource);
    api = await createTestApi(db.appDataSource, null, { clock });
  });
  afterAll(() => db.drop());

  const application = (over: Record<string, unknown> = {}) => ({
    organisationId: f.orgs.school,
    name: '工业机器人系统操作员项目制培训第1期',
    trainingType: 'PROJECT_ENTERPRISE_EMPLOYEES',
    catalogueEntryId: f.catalogue.wulongRobot,
    plannedTrainees: 30,
    startsOn: '2026-03-10',
    endsOn: '2026-04-15',
    enterpriseEmployees: true,
    subsidy: '60,000.00',
    ...over,
  });

  async function run<T = Klass>(query: string, variables: Record<string, unknown>, viewer = f.v.wulongAdmin) {
    const r = await api.query<Record<string, T>>(query, variables, viewer);
    expect(r.errors, query.slice(0, 60)).toBeUndefined();
    return Object.values(r.data!)[0]!;
  }
  const apply = (over: Record<string, unknown> = {}, viewer = f.v.school) =>
    run(APPLY, { input: application(over) }, viewer);
  const step = (query: string, k: Klass, extra: Record<string, unknown> = {}, viewer = f.v.wulongAdmin) =>
    run(query, { id: k.id, version: k.version, ...extra }, viewer);

  async function actual(year: number, code: string, viewer = f.v.wulongAdmin) {
    const rows = await run<
      { indicatorCode: string; value: number; ceilingCounted: number | null; districtId: string }[]
    >(ACTUALS, { plan: f.guidancePlanId, year }, viewer);
    const row = rows.find((r) => r.indicatorCode === code && r.districtId === f.t.districts.wulong.id);
    return { value: row?.value ?? 0, ceilingCounted: row?.ceilingCounted ?? null };
  }

  it('takes a project-based class through every stage, with the advance capped at 20% and amounts in fen', async () => {
    at('2026-03-02');
    let k = await apply();
    expect(k).toMatchObject({
      stage: 'APPLIED',
      occupation: '工业机器人系统操作员',
      subsidy: '60000.00',
      maxAdvance: '12000.00',
    });

    // 受理开班申请: a department head may not, another district's admin cannot even see it.
    expect(codes(await api.query(APPROVE, { id: k.id, version: k.version }, f.v.wulongHrHead))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await api.query(APPROVE, { id: k.id, version: k.version }, f.v.beibeiAdmin))).toEqual([
      'NOT_FOUND',
    ]);
    // The advance comes after opening, not before.
    expect(
      codes(await api.query(ADVANCE, { id: k.id, version: k.version, amount: '100' }, f.v.wulongAdmin)),
    ).toEqual(['CONFLICT']);
    // Completion before the class opened.
    const early = await api.query(
      COMPLETE,
      {
        id: k.id,
        version: k.version,
        input: { traineesCompleted: 30, traineesCertified: 30, certificateKind: 'SKILL_LEVEL' },
      },
      f.v.school,
    );
    expect(codes(early)).toEqual(['CONFLICT']);
    k = await step(APPROVE, k);
    expect(k).toMatchObject({ stage: 'OPEN', openedOn: '2026-03-02' });

    // 过程监管
    at('2026-03-12');
    k = await run(VISIT, {
      id: k.id,
      input: { visitedOn: '2026-03-12', traineesPresent: 29, finding: '到课 29 人，教学正常' },
    });
    expect(k.visits).toEqual([{ visitedOn: '2026-03-12', finding: '到课 29 人，教学正常' }]);

    // The 20% ceiling, and fractions of a fen.
    for (const amount of ['12000.01', '12000.001', '-1', '一万']) {
      const r = await api.query(ADVANCE, { id: k.id, version: k.version, amount }, f.v.wulongAdmin);
      expect(codes(r), amount).toEqual(['BAD_USER_INPUT']);
    }
    k = await step(ADVANCE, k, { amount: '12,000.00' });
    expect(k).toMatchObject({ advance: '12000.00', advancePaidOn: '2026-03-12', stage: 'OPEN' });
    expect(
      codes(await api.query(ADVANCE, { id: k.id, version: k.version, amount: '1' }, f.v.wulongAdmin)),
    ).toEqual(['CONFLICT']);

    // Completion: more certified than completed, more completed than planned.
    at('2026-04-16');
    for (const input of [
      { traineesCompleted: 28, traineesCertified: 29, certificateKind: 'SKILL_LEVEL' },
      { traineesCompleted: 31, traineesCertified: 20, certificateKind: 'SKILL_LEVEL' },
      { traineesCompleted: 0, traineesCertified: 0, certificateKind: 'SKILL_LEVEL' },
    ]) {
      expect(codes(await api.query(COMPLETE, { id: k.id, version: k.version, input }, f.v.school))).toEqual([
        'BAD_USER_INPUT',
      ]);
    }
    const [unchanged] = (await db.dataSource.query(
      `SELECT stage, trainees_completed FROM training_class WHERE id = $1`,
      [k.id],
    )) as Record<string, unknown>[];
    expect(unchanged).toEqual({ stage: 'OPEN', trainees_completed: null });
    k = await step(
      COMPLETE,
      k,
      { input: { traineesCompleted: 28, traineesCertified: 25, certificateKind: 'SKILL_LEVEL' } },
      f.v.school,
    );
    expect(k.stage).toBe('COMPLETION_FILED');
    // Returned once, filed again.
    k = await step(RETURN_COMPLETION, k, { reason: '缺少结业花名册' });
    expect(k).toMatchObject({ stage: 'OPEN', reviewReason: '缺少结业花名册' });
    k = await step(
      COMPLETE,
      k,
      { input: { traineesCompleted: 28, traineesCertified: 25, certificateKind: 'SKILL_LEVEL' } },
      f.v.school,
    );
    expect(await actual(2026, 'ENTERPRISE_WORKER_TRAINING')).toEqual({ value: 0, ceilingCounted: null });

    // 结业审核: now it counts.
    at('2026-04-20');
    k = await step(AUDIT, k);
    expect(k).toMatchObject({ stage: 'AUDITED', auditedOn: '2026-04-20' });
    expect(await actual(2026, 'ENTERPRISE_WORKER_TRAINING')).toEqual({ value: 28, ceilingCounted: null });
    expect(await actual(2026, 'POST_TRAINING_CERTIFICATION')).toEqual({ value: 25, ceilingCounted: null });
    expect(await actual(2026, 'GUIDANCE_PLAN')).toEqual({ value: 28, ceilingCounted: null });

    expect(
      codes(await api.query(FINAL, { id: k.id, version: k.version, amount: '55000.005' }, f.v.wulongAdmin)),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await api.query(FINAL, { id: k.id, version: k.version, amount: '100' }, f.v.wulongAdmin)),
    ).toEqual(['BAD_USER_INPUT']);
    k = await step(FINAL, k, { amount: '55000' });
    expect(k).toMatchObject({ stage: 'SETTLED', finalSubsidy: '55000.00' });
    // A stale version is a conflict, not a lost update.
    expect(codes(await api.query(FINAL, { id: k.id, version: 1, amount: '1' }, f.v.wulongAdmin))).toEqual([
      'CONFLICT',
    ]);

    const events = (await db.dataSource.query(
      `SELECT action FROM audit_event WHERE entity_type IN ('TRAINING_CLASS', 'TRAINING_CLASS_VISIT') AND (entity_id = $1 OR after->>'classId' = $1) ORDER BY occurred_at`,
      [k.id],
    )) as { action: string }[];
    expect(events.map((e) => e.action)).toEqual([
      'APPLY',
      'APPROVE_OPENING',
      'RECORD_VISIT',
      'RECORD_ADVANCE',
      'FILE_COMPLETION',
      'RETURN_COMPLETION',
      'FILE_COMPLETION',
      'AUDIT_COMPLETION',
      'RECORD_FINAL_SUBSIDY',
    ]);
  });

  it('returns an application with a reason, and the institution resubmits it', async () => {
    at('2026-03-02');
    let k = await apply({ name: '电工培训班', catalogueEntryId: f.catalogue.wulongElectrician });
    expect(
      codes(await api.query(RETURN, { id: k.id, version: k.version, reason: '' }, f.v.wulongAdmin)),
    ).toEqual(['BAD_USER_INPUT']);
    k = await step(RETURN, k, { reason: '师资材料不全' });
    expect(k).toMatchObject({ stage: 'RETURNED', reviewReason: '师资材料不全' });
    k = await step(RESUBMIT, k, {}, f.v.school);
    expect(k.stage).toBe('APPLIED');
  });

  it('refuses bad applications with coded errors and stores nothing', async () => {
    const before = await count('training_class');
    const cases: [Record<string, unknown>, string][] = [
      [{ plannedTrainees: 0 }, 'plannedTrainees'],
      [{ startsOn: '2026-05-01', endsOn: '2026-04-01' }, 'endsOn'],
      [{ catalogueEntryId: f.catalogue.beibeiWelder }, 'catalogueEntryId'],
      [{ catalogueEntryId: null }, 'catalogueEntryId'],
      [{ subsidy: '100.001' }, 'subsidy'],
      [{ subsidy: '1e5' }, 'subsidy'],
    ];
    for (const [over, field] of cases) {
      const r = await api.query(APPLY, { input: application(over) }, f.v.school);
      expect(codes(r), JSON.stringify(over)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(await count('training_class')).toBe(before);
  });

  it('refuses a completion filed before the class’s opening date', async () => {
    at('2026-03-02');
    let k = await apply({ startsOn: '2026-06-01', endsOn: '2026-06-30' });
    k = await step(APPROVE, k);
    const r = await api.query(
      COMPLETE,
      {
        id: k.id,
        version: k.version,
        input: { traineesCompleted: 10, traineesCertified: 5, certificateKind: 'SKILL_LEVEL' },
      },
      f.v.school,
    );
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors?.[0]?.extensions?.field).toBe('startsOn');
  });

  it('keeps one institution’s classes from another, in the same district or another', async () => {
    at('2026-03-02');
    const k = await apply({ name: '保密班' });
    for (const viewer of [f.v.otherSchool, f.v.beibeiSchool]) {
      expect(
        codes(await api.query(`query($id: ID!) { trainingClass(id: $id) { id } }`, { id: k.id }, viewer)),
      ).toEqual(['NOT_FOUND']);
      const list = await run<{ id: string }[]>(`{ trainingClasses { id } }`, {}, viewer);
      expect(list.map((c) => c.id)).not.toContain(k.id);
      const r = await api.query(
        COMPLETE,
        {
          id: k.id,
          version: k.version,
          input: { traineesCompleted: 1, traineesCertified: 0, certificateKind: 'TRAINING_ONLY' },
        },
        viewer,
      );
      expect(codes(r)).toEqual(['NOT_FOUND']);
      // …nor apply in its name.
      expect(codes(await api.query(APPLY, { input: application() }, viewer))).toEqual(['NOT_FOUND']);
    }
    expect(codes(await api.query(APPLY, { input: application() }, f.v.enterprise))).toEqual(['FORBIDDEN']);
    const district = await run<{ id: string }[]>(
      `{ trainingClasses(filter: { stage: APPLIED }) { id } }`,
      {},
      f.v.wulongAdmin,
    );
    expect(district.map((c) => c.id)).toContain(k.id);
    const beibei = await run<{ id: string }[]>(`{ trainingClasses { id } }`, {}, f.v.beibeiAdmin);
    expect(beibei).toEqual([]);
  });
});

describe('counting rules of file 000 annex 1, through the ledger', () => {
  let db: TestDatabase;
  let api: TestApi;
  let f: InstitutionFixture;
  const clock = fixedClock('2020-11-02T02:00:00Z');
  const at = (date: string) => clock.set(`${date}T02:00:00Z`);

  beforeAll(async () => {
    db = await createTestDatabase(SEEDED_TEMPLATE);
    f = await seedInstitutionFixture(db.dataSource);
    api = await createTestApi(db.appDataSource, null, { clock });
  });
  afterAll(() => db.drop());

  async function ok<T>(
    query: string,
    variables: Record<string, unknown>,
    viewer = f.v.wulongAdmin,
  ): Promise<T> {
    const r = await api.query<Record<string, T>>(query, variables, viewer);
    expect(r.errors, query.slice(0, 60)).toBeUndefined();
    return Object.values(r.data!)[0]!;
  }

  /** Applies on `opened`, opens, pays the advance; then files and audits completion on `audited` if given. */
  async function classThrough(
    over: Record<string, unknown>,
    dates: { opened: string; advance?: string; audited?: string },
    completion = { traineesCompleted: 20, traineesCertified: 15, certificateKind: 'SKILL_LEVEL' },
  ) {
    at(dates.opened);
    let k = await ok<Klass>(
      APPLY,
      {
        input: {
          organisationId: f.orgs.school,
          name: '计数测试班',
          trainingType: 'ENTERPRISE_SKILL_UPGRADING',
          plannedTrainees: 20,
          startsOn: dates.opened,
          endsOn: dates.opened,
          enterpriseEmployees: false,
          subsidy: '10000',
          ...over,
        },
      },
      f.v.school,
    );
    k = await ok<Klass>(APPROVE, { id: k.id, version: k.version });
    if (dates.advance) {
      at(dates.advance);
      k = await ok<Klass>(ADVANCE, { id: k.id, version: k.version, amount: '2000' });
    }
    if (dates.audited) {
      at(dates.audited);
      k = await ok<Klass>(COMPLETE, { id: k.id, version: k.version, input: completion }, f.v.school);
      k = await ok<Klass>(AUDIT, { id: k.id, version: k.version });
    }
    return k;
  }

  async function actuals(year: number) {
    const rows = await ok<{ indicatorCode: string; value: number; ceilingCounted: number | null }[]>(
      ACTUALS,
      { plan: f.guidancePlanId, year },
    );
    return Object.fromEntries(
      rows.map((r) => [r.indicatorCode, r.ceilingCounted === null ? r.value : [r.value, r.ceilingCounted]]),
    );
  }

  it('note 7: opened in 2020 and audited in 2021 counts in 2021, not 2020', async () => {
    await classThrough({}, { opened: '2020-11-02', audited: '2021-01-15' });
    expect(await actuals(2020)).toEqual({});
    expect(await actuals(2021)).toEqual({
      GUIDANCE_PLAN: 20,
      ENTERPRISE_WORKER_TRAINING: 20,
      POST_TRAINING_CERTIFICATION: 15,
    });
  });

  it('note 4: new apprenticeship counts at opening with the advance paid, not at completion', async () => {
    const k = await classThrough(
      { trainingType: 'NEW_APPRENTICESHIP', plannedTrainees: 12, enterpriseEmployees: true },
      { opened: '2021-02-01' },
    );
    let a = await actuals(2021);
    expect(a.NEW_APPRENTICESHIP_TRAINING).toBeUndefined();
    at('2021-02-05');
    await ok<Klass>(ADVANCE, { id: k.id, version: k.version, amount: '2000' });
    a = await actuals(2021);
    expect(a.NEW_APPRENTICESHIP_TRAINING).toBe(12);
    expect(a.ENTERPRISE_WORKER_TRAINING).toBe(20 + 12);
  });

  it('note 1: enterprise-employee training includes the enterprise employees of household-service classes', async () => {
    await classThrough(
      { trainingType: 'HOUSEHOLD_SERVICE', enterpriseEmployees: true },
      { opened: '2022-03-01', audited: '2022-04-01' },
      { traineesCompleted: 18, traineesCertified: 0, certificateKind: 'TRAINING_ONLY' },
    );
    await classThrough(
      { trainingType: 'HOUSEHOLD_SERVICE', enterpriseEmployees: false },
      { opened: '2022-03-01', audited: '2022-04-01' },
      { traineesCompleted: 7, traineesCertified: 0, certificateKind: 'TRAINING_ONLY' },
    );
    const a = await actuals(2022);
    expect(a.ENTERPRISE_WORKER_TRAINING).toBe(18);
    // note 2: of the 25 household-service trainees only the 7 who are not enterprise employees count toward the 20% ceiling.
    expect(a.HOUSEHOLD_SERVICE_TRAINING).toEqual([25, 7]);
  });

  it('note 2: advanced-level training is left out of the 20% ceiling', async () => {
    await classThrough(
      { trainingType: 'ENTREPRENEURSHIP', advancedLevel: true },
      { opened: '2023-03-01', audited: '2023-04-01' },
      { traineesCompleted: 9, traineesCertified: 0, certificateKind: 'TRAINING_ONLY' },
    );
    await classThrough(
      { trainingType: 'ENTREPRENEURSHIP' },
      { opened: '2023-03-01', audited: '2023-04-01' },
      { traineesCompleted: 4, traineesCertified: 0, certificateKind: 'TRAINING_ONLY' },
    );
    expect((await actuals(2023)).ENTREPRENEURSHIP_TRAINING).toEqual([13, 4]);
  });

  it('note 6: post-training evaluation counts the three certificates, never a 培训合格证书 alone', async () => {
    await classThrough(
      {},
      { opened: '2024-03-01', audited: '2024-04-01' },
      { traineesCompleted: 20, traineesCertified: 20, certificateKind: 'TRAINING_ONLY' },
    );
    await classThrough(
      {},
      { opened: '2024-03-01', audited: '2024-04-01' },
      { traineesCompleted: 20, traineesCertified: 6, certificateKind: 'SPECIAL_ABILITY' },
    );
    await classThrough(
      { trainingType: 'PROJECT_HIGH_SKILL', catalogueEntryId: f.catalogue.wulongElectrician },
      { opened: '2024-03-01', audited: '2024-04-01' },
      { traineesCompleted: 10, traineesCertified: 3, certificateKind: 'VOCATIONAL_QUALIFICATION' },
    );
    const a = await actuals(2024);
    expect(a.POST_TRAINING_CERTIFICATION).toBe(9);
    expect(a.SENIOR_LEVEL_AND_ABOVE).toBe(3);
  });

  it('gives no district-wide actuals to institutions and nothing of Wulong to Beibei', async () => {
    expect(codes(await api.query(ACTUALS, { plan: f.guidancePlanId, year: 2021 }, f.v.school))).toEqual([
      'FORBIDDEN',
    ]);
    const r = await api.query<{ classLedgerActuals: unknown[] }>(
      ACTUALS,
      { plan: f.guidancePlanId, year: 2021 },
      f.v.beibeiAdmin,
    );
    expect(r.data?.classLedgerActuals).toEqual([]);
  });
});
