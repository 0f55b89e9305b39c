import { periodLabel } from '@skills/domain';
import type { RequestContext } from '../../context/context';
import { today } from '../../clock';
import { findOneInScope, isUuid } from '../../db/scoped';
import { BadInputError, ForbiddenError, NotFoundError } from '../../graphql/errors';
import { recordAudit } from '../audit/audit.service';
import { Organisation } from '../organisation/organisation.entity';
import { registerTodoSource } from '../todo/todo.service';
import type { TodoItem } from '../todo/todo.types';
import { administers } from './period.service';
import { expectedReporters } from './report.access';
import { Reminder } from './report.entity';
import type { SendReminderInput } from './report.types';

/** `sendReminder` (催办): a district admin reminds an organisation of its district. */
export async function sendReminder(ctx: RequestContext, input: SendReminderInput): Promise<Reminder> {
  const organisation = await findOneInScope(ctx, Organisation, input.organisationId);
  if (!organisation.districtId || !administers(ctx, organisation.districtId)) {
    throw new ForbiddenError('只有本区县管理员可以催办');
  }
  let defaultMessage = '请尽快报送重点工作进展情况';
  if (input.periodId) {
    const period = await ctx.loaders.periodById.load(input.periodId);
    if (!period || period.districtId !== organisation.districtId)
      throw new NotFoundError('报送期不存在或无权访问');
    defaultMessage = `请尽快报送${periodLabel(period)}的重点工作进展情况（截止 ${period.dueOn}）`;
  }
  if (input.dutyId) {
    const duty = isUuid(input.dutyId) ? await ctx.loaders.dutyById.load(input.dutyId) : null;
    if (!duty || duty.districtId !== organisation.districtId)
      throw new NotFoundError('重点工作不存在或无权访问');
    defaultMessage = defaultMessage.replace('重点工作进展情况', `「${duty.title}」的进展情况`);
  }
  const message = (input.message ?? '').trim() || defaultMessage;
  if (message.length > 500) throw new BadInputError('催办内容不能超过 500 个字', { field: 'message' });
  const repo = ctx.db.getRepository(Reminder);
  const reminder = await repo.save(
    repo.create({
      districtId: organisation.districtId,
      organisationId: organisation.id,
      periodId: input.periodId ?? null,
      dutyId: input.dutyId ?? null,
      message,
      sentBy: ctx.viewer?.userId ?? null,
      sentAt: ctx.clock.now(),
    }),
  );
  await recordAudit(ctx, {
    entityType: 'REMINDER',
    entityId: reminder.id,
    action: 'SEND',
    districtId: reminder.districtId,
    organisationId: reminder.organisationId,
    after: reminder,
  });
  return reminder;
}

/** `markReminderRead`: a user of the reminded organisation has read it (idempotent). */
export async function markReminderRead(ctx: RequestContext, id: string): Promise<boolean> {
  const reminder = await findOneInScope(ctx, Reminder, id);
  // Why: a reminder is addressed to an organisation; only its users read it (the admin who sent it
  // sees it in the chase list, not in a to-do list).
  if (!ctx.scope.organisationIds.includes(reminder.organisationId)) throw new NotFoundError();
  const rows = (await ctx.db.query(
    `INSERT INTO reminder_read (reminder_id, user_id, district_id, read_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING reminder_id`,
    [reminder.id, ctx.viewer!.userId, reminder.districtId, ctx.clock.now()],
  )) as unknown[];
  if (rows.length) {
    await recordAudit(ctx, {
      entityType: 'REMINDER',
      entityId: reminder.id,
      action: 'READ',
      districtId: reminder.districtId,
      organisationId: reminder.organisationId,
    });
  }
  return true;
}

const label = (row: { year: number; kind: string; number: number }) =>
  periodLabel({ year: row.year, kind: row.kind as 'MONTH' | 'QUARTER' | 'YEAR', number: row.number });

// ── 待办 sources of the reporting cycle (one statement each) ─────────────────────────────────

