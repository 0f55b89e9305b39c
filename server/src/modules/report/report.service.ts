import {
  checkNarrative,
  checkReportValue,
  checkReturnReason,
  nextReportStatus,
  REPORT_ACTION_LABEL,
  REPORT_STATUS_LABEL,
  type ReportAction as DomainAction,
} from '@skills/domain';
import type { RequestContext } from '../../context/context';
import { today } from '../../clock';
import { findOneInScope, isUuid, rawQuery, readAccess } from '../../db/scoped';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../graphql/errors';
import { recordAudit } from '../audit/audit.service';
import { getDuty } from '../duty/duty.service';
import { ReportingPeriod } from './period.entity';
import { administers, assertPeriodAcceptsChanges } from './period.service';
import { expectedReporters, reportVisibleCondition } from './report.access';
import { ProgressReport, ReportAction, ReportStatus } from './report.entity';
import type { SaveReportInput } from './report.types';

/**
 * The reports' life cycle (docs/reporting.md). Every change:
 * - checks the transition with the shared table (`nextReportStatus`, packages/domain);
 * - is ONE `UPDATE … WHERE id = $1 AND version = $2` whose row count decides: 0 rows = someone
 *   changed the report since it was read → CONFLICT with the current version (no lost update);
 * - appends the history row of the new version (progress_report_event, unique per version) and an
 *   audit event, in the same transaction.
 */

/** A report the viewer may read (own organisation, the lead's view of its duty, or the district). */
export async function getReport(ctx: RequestContext, id: string): Promise<ProgressReport> {
  const access = readAccess(ctx);
  return findOneInScope(ctx, ProgressReport, id, {
    where: (qb, alias) => qb.andWhere(...reportVisibleCondition(alias, access)),
  });
}

/** A report the viewer may CHANGE as its unit: its own organisation's (FORBIDDEN for a reader). */
async function ownReport(ctx: RequestContext, id: string): Promise<ProgressReport> {
  const report = await getReport(ctx, id);
  if (!ctx.scope.organisationIds.includes(report.organisationId)) {
    throw new ForbiddenError('只有报送单位本身可以修改或提交该报送');
  }
  return report;
}

/** A report the viewer may REVIEW: its district's admin. */
async function reviewableReport(ctx: RequestContext, id: string): Promise<ProgressReport> {
  const report = await getReport(ctx, id);
  if (!administers(ctx, report.districtId)) throw new ForbiddenError('只有本区县管理员可以审核报送');
  return report;
}

async function periodOf(ctx: RequestContext, periodId: string): Promise<ReportingPeriod> {
  const period = await ctx.loaders.periodById.load(periodId);
  if (!period) throw new NotFoundError('报送期不存在或无权访问');
  return period;
}

/** Whether a duty has a numeric target (then a report gives a whole number), and its unit. */
async function dutyMeasure(
  ctx: RequestContext,
  dutyId: string,
): Promise<{ numeric: boolean; unit: string | null }> {
  const targets = await ctx.loaders.targetsOfDuty.load(dutyId);
  return { numeric: targets.length > 0, unit: targets[0]?.unit ?? null };
}

function refuse(status: ReportStatus | null, action: DomainAction): never {
  const from = status ? REPORT_STATUS_LABEL[status] : '尚未填报';
  const hint =
    status === ReportStatus.APPROVED
      ? '已通过的报送已锁定，如需更正请发起新的修订版'
      : status === ReportStatus.SUBMITTED || status === ReportStatus.RESUBMITTED
        ? '报送正在审核中，不能修改'
        : '';
  throw new BadInputError(
    `${from}的报送不能执行「${REPORT_ACTION_LABEL[action]}」${hint ? `：${hint}` : ''}`,
    {
      status,
      action,
    },
  );
}

function assertValue(
  value: number | null | undefined,
  measure: { numeric: boolean; unit: string | null },
  forSubmission = false,
) {
  const problem = checkReportValue(value, measure, forSubmission);
  if (problem) throw new BadInputError(problem, { field: 'value' });
}

async function conflict(ctx: RequestContext, id: string, expected: number): Promise<never> {
  const [row] = (await ctx.db.query(`SELECT version FROM progress_report WHERE id = $1`, [id])) as {
    version: number;
  }[];
  throw new ConflictError(
    `该报送已被他人修改（您基于第 ${expected} 版，当前为第 ${row?.version ?? '?'} 版），请刷新后再操作`,
    { currentVersion: row?.version ?? null, expectedVersion: expected },
  );
}

