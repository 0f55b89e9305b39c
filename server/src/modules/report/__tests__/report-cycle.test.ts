import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type GraphQLResult, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { seedTenants, type FixtureUser, type Tenants } from '../../../../test/support/fixtures';
import { SEEDED_TEMPLATE } from '../../../../test/support/templates';
import { fixedClock } from '../../../clock';
import { countStatements } from '../../../../test/support/sql-counter';

/**
 * The reporting cycle end to end on real PostgreSQL with a moved clock (docs/reporting.md):
 * periods open, a lead and a cooperating unit report, a return and a resubmission, approval and
 * lock, a late report, a locked and reopened period, a correction after approval as a new revision;
 * bad input and callers from the wrong department, district and role.
 */
const REPORT_FIELDS = `id status version revision value narrative late reviewReason organisation { id name }
  items { responsibilityItemId narrative } history { version revision action status reason actorName }`;
const SAVE = `mutation($input: SaveReportInput!) { saveReportDraft(input: $input) { ${REPORT_FIELDS} } }`;
const SUBMIT = `mutation($id: ID!, $v: Int!) { submitReport(id: $id, expectedVersion: $v) { ${REPORT_FIELDS} } }`;
const APPROVE = `mutation($id: ID!, $v: Int!) { approveReport(id: $id, expectedVersion: $v) { ${REPORT_FIELDS} } }`;
const RETURN = `mutation($id: ID!, $v: Int!, $r: String!) { returnReport(id: $id, expectedVersion: $v, reason: $r) { ${REPORT_FIELDS} } }`;
const REVISE = `mutation($id: ID!) { startReportRevision(id: $id) { ${REPORT_FIELDS} } }`;

interface Report {
  id: string;
  status: string;
  version: number;
  revision: number;
  value: number | null;
  late: boolean;
  reviewReason: string | null;
  items: { responsibilityItemId: string; narrative: string }[];
  history: {
    version: number;
    revision: number;
    action: string;
    status: string;
    reason: string | null;
    actorName: string | null;
  }[];
}