registerTodoSource('REMINDER', async (ctx) => {
  const orgs = ctx.scope.organisationIds;
  if (!orgs.length || !ctx.viewer) return [];
  const rows = (await ctx.db.query(
    `SELECT m.id, m.message, m.duty_id, m.period_id, to_char(p.due_on, 'YYYY-MM-DD') AS due_on,
            to_char(m.sent_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS sent_on
       FROM reminder m LEFT JOIN reporting_period p ON p.id = m.period_id
      WHERE m.organisation_id = ANY($1::uuid[])
        AND NOT EXISTS (SELECT 1 FROM reminder_read rr WHERE rr.reminder_id = m.id AND rr.user_id = $2)
      ORDER BY m.sent_at DESC LIMIT 100`,
    [orgs, ctx.viewer.userId],
  )) as {
    id: string;
    message: string;
    duty_id: string | null;
    period_id: string | null;
    due_on: string | null;
    sent_on: string;
  }[];
  return rows.map((r): TodoItem => ({
    kind: 'REMINDER',
    title: '催办',
    detail: `${r.message}（${r.sent_on}）`,
    dueOn: r.due_on,
    link: r.duty_id && r.period_id ? `/report/${r.duty_id}/${r.period_id}` : '/my-tasks',
    entityId: r.id,
  }));
});

registerTodoSource('DUE_SOON', async (ctx) => {
  const orgs = ctx.scope.organisationIds;
  if (!orgs.length) return [];
  const day = today(ctx.clock);
  const rows = (await ctx.db.query(
    `WITH e AS (${expectedReporters('o.id = ANY($1::uuid[])')})
     SELECT e.duty_id, d.title, p.id AS period_id, p.year, p.kind, p.number, to_char(p.due_on, 'YYYY-MM-DD') AS due_on
       FROM e JOIN duty d ON d.id = e.duty_id JOIN reporting_period p ON p.plan_id = d.plan_id
      WHERE p.locked_at IS NULL AND p.opens_on <= $2::date AND p.due_on >= $2::date AND p.due_on <= $2::date + 14
        AND NOT EXISTS (SELECT 1 FROM progress_report r WHERE r.assignment_id = e.assignment_id
                          AND r.organisation_id = e.organisation_id AND r.period_id = p.id AND r.submitted_at IS NOT NULL)
      ORDER BY p.due_on, d.sort_order LIMIT 100`,
    [orgs, day],
  )) as {
    duty_id: string;
    title: string;
    period_id: string;
    year: number;
    kind: string;
    number: number;
    due_on: string;
  }[];
  return rows.map((r): TodoItem => ({
    kind: 'DUE_SOON',
    title: '即将到期',
    detail: `${label(r)}「${r.title}」尚未报送，${r.due_on} 截止`,
    dueOn: r.due_on,
    link: `/report/${r.duty_id}/${r.period_id}`,
    entityId: r.period_id,
  }));
});

registerTodoSource('RETURNED', async (ctx) => {
  const orgs = ctx.scope.organisationIds;
  if (!orgs.length) return [];
  const rows = (await ctx.db.query(
    `SELECT r.id, r.duty_id, r.period_id, r.review_reason, d.title, p.year, p.kind, p.number,
            to_char(p.due_on, 'YYYY-MM-DD') AS due_on
       FROM progress_report r JOIN duty d ON d.id = r.duty_id JOIN reporting_period p ON p.id = r.period_id
      WHERE r.organisation_id = ANY($1::uuid[]) AND r.status = 'RETURNED'
      ORDER BY r.reviewed_at DESC LIMIT 100`,
    [orgs],
  )) as {
    id: string;
    duty_id: string;
    period_id: string;
    review_reason: string | null;
    title: string;
    year: number;
    kind: string;
    number: number;
    due_on: string;
  }[];
  return rows.map((r): TodoItem => ({
    kind: 'RETURNED',
    title: '报送被退回',
    detail: `${label(r)}「${r.title}」被退回：${r.review_reason ?? ''}`,
    dueOn: r.due_on,
    link: `/report/${r.duty_id}/${r.period_id}`,
    entityId: r.id,
  }));
});

registerTodoSource('REVIEW', async (ctx) => {
  const districts = ctx.scope.adminDistrictIds;
  if (!districts.length) return [];
  const [row] = (await ctx.db.query(
    `SELECT count(*)::int AS n FROM progress_report r
      WHERE r.district_id = ANY($1::uuid[]) AND r.status IN ('SUBMITTED', 'RESUBMITTED')`,
    [districts],
  )) as { n: number }[];
  if (!row?.n) return [];
  return [
    {
      kind: 'REVIEW',
      title: '待审核',
      detail: `${row.n.toLocaleString('en-US')} 份报送等待审核`,
      dueOn: null,
      link: '/review',
      entityId: null,
    },
  ];
});