function requireVersion(expectedVersion: number | null | undefined): number {
  if (expectedVersion === null || expectedVersion === undefined || !Number.isInteger(expectedVersion)) {
    throw new BadInputError('修改报送时须给出读取时的版本号 expectedVersion', { field: 'expectedVersion' });
  }
  return expectedVersion;
}

interface Snapshot {
  status: ReportStatus;
  revision: number;
  value: number | null;
  narrative: string;
  late: boolean;
  items: { responsibilityItemId: string; narrative: string }[];
}

async function snapshotOf(
  ctx: RequestContext,
  reportId: string,
): Promise<{ report: ProgressReport; snapshot: Snapshot }> {
  const report = await ctx.db.getRepository(ProgressReport).findOneByOrFail({ id: reportId });
  const items = (await ctx.db.query(
    `SELECT responsibility_item_id AS "responsibilityItemId", narrative FROM progress_report_item
      WHERE report_id = $1 ORDER BY responsibility_item_id`,
    [reportId],
  )) as Snapshot['items'];
  return {
    report,
    snapshot: {
      status: report.status,
      revision: report.revision,
      value: report.value,
      narrative: report.narrative,
      late: report.late,
      items,
    },
  };
}

/** Appends the history row of the report's current version, and the audit event. */
async function recordStep(
  ctx: RequestContext,
  reportId: string,
  action: ReportAction,
  before: Snapshot | null,
  reason: string | null = null,
): Promise<ProgressReport> {
  const { report, snapshot } = await snapshotOf(ctx, reportId);
  await ctx.db.query(
    `INSERT INTO progress_report_event (district_id, report_id, version, revision, action, status, actor_user_id, occurred_at, reason, snapshot, actor_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      report.districtId,
      report.id,
      report.version,
      report.revision,
      action,
      report.status,
      ctx.viewer?.userId ?? null,
      ctx.clock.now(),
      reason,
      JSON.stringify(snapshot),
      ctx.viewer?.displayName ?? null,
    ],
  );
  await recordAudit(ctx, {
    entityType: 'PROGRESS_REPORT',
    entityId: report.id,
    action,
    districtId: report.districtId,
    organisationId: report.organisationId,
    before,
    after: snapshot,
    reason,
  });
  return report;
}

/**
 * The one way a report row changes: `UPDATE … SET …, version = version + 1 WHERE id AND version`.
 * 0 rows → CONFLICT with the current version.
 */
async function updateVersioned(
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
  set: Record<string, unknown>,
): Promise<void> {
  const columns = Object.keys(set);
  const assignments = columns.map((c, i) => `${c} = $${i + 3}`).join(', ');
  const rows = (await ctx.db.query(
    `UPDATE progress_report SET ${assignments}, version = version + 1, updated_by = $${columns.length + 3}, updated_at = $${columns.length + 4}
      WHERE id = $1 AND version = $2 RETURNING id`,
    [id, expectedVersion, ...columns.map((c) => set[c]), ctx.viewer?.userId ?? null, ctx.clock.now()],
  )) as unknown[];
  // pg answers [rows, count] for UPDATE … RETURNING through TypeORM: normalise.
  const affected = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
  if (affected === 0) await conflict(ctx, id, expectedVersion);
}

/** Replaces the narratives of a report's responsibility items (all given; items of the duty only). */
async function writeItems(
  ctx: RequestContext,
  report: { id: string; dutyId: string; districtId: string },
  items: { responsibilityItemId: string; narrative: string }[],
): Promise<void> {
  const ofDuty = new Set((await ctx.loaders.itemsOfDuty.load(report.dutyId)).map((i) => i.id));
  const seen = new Set<string>();
  for (const item of items) {
    if (!isUuid(item.responsibilityItemId) || !ofDuty.has(item.responsibilityItemId)) {
      throw new BadInputError('责任清单条目不属于该重点工作', { field: 'items' });
    }
    if (seen.has(item.responsibilityItemId)) throw new BadInputError('责任清单条目重复', { field: 'items' });
    seen.add(item.responsibilityItemId);
    const problem = checkNarrative(item.narrative);
    if (problem) throw new BadInputError(problem, { field: 'items' });
  }
  await ctx.db.query(`DELETE FROM progress_report_item WHERE report_id = $1`, [report.id]);
  if (items.length) {
    await ctx.db.query(
      `INSERT INTO progress_report_item (report_id, responsibility_item_id, district_id, narrative)
       SELECT $1, i.item, $2, i.narrative FROM unnest($3::uuid[], $4::text[]) AS i(item, narrative)`,
      [report.id, report.districtId, items.map((i) => i.responsibilityItemId), items.map((i) => i.narrative)],
    );
  }
}

/** The organisation a new report is for: the given one (must be the viewer's) or the viewer's only one. */
function reportingOrganisation(ctx: RequestContext, given: string | null | undefined): string {
  const own = ctx.scope.organisationIds;
  if (given) {
    if (!own.includes(given)) throw new ForbiddenError('只能为本单位填报');
    return given;
  }
  if (own.length === 1) return own[0]!;
  if (own.length === 0) throw new ForbiddenError('只有承担重点工作的单位可以填报');
  throw new BadInputError('您在多个单位任职，请指定为哪个单位填报（organisationId）', {
    field: 'organisationId',
  });
}

/** `saveReportDraft`: creates the unit's report for a period, or changes its draft / returned report. */
export async function saveReportDraft(ctx: RequestContext, input: SaveReportInput): Promise<ProgressReport> {
  const narrativeProblem = checkNarrative(input.narrative);
  if (narrativeProblem) throw new BadInputError(narrativeProblem, { field: 'narrative' });
  const value = input.value ?? null;

  if (input.reportId) {
    const expected = requireVersion(input.expectedVersion);
    const report = await ownReport(ctx, input.reportId);
    if (report.version !== expected) await conflict(ctx, report.id, expected);
    if (!nextReportStatus(report.status, 'SAVE')) refuse(report.status, 'SAVE');
    assertPeriodAcceptsChanges(ctx, await periodOf(ctx, report.periodId));
    assertValue(value, await dutyMeasure(ctx, report.dutyId));
    const before = (await snapshotOf(ctx, report.id)).snapshot;
    await updateVersioned(ctx, report.id, expected, { value, narrative: input.narrative });
    if (input.items) await writeItems(ctx, report, input.items);
    return recordStep(ctx, report.id, ReportAction.SAVE, before);
  }

  if (!input.dutyId || !input.periodId) {
    throw new BadInputError('新建报送须指定重点工作（dutyId）和报送期（periodId）', { field: 'dutyId' });
  }
  const organisationId = reportingOrganisation(ctx, input.organisationId);
  const duty = await getDuty(ctx, input.dutyId);
  const period = await periodOf(ctx, input.periodId);
  if (period.planId !== duty.planId)
    throw new BadInputError('报送期不属于该重点工作所在的计划', { field: 'periodId' });
  const [assignment] = await rawQuery<{ assignment_id: string }>(
    ctx.db,
    expectedReporters(`a.duty_id = :dutyId AND o.id = :organisationId`),
    { dutyId: duty.id, organisationId },
  );
  if (!assignment) {
    throw new BadInputError('本单位不承担该重点工作（既不牵头也不配合），不能填报', { field: 'dutyId' });
  }
  assertPeriodAcceptsChanges(ctx, period);
  assertValue(value, await dutyMeasure(ctx, duty.id));
  const [existing] = (await ctx.db.query(
    `SELECT id, version FROM progress_report WHERE assignment_id = $1 AND organisation_id = $2 AND period_id = $3
      ORDER BY revision DESC LIMIT 1`,
    [assignment.assignment_id, organisationId, period.id],
  )) as { id: string; version: number }[];
  if (existing) {
    throw new ConflictError('本单位该期的报送已存在，请打开后修改', {
      reportId: existing.id,
      currentVersion: existing.version,
    });
  }
  const now = ctx.clock.now();
  const [created] = (await ctx.db.query(
    `INSERT INTO progress_report (district_id, period_id, duty_id, assignment_id, organisation_id, revision, status,
        value, narrative, late, version, created_by, created_at, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, 1, 'DRAFT', $6, $7, false, 1, $8, $9, $8, $9)
     ON CONFLICT (assignment_id, organisation_id, period_id, revision) DO NOTHING
     RETURNING id`,
    [
      duty.districtId,
      period.id,
      duty.id,
      assignment.assignment_id,
      organisationId,
      value,
      input.narrative,
      ctx.viewer?.userId ?? null,
      now,
    ],
  )) as { id: string }[];
  if (!created) throw new ConflictError('本单位该期的报送刚刚已由他人创建，请刷新后修改');
  if (input.items)
    await writeItems(ctx, { id: created.id, dutyId: duty.id, districtId: duty.districtId }, input.items);
  return recordStep(ctx, created.id, ReportAction.SAVE, null);
}

/** `submitReport`: DRAFT → SUBMITTED, RETURNED → RESUBMITTED; late when after the due date. */
export async function submitReport(
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
): Promise<ProgressReport> {
  const report = await ownReport(ctx, id);
  if (report.version !== expectedVersion) await conflict(ctx, report.id, expectedVersion);
  const next = nextReportStatus(report.status, 'SUBMIT');
  if (!next) refuse(report.status, 'SUBMIT');
  const period = await periodOf(ctx, report.periodId);
  assertPeriodAcceptsChanges(ctx, period);
  assertValue(report.value, await dutyMeasure(ctx, report.dutyId), true);
  const before = (await snapshotOf(ctx, report.id)).snapshot;
  const late = report.late || today(ctx.clock) > period.dueOn;
  await updateVersioned(ctx, report.id, expectedVersion, {
    status: next,
    late,
    submitted_by: ctx.viewer?.userId ?? null,
    submitted_at: ctx.clock.now(),
  });
  return recordStep(ctx, report.id, ReportAction.SUBMIT, before);
}

/** `approveReport` (district admin): SUBMITTED / RESUBMITTED → APPROVED, which locks the report. */
export async function approveReport(
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
): Promise<ProgressReport> {
  return review(ctx, id, expectedVersion, 'APPROVE', null);
}

/** `returnReport` (district admin): back to the unit with a required reason. */
export async function returnReport(
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
  reason: string,
): Promise<ProgressReport> {
  const problem = checkReturnReason(reason);
  if (problem) throw new BadInputError(problem, { field: 'reason' });
  return review(ctx, id, expectedVersion, 'RETURN', reason.trim());
}

async function review(
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
  action: 'APPROVE' | 'RETURN',
  reason: string | null,
): Promise<ProgressReport> {
  const report = await reviewableReport(ctx, id);
  if (report.version !== expectedVersion) await conflict(ctx, report.id, expectedVersion);
  const next = nextReportStatus(report.status, action);
  if (!next) refuse(report.status, action);
  assertPeriodAcceptsChanges(ctx, await periodOf(ctx, report.periodId));
  const before = (await snapshotOf(ctx, report.id)).snapshot;
  await updateVersioned(ctx, report.id, expectedVersion, {
    status: next,
    reviewed_by: ctx.viewer?.userId ?? null,
    reviewed_at: ctx.clock.now(),
    review_reason: reason,
  });
  return recordStep(
    ctx,
    report.id,
    action === 'APPROVE' ? ReportAction.APPROVE : ReportAction.RETURN,
    before,
    reason,
  );
}

/**
 * `startReportRevision`: a correction after approval. The approved revision stays as it is (locked);
 * a new revision (n + 1) starts as a DRAFT with the same content and evidence, and goes through
 * review again. Only from the latest revision, and only once (a second call is CONFLICT).
 */
export async function startReportRevision(ctx: RequestContext, id: string): Promise<ProgressReport> {
  const report = await ownReport(ctx, id);
  if (!nextReportStatus(report.status, 'REVISE')) refuse(report.status, 'REVISE');
  assertPeriodAcceptsChanges(ctx, await periodOf(ctx, report.periodId));
  const now = ctx.clock.now();
  const [created] = (await ctx.db.query(
    `INSERT INTO progress_report (district_id, period_id, duty_id, assignment_id, organisation_id, revision, status,
        value, narrative, late, version, created_by, created_at, updated_by, updated_at)
     SELECT district_id, period_id, duty_id, assignment_id, organisation_id, revision + 1, 'DRAFT',
            value, narrative, late, 1, $2, $3, $2, $3
       FROM progress_report WHERE id = $1
     ON CONFLICT (assignment_id, organisation_id, period_id, revision) DO NOTHING
     RETURNING id`,
    [report.id, ctx.viewer?.userId ?? null, now],
  )) as { id: string }[];
  if (!created) throw new ConflictError('该报送已有更新的修订版', { reportId: report.id });
  await ctx.db.query(
    `INSERT INTO progress_report_item (report_id, responsibility_item_id, district_id, narrative)
     SELECT $2, responsibility_item_id, district_id, narrative FROM progress_report_item WHERE report_id = $1`,
    [report.id, created.id],
  );
  await ctx.db.query(
    `INSERT INTO evidence_file (district_id, organisation_id, owner_type, owner_id, file_name, content_type, byte_size, sha256, content, uploaded_by, uploaded_at)
     SELECT district_id, organisation_id, owner_type, $2, file_name, content_type, byte_size, sha256, content, uploaded_by, uploaded_at
       FROM evidence_file WHERE owner_type = 'PROGRESS_REPORT' AND owner_id = $1`,
    [report.id, created.id],
  );
  return recordStep(ctx, created.id, ReportAction.REVISE, null, `更正第 ${report.revision} 版`);
}