describe('reporting cycle', () => {
  let db: TestDatabase;
  let t: Tenants;
  let api: TestApi;
  const clock = fixedClock('2021-04-05T10:00:00+08:00');
  let planId: string;
  let dutyId: string;
  let itemIds: string[];
  const periods: Record<string, string> = {};
  let leadReport: Report;
  let coopReport: Report;

  const q = async <T = Record<string, unknown>>(sql: string, params?: unknown[]) =>
    (await db.dataSource.query(sql, params)) as T[];
  const as = <T = Record<string, unknown>>(
    user: FixtureUser,
    query: string,
    variables?: Record<string, unknown>,
  ) => api.query<T>(query, variables, t.viewerOf(user));
  const codeOf = (r: GraphQLResult<unknown>) => r.errors?.[0]?.extensions?.code;
  const ok = <T>(r: GraphQLResult<T>): T => {
    expect(r.errors).toBeUndefined();
    return r.data as T;
  };
  const counts = async () =>
    (
      await q<{ r: number; e: number; i: number }>(
        `SELECT (SELECT count(*) FROM progress_report)::int AS r, (SELECT count(*) FROM progress_report_event)::int AS e,
                (SELECT count(*) FROM progress_report_item)::int AS i`,
      )
    )[0];

  beforeAll(async () => {
    db = await createTestDatabase(SEEDED_TEMPLATE);
    t = await seedTenants(db.dataSource);
    api = await createTestApi(db.appDataSource, null, { clock });
    const [plan] = await q<{ id: string }>(`SELECT id FROM plan WHERE code = 'WULONG-2019'`);
    planId = plan!.id;
    // A department duty led by 区人力社保局 with a numeric target; 区教委 cooperates on it.
    const [duty] = await q<{ id: string }>(
      `SELECT d.id FROM duty d JOIN duty_assignment a ON a.duty_id = d.id AND a.role = 'LEAD' AND a.organisation_id = $1
        WHERE d.plan_id = $2 AND d.list_kind = 'DEPARTMENT' AND EXISTS (SELECT 1 FROM duty_target x WHERE x.duty_id = d.id)
        ORDER BY d.sort_order LIMIT 1`,
      [t.organisations.wulongHr.id, planId],
    );
    dutyId = duty!.id;
    await q(
      `INSERT INTO duty_assignment (duty_id, district_id, role, organisation_id, assignee_text, sort_order)
       SELECT $1, $2, 'COOPERATING', $3, '区教委', 99
        WHERE NOT EXISTS (SELECT 1 FROM duty_assignment WHERE duty_id = $1 AND organisation_id = $3)`,
      [dutyId, t.districts.wulong.id, t.organisations.wulongEducation.id],
    );
    itemIds = (
      await q<{ id: string }>(`SELECT id FROM responsibility_item WHERE duty_id = $1 ORDER BY seq`, [dutyId])
    ).map((r) => r.id);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('creates the plan’s periods idempotently (district admin only) with their state by the clock', async () => {
    const ENSURE = `mutation($p: ID!) { ensureReportingPeriods(planId: $p) { id year kind number opensOn dueOn state label } }`;
    expect(codeOf(await as(t.users.wulongHrHead, ENSURE, { p: planId }))).toBe('FORBIDDEN');
    expect(codeOf(await as(t.users.beibeiAdmin, ENSURE, { p: planId }))).toBe('NOT_FOUND');
    expect(codeOf(await as(t.users.wulongViewer, ENSURE, { p: planId }))).toBe('FORBIDDEN');
    const first = ok(
      await as<{ ensureReportingPeriods: Record<string, unknown>[] }>(t.users.wulongAdmin, ENSURE, {
        p: planId,
      }),
    );
    expect(first.ensureReportingPeriods).toHaveLength(36);
    const again = ok(
      await as<{ ensureReportingPeriods: { id: string }[] }>(t.users.wulongAdmin, ENSURE, { p: planId }),
    );
    expect(again.ensureReportingPeriods.map((p) => p.id)).toEqual(
      first.ensureReportingPeriods.map((p) => p.id),
    );
    for (const p of first.ensureReportingPeriods) periods[`${p.year}-${p.number}`] = p.id as string;
    const byKey = (k: string) => first.ensureReportingPeriods.find((p) => p.id === periods[k])!;
    expect(byKey('2021-3')).toMatchObject({
      kind: 'MONTH',
      opensOn: '2021-03-01',
      dueOn: '2021-04-10',
      state: 'OPEN',
      label: '2021年3月',
    });
    expect(byKey('2021-2')).toMatchObject({ dueOn: '2021-03-10', state: 'CLOSED' });
    expect(byKey('2021-5')).toMatchObject({ state: 'UPCOMING' });
    const audit = await q(
      `SELECT 1 FROM audit_event WHERE entity_type = 'PLAN' AND action = 'ENSURE_PERIODS' AND entity_id = $1`,
      [planId],
    );
    expect(audit).toHaveLength(2);
  });

  it('lets the plan’s admin move the due date (0–90 days), never another district', async () => {
    const SET = `mutation($p: ID!, $d: Int!) { setPlanReportDueDays(planId: $p, days: $d) { reportDueDays } }`;
    expect(ok(await as(t.users.wulongAdmin, SET, { p: planId, d: 15 }))).toEqual({
      setPlanReportDueDays: { reportDueDays: 15 },
    });
    const [march] = await q<{ due: string }>(
      `SELECT to_char(due_on, 'YYYY-MM-DD') AS due FROM reporting_period WHERE id = $1`,
      [periods['2021-3']],
    );
    expect(march!.due).toBe('2021-04-15');
    expect(codeOf(await as(t.users.wulongAdmin, SET, { p: planId, d: 91 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await as(t.users.beibeiAdmin, SET, { p: planId, d: 5 }))).toBe('NOT_FOUND');
    ok(await as(t.users.wulongAdmin, SET, { p: planId, d: 10 }));
  });

  it('shows the head its duty in 我的任务 with the state of the period to act on', async () => {
    const TASKS = `{ myReportingTasks { duty { id } role state period { label state } year yearTarget unit overdueCount } }`;
    const { myReportingTasks } = ok(
      await as<{ myReportingTasks: Record<string, unknown>[] }>(t.users.wulongHrHead, TASKS),
    );
    const task = myReportingTasks.find((x) => (x.duty as { id: string }).id === dutyId)!;
    // Nothing reported since 2019: the first period is long overdue.
    expect(task).toMatchObject({
      role: 'LEAD',
      state: 'OVERDUE',
      period: { label: '2019年1月', state: 'CLOSED' },
    });
    expect(task.overdueCount).toBe(26); // 2019-01 … 2021-02 (March 2021 is still open)
    const coop = ok(
      await as<{ myReportingTasks: Record<string, unknown>[] }>(t.users.wulongEducationHead, TASKS),
    );
    expect(coop.myReportingTasks.find((x) => (x.duty as { id: string }).id === dutyId)).toMatchObject({
      role: 'COOPERATING',
    });
    expect(
      ok(await as<{ myReportingTasks: unknown[] }>(t.users.wulongAdmin, TASKS)).myReportingTasks,
    ).toEqual([]);
  });

  it('a lead and a cooperating unit report; the lead sees the contribution, the figure is the lead’s', async () => {
    const created = ok(
      await as<{ saveReportDraft: Report }>(t.users.wulongHrHead, SAVE, {
        input: {
          dutyId,
          periodId: periods['2021-3'],
          value: 100,
          narrative: '三月培训 100 人次',
          items: [{ responsibilityItemId: itemIds[0], narrative: '已开班' }],
        },
      }),
    ).saveReportDraft;
    expect(created).toMatchObject({ status: 'DRAFT', version: 1, revision: 1, value: 100 });
    expect(created.history.map((h) => [h.version, h.action])).toEqual([[1, 'SAVE']]);
    expect(created.history[0]!.actorName).toBe(t.users.wulongHrHead.displayName);
    // A second "new" report for the same unit and period is refused: it names the existing one.
    const dup = await as(t.users.wulongHrHead, SAVE, {
      input: { dutyId, periodId: periods['2021-3'], value: 1, narrative: '' },
    });
    expect(dup.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reportId: created.id,
      currentVersion: 1,
    });

    const changed = ok(
      await as<{ saveReportDraft: Report }>(t.users.wulongHrHead, SAVE, {
        input: {
          reportId: created.id,
          expectedVersion: 1,
          value: 110,
          narrative: '三月培训 110 人次',
          items: itemIds.map((id, i) => ({ responsibilityItemId: id, narrative: `第${i + 1}项进展` })),
        },
      }),
    ).saveReportDraft;
    expect(changed).toMatchObject({ version: 2, value: 110 });
    expect(changed.items).toHaveLength(itemIds.length);
    leadReport = ok(
      await as<{ submitReport: Report }>(t.users.wulongHrHead, SUBMIT, { id: created.id, v: 2 }),
    ).submitReport;
    expect(leadReport).toMatchObject({ status: 'SUBMITTED', version: 3, late: false });

    coopReport = ok(
      await as<{ saveReportDraft: Report }>(t.users.wulongEducationHead, SAVE, {
        input: { dutyId, periodId: periods['2021-3'], value: 30, narrative: '职教中心培训 30 人次' },
      }),
    ).saveReportDraft;
    coopReport = ok(
      await as<{ submitReport: Report }>(t.users.wulongEducationHead, SUBMIT, { id: coopReport.id, v: 1 }),
    ).submitReport;

    const DUTY_REPORTS = `query($d: ID!, $p: ID!) { dutyReports(dutyId: $d, periodId: $p) { figure contributions { role organisation { id } report { id value } } } }`;
    const lead = ok(
      await as<{
        dutyReports: {
          figure: number;
          contributions: { role: string; organisation: { id: string }; report: { value: number } | null }[];
        };
      }>(t.users.wulongHrHead, DUTY_REPORTS, { d: dutyId, p: periods['2021-3'] }),
    ).dutyReports;
    expect(lead.figure).toBe(110); // the lead's consolidated figure, not 110 + 30
    expect(lead.contributions[0]).toMatchObject({
      role: 'LEAD',
      organisation: { id: t.organisations.wulongHr.id },
      report: { value: 110 },
    });
    expect(
      lead.contributions.find((c) => c.organisation.id === t.organisations.wulongEducation.id)?.report?.value,
    ).toBe(30);
    // The cooperating unit sees its own contribution only.
    const coop = ok(
      await as<{ dutyReports: { contributions: { organisation: { id: string } }[] } }>(
        t.users.wulongEducationHead,
        DUTY_REPORTS,
        { d: dutyId, p: periods['2021-3'] },
      ),
    ).dutyReports;
    expect(coop.contributions.map((c) => c.organisation.id)).toEqual([t.organisations.wulongEducation.id]);
    expect(codeOf(await as(t.users.beibeiAdmin, DUTY_REPORTS, { d: dutyId, p: periods['2021-3'] }))).toBe(
      'NOT_FOUND',
    );
    // The lead reads the cooperating unit's report; the cooperating unit cannot read the lead's.
    const READ = `query($id: ID!) { progressReport(id: $id) { id value } }`;
    expect(ok(await as(t.users.wulongHrHead, READ, { id: coopReport.id }))).toMatchObject({
      progressReport: { value: 30 },
    });
    expect(codeOf(await as(t.users.wulongEducationHead, READ, { id: leadReport.id }))).toBe('NOT_FOUND');
    expect(codeOf(await as(t.users.beibeiViewer, READ, { id: leadReport.id }))).toBe('NOT_FOUND');
    expect(codeOf(await as(t.users.wulongEnterpriseAdmin, READ, { id: leadReport.id }))).toBe('NOT_FOUND');
    expect(ok(await as(t.users.wulongViewer, READ, { id: leadReport.id }))).toMatchObject({
      progressReport: { value: 110 },
    });
  });

  it('the admin returns with a required reason; the head corrects and resubmits; approval locks it', async () => {
    const QUEUE = `{ reviewQueue { id status } }`;
    const queue = ok(await as<{ reviewQueue: { id: string }[] }>(t.users.wulongAdmin, QUEUE)).reviewQueue.map(
      (r) => r.id,
    );
    expect(queue).toEqual(expect.arrayContaining([leadReport.id, coopReport.id]));
    expect(ok(await as<{ reviewQueue: unknown[] }>(t.users.beibeiAdmin, QUEUE)).reviewQueue).toEqual([]);
    expect(codeOf(await as(t.users.wulongHrHead, QUEUE))).toBe('FORBIDDEN');

    const before = await counts();
    expect(codeOf(await as(t.users.wulongAdmin, RETURN, { id: leadReport.id, v: 3, r: '  ' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await as(t.users.wulongHrHead, RETURN, { id: leadReport.id, v: 3, r: '自己退回' }))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await as(t.users.beibeiAdmin, RETURN, { id: leadReport.id, v: 3, r: '跨区退回' }))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await as(t.users.wulongViewer, APPROVE, { id: leadReport.id, v: 3 }))).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);

    const returned = ok(
      await as<{ returnReport: Report }>(t.users.wulongAdmin, RETURN, {
        id: leadReport.id,
        v: 3,
        r: '请补充培训台账',
      }),
    ).returnReport;
    expect(returned).toMatchObject({ status: 'RETURNED', version: 4, reviewReason: '请补充培训台账' });
    const todos = ok(
      await as<{ myTodos: { items: { kind: string; detail: string; link: string }[] } }>(
        t.users.wulongHrHead,
        `{ myTodos { count items { kind detail link } } }`,
      ),
    ).myTodos;
    expect(todos.items.find((i) => i.kind === 'RETURNED')).toMatchObject({
      link: `/report/${dutyId}/${periods['2021-3']}`,
    });
    expect(todos.items.find((i) => i.kind === 'RETURNED')!.detail).toContain('请补充培训台账');

    const corrected = ok(
      await as<{ saveReportDraft: Report }>(t.users.wulongHrHead, SAVE, {
        input: { reportId: leadReport.id, expectedVersion: 4, value: 112, narrative: '已补充台账' },
      }),
    ).saveReportDraft;
    expect(corrected).toMatchObject({ status: 'RETURNED', version: 5 });
    const resubmitted = ok(
      await as<{ submitReport: Report }>(t.users.wulongHrHead, SUBMIT, { id: leadReport.id, v: 5 }),
    ).submitReport;
    expect(resubmitted).toMatchObject({ status: 'RESUBMITTED', version: 6 });
    const approved = ok(
      await as<{ approveReport: Report }>(t.users.wulongAdmin, APPROVE, { id: leadReport.id, v: 6 }),
    ).approveReport;
    expect(approved).toMatchObject({ status: 'APPROVED', version: 7, value: 112 });
    expect(approved.history.map((h) => `${h.version}:${h.action}:${h.status}`)).toEqual([
      '1:SAVE:DRAFT',
      '2:SAVE:DRAFT',
      '3:SUBMIT:SUBMITTED',
      '4:RETURN:RETURNED',
      '5:SAVE:RETURNED',
      '6:SUBMIT:RESUBMITTED',
      '7:APPROVE:APPROVED',
    ]);
    expect(approved.history[3]!.reason).toBe('请补充培训台账');

    // Approved = locked: no save, no second approval, no evidence.
    const locked = await counts();
    const save = await as(t.users.wulongHrHead, SAVE, {
      input: { reportId: leadReport.id, expectedVersion: 7, value: 1, narrative: '' },
    });
    expect(codeOf(save)).toBe('BAD_USER_INPUT');
    expect(save.errors?.[0]?.message).toContain('新的修订版');
    expect(codeOf(await as(t.users.wulongAdmin, APPROVE, { id: leadReport.id, v: 7 }))).toBe(
      'BAD_USER_INPUT',
    );
    const upload = await as(
      t.users.wulongHrHead,
      `mutation($i: UploadEvidenceInput!) { uploadEvidence(input: $i) { id } }`,
      {
        i: {
          ownerType: 'PROGRESS_REPORT',
          ownerId: leadReport.id,
          fileName: 'a.pdf',
          contentBase64: Buffer.from('%PDF-1.4 x').toString('base64'),
        },
      },
    );
    expect(codeOf(upload)).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(locked);
    // Audit events of every step, in the same transactions.
    const audit = await q<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_type = 'PROGRESS_REPORT' AND entity_id = $1 ORDER BY occurred_at, action`,
      [leadReport.id],
    );
    expect(audit).toHaveLength(7);
  });

  it('a correction after approval is a new revision that is reviewed again; the approved one stays', async () => {
    const revision = ok(
      await as<{ startReportRevision: Report }>(t.users.wulongHrHead, REVISE, { id: leadReport.id }),
    ).startReportRevision;
    expect(revision).toMatchObject({ revision: 2, status: 'DRAFT', version: 1, value: 112 });
    expect(revision.id).not.toBe(leadReport.id);
    expect(revision.history.map((h) => h.action)).toEqual(['REVISE']);
    expect(codeOf(await as(t.users.wulongHrHead, REVISE, { id: leadReport.id }))).toBe('CONFLICT');
    expect(codeOf(await as(t.users.wulongEducationHead, REVISE, { id: leadReport.id }))).toBe('NOT_FOUND');
    const [old] = await q<{ status: string; value: string }>(
      `SELECT status, value FROM progress_report WHERE id = $1`,
      [leadReport.id],
    );
    expect(old).toEqual({ status: 'APPROVED', value: '112' });
    ok(
      await as(t.users.wulongHrHead, SAVE, {
        input: { reportId: revision.id, expectedVersion: 1, value: 120, narrative: '更正：120 人次' },
      }),
    );
    ok(await as(t.users.wulongHrHead, SUBMIT, { id: revision.id, v: 2 }));
    const approved = ok(
      await as<{ approveReport: Report }>(t.users.wulongAdmin, APPROVE, { id: revision.id, v: 3 }),
    ).approveReport;
    expect(approved).toMatchObject({ revision: 2, status: 'APPROVED', value: 120 });
    const figure = ok(
      await as<{ dutyReports: { figure: number } }>(
        t.users.wulongAdmin,
        `query($d: ID!, $p: ID!) { dutyReports(dutyId: $d, periodId: $p) { figure } }`,
        { d: dutyId, p: periods['2021-3'] },
      ),
    );
    expect(figure.dutyReports.figure).toBe(120);
  });

  it('accepts a late report after the due date, marked late, and lists it on the chase list with the days late', async () => {
    const feb = periods['2021-2']!; // due 2021-03-10, today 2021-04-05
    const draft = ok(
      await as<{ saveReportDraft: Report }>(t.users.wulongHrHead, SAVE, {
        input: { dutyId, periodId: feb, value: 80, narrative: '补报二月' },
      }),
    ).saveReportDraft;
    const submitted = ok(
      await as<{ submitReport: Report }>(t.users.wulongHrHead, SUBMIT, { id: draft.id, v: 1 }),
    ).submitReport;
    expect(submitted).toMatchObject({ status: 'SUBMITTED', late: true });
    const CHASE = `query($f: ChaseFilter) { chaseList(filter: $f) { state daysLate organisation { id name } duty { id } period { id } reportStatus lastReminderAt } }`;
    const rows = ok(
      await as<{
        chaseList: { state: string; daysLate: number; organisation: { id: string }; duty: { id: string } }[];
      }>(t.users.wulongAdmin, CHASE, { f: { periodId: feb, dutyId } }),
    ).chaseList;
    expect(rows.find((r) => r.organisation.id === t.organisations.wulongHr.id)).toMatchObject({
      state: 'LATE',
      daysLate: 26,
    });
    // 区教委 never reported February: overdue by 26 days today.
    expect(rows.find((r) => r.organisation.id === t.organisations.wulongEducation.id)).toMatchObject({
      state: 'NOT_SUBMITTED',
      daysLate: 26,
    });
    expect(codeOf(await as(t.users.wulongHrHead, CHASE, {}))).toBe('FORBIDDEN');
    expect(
      ok(await as<{ chaseList: unknown[] }>(t.users.beibeiAdmin, CHASE, { f: { periodId: feb } })).chaseList,
    ).toEqual([]);
  });

  it('a reminder reaches the organisation’s users’ 待办 until read; only the district admin sends it', async () => {
    const SEND = `mutation($i: SendReminderInput!) { sendReminder(input: $i) { id message organisation { id } } }`;
    const input = { organisationId: t.organisations.wulongEducation.id, periodId: periods['2021-2'], dutyId };
    expect(codeOf(await as(t.users.wulongHrHead, SEND, { i: input }))).toBe('FORBIDDEN');
    expect(codeOf(await as(t.users.beibeiAdmin, SEND, { i: input }))).toBe('NOT_FOUND');
    const sent = ok(
      await as<{ sendReminder: { id: string; message: string } }>(t.users.wulongAdmin, SEND, { i: input }),
    ).sendReminder;
    expect(sent.message).toContain('2021年2月');
    const TODOS = `{ myTodos { count items { kind entityId link dueOn } } }`;
    const todos = ok(
      await as<{ myTodos: { count: number; items: { kind: string; entityId: string }[] } }>(
        t.users.wulongEducationHead,
        TODOS,
      ),
    ).myTodos;
    expect(todos.items.filter((i) => i.kind === 'REMINDER').map((i) => i.entityId)).toEqual([sent.id]);
    expect(todos.count).toBe(todos.items.length);
    // Not to another organisation's users.
    const hrTodos = ok(
      await as<{ myTodos: { items: { kind: string }[] } }>(t.users.wulongHrHead, TODOS),
    ).myTodos;
    expect(hrTodos.items.filter((i) => i.kind === 'REMINDER')).toEqual([]);
    const READ = `mutation($id: ID!) { markReminderRead(id: $id) }`;
    expect(codeOf(await as(t.users.wulongHrHead, READ, { id: sent.id }))).toBe('NOT_FOUND');
    expect(codeOf(await as(t.users.beibeiHrHead, READ, { id: sent.id }))).toBe('NOT_FOUND');
    expect(ok(await as(t.users.wulongEducationHead, READ, { id: sent.id }))).toEqual({
      markReminderRead: true,
    });
    const after = ok(
      await as<{ myTodos: { items: { kind: string }[] } }>(t.users.wulongEducationHead, TODOS),
    ).myTodos;
    expect(after.items.filter((i) => i.kind === 'REMINDER')).toEqual([]);
    const events = await q<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_type = 'REMINDER' AND entity_id = $1 ORDER BY occurred_at`,
      [sent.id],
    );
    expect(events.map((e) => e.action).sort()).toEqual(['READ', 'SEND']);
    // The admin's to-do shows the reports waiting for review.
    const admin = ok(
      await as<{ myTodos: { items: { kind: string; link: string }[] } }>(t.users.wulongAdmin, TODOS),
    ).myTodos;
    expect(admin.items.find((i) => i.kind === 'REVIEW')).toMatchObject({ link: '/review' });
  });

  it('a locked period takes no change until the admin unlocks (reopens) it', async () => {
    const LOCK = `mutation($id: ID!) { lockReportingPeriod(id: $id) { id state lockedAt } }`;
    const UNLOCK = `mutation($id: ID!) { unlockReportingPeriod(id: $id) { id state } }`;
    const march = periods['2021-3']!;
    expect(codeOf(await as(t.users.wulongHrHead, LOCK, { id: march }))).toBe('FORBIDDEN');
    expect(codeOf(await as(t.users.beibeiAdmin, LOCK, { id: march }))).toBe('NOT_FOUND');
    expect(
      ok(await as<{ lockReportingPeriod: { state: string } }>(t.users.wulongAdmin, LOCK, { id: march }))
        .lockReportingPeriod.state,
    ).toBe('LOCKED');
    const before = await counts();
    const approve = await as(t.users.wulongAdmin, APPROVE, { id: coopReport.id, v: coopReport.version });
    expect(codeOf(approve)).toBe('BAD_USER_INPUT');
    expect(approve.errors?.[0]?.message).toContain('锁定');
    const [latest] = await q<{ id: string }>(
      `SELECT id FROM progress_report WHERE period_id = $1 AND organisation_id = $2 ORDER BY revision DESC LIMIT 1`,
      [march, t.organisations.wulongHr.id],
    );
    expect(codeOf(await as(t.users.wulongHrHead, REVISE, { id: latest!.id }))).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
    expect(
      ok(await as<{ unlockReportingPeriod: { state: string } }>(t.users.wulongAdmin, UNLOCK, { id: march }))
        .unlockReportingPeriod.state,
    ).toBe('OPEN');
    const approved = ok(
      await as<{ approveReport: Report }>(t.users.wulongAdmin, APPROVE, {
        id: coopReport.id,
        v: coopReport.version,
      }),
    ).approveReport;
    expect(approved.status).toBe('APPROVED');
    // Moving the clock past the due date closes the period; late reports are still accepted.
    clock.set('2021-04-11T09:00:00+08:00');
    const state = ok(
      await as<{ reportingPeriods: { id: string; state: string }[] }>(
        t.users.wulongHrHead,
        `query($p: ID!) { reportingPeriods(planId: $p) { id state } }`,
        { p: planId },
      ),
    );
    expect(state.reportingPeriods.find((p) => p.id === march)?.state).toBe('CLOSED');
    clock.set('2021-04-05T10:00:00+08:00');
  });

  it('refuses bad input with a coded error and changes nothing', async () => {
    const before = await counts();
    const march = periods['2021-3']!;
    const bad = async (user: FixtureUser, input: Record<string, unknown>, code: string, message?: RegExp) => {
      const result = await as(user, SAVE, { input });
      expect(codeOf(result), JSON.stringify(input)).toBe(code);
      if (message) expect(result.errors?.[0]?.message).toMatch(message);
    };
    const apr = periods['2021-4']!;
    await bad(
      t.users.wulongHrHead,
      { dutyId, periodId: apr, value: -1, narrative: '' },
      'BAD_USER_INPUT',
      /负数/,
    );
    await bad(
      t.users.wulongHrHead,
      { dutyId, periodId: apr, value: 1.5, narrative: '' },
      'BAD_USER_INPUT',
      /整数/,
    );
    await bad(
      t.users.wulongHrHead,
      { dutyId, periodId: apr, value: 1e12, narrative: '' },
      'BAD_USER_INPUT',
      /不能超过/,
    );
    await bad(
      t.users.wulongHrHead,
      { dutyId, periodId: periods['2021-5'], value: 1, narrative: '' },
      'BAD_USER_INPUT',
      /尚未|才开始/,
    );
    await bad(
      t.users.wulongHrHead,
      { dutyId, periodId: apr, value: 1, narrative: 'x'.repeat(5001) },
      'BAD_USER_INPUT',
    );
    await bad(
      t.users.wulongHrHead,
      {
        dutyId,
        periodId: apr,
        value: 1,
        narrative: '',
        items: [{ responsibilityItemId: '00000000-0000-4000-8000-000000000000', narrative: 'x' }],
      },
      'BAD_USER_INPUT',
    );
    await bad(t.users.wulongHrHead, { dutyId, value: 1, narrative: '' }, 'BAD_USER_INPUT');
    // A duty the unit is not assigned to: not even visible to it.
    const [other] = await q<{ id: string }>(
      `SELECT d.id FROM duty d WHERE d.plan_id = $1 AND d.list_kind = 'DEPARTMENT'
          AND NOT EXISTS (SELECT 1 FROM duty_assignment a WHERE a.duty_id = d.id AND a.organisation_id = $2) LIMIT 1`,
      [planId, t.organisations.wulongHr.id],
    );
    await bad(
      t.users.wulongHrHead,
      { dutyId: other!.id, periodId: apr, value: 1, narrative: '' },
      'NOT_FOUND',
    );
    await bad(t.users.wulongEnterpriseAdmin, { dutyId, periodId: apr, value: 1, narrative: '' }, 'NOT_FOUND');
    await bad(t.users.beibeiHrHead, { dutyId, periodId: apr, value: 1, narrative: '' }, 'NOT_FOUND');
    await bad(t.users.wulongViewer, { dutyId, periodId: apr, value: 1, narrative: '' }, 'FORBIDDEN');
    await bad(t.users.wulongAdmin, { dutyId, periodId: apr, value: 1, narrative: '' }, 'FORBIDDEN');
    // Stale version, missing version, someone else's report.
    const [coop] = await q<{ id: string; version: number }>(
      `SELECT id, version FROM progress_report WHERE organisation_id = $1 AND period_id = $2`,
      [t.organisations.wulongEducation.id, march],
    );
    expect(coop).toBeDefined();
    const [draft] = await q<{ id: string; version: number }>(
      `SELECT id, version FROM progress_report WHERE organisation_id = $1 AND period_id = $2 AND status = 'SUBMITTED'`,
      [t.organisations.wulongHr.id, periods['2021-2']],
    );
    const stale = await as(t.users.wulongAdmin, RETURN, {
      id: draft!.id,
      v: draft!.version - 1,
      r: '过期版本',
    });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: draft!.version });
    // The lead reads the cooperating unit's report but may not change it; another district cannot see it.
    await bad(
      t.users.wulongHrHead,
      { reportId: coop!.id, expectedVersion: coop!.version, value: 1, narrative: '' },
      'FORBIDDEN',
    );
    await bad(
      t.users.beibeiHrHead,
      { reportId: coop!.id, expectedVersion: coop!.version, value: 1, narrative: '' },
      'NOT_FOUND',
    );
    await bad(
      t.users.wulongEducationHead,
      { reportId: coop!.id, value: 1, narrative: '' },
      'BAD_USER_INPUT',
      /expectedVersion/,
    );
    expect(await counts()).toEqual(before);
  });

  it('costs a fixed number of statements however many rows (chase list, tasks, to-do, review queue)', async () => {
    const counter = countStatements(db.appDataSource);
    try {
      const measure = async (user: FixtureUser, query: string, variables?: Record<string, unknown>) => {
        const { result, count } = await counter.measure(() => as(user, query, variables));
        expect(result.errors).toBeUndefined();
        return count;
      };
      const CHASE = `query($f: ChaseFilter) { chaseList(filter: $f) { daysLate period { label } duty { title } organisation { name } } }`;
      const one = await measure(t.users.wulongAdmin, CHASE, { f: { periodId: periods['2021-2'] } });
      const all = await measure(t.users.wulongAdmin, CHASE, { f: { planId } });
      const rows = ok(await as<{ chaseList: unknown[] }>(t.users.wulongAdmin, CHASE, { f: { planId } }))
        .chaseList.length;
      expect(rows).toBeGreaterThan(50);
      expect(all).toBe(one);
      const TASKS = `{ myReportingTasks { duty { title } organisation { name } period { label } report { id history { version } } } }`;
      expect(await measure(t.users.wulongHrHead, TASKS)).toBeLessThanOrEqual(12);
      expect(await measure(t.users.wulongHrHead, `{ myTodos { count items { kind } } }`)).toBeLessThanOrEqual(
        10,
      );
      const QUEUE = `query($f: ReviewFilter) { reviewQueue(filter: $f) { id organisation { name } duty { title } period { label } items { narrative } history { version } evidence { id } } }`;
      const few = await measure(t.users.wulongAdmin, QUEUE, { f: { statuses: ['SUBMITTED'] } });
      const more = await measure(t.users.wulongAdmin, QUEUE, {
        f: { statuses: ['SUBMITTED', 'APPROVED', 'RETURNED', 'DRAFT', 'RESUBMITTED'] },
      });
      expect(more).toBe(few);
    } finally {
      counter.stop();
    }
  });
});
