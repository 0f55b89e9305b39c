import {
  classApplicationProblems,
  completionProblems,
  countClass,
  formatFen,
  isProjectTraining,
  maxAdvanceFen,
  nextClassStage,
  parseYuan,
  type ClassAction,
  type ClassStage,
  type CountedClass,
  type TrainingType,
} from '@skills/domain';
import { today } from '../../clock';
import type { RequestContext } from '../../context/context';
import { isUuid } from '../../db/scoped';
import { BadInputError, ConflictError, NotFoundError } from '../../graphql/errors';
import { recordAudit } from '../audit/audit.service';
import { catalogueEntryOfDistrict } from './filing.service';
import {
  accessTo,
  affectedRows,
  canRead,
  fullDistrictIds,
  organisationForViewer,
  ownOrganisationIds,
  requireDistrictAdmin,
  requireOwn,
} from './institution.access';
import type {
  ClassCompletionInput,
  ClassVisitInput,
  TrainingClass,
  TrainingClassFilter,
  TrainingClassInput,
  TrainingClassVisit,
} from './institution.types';

/** A class row as read (money as fen strings, dates as ISO). */
interface ClassRow {
  id: string;
  districtId: string;
  organisationId: string;
  organisationName: string;
  name: string;
  trainingType: TrainingType;
  catalogueEntryId: string | null;
  occupation: string | null;
  plannedTrainees: number;
  startsOn: string;
  endsOn: string;
  enterpriseEmployees: boolean;
  advancedLevel: boolean;
  subsidyFen: string;
  stage: ClassStage;
  reviewReason: string | null;
  openedOn: string | null;
  advanceFen: string | null;
  advancePaidOn: string | null;
  traineesCompleted: number | null;
  traineesCertified: number | null;
  certificateKind: CountedClass['certificateKind'];
  completionFiledOn: string | null;
  auditedOn: string | null;
  finalSubsidyFen: string | null;
  finalPaidOn: string | null;
  version: number;
}

const d = (column: string, as: string) => `to_char(t.${column}, 'YYYY-MM-DD') AS "${as}"`;
export const CLASS_COLUMNS = `t.id, t.district_id AS "districtId", t.organisation_id AS "organisationId",
  o.name AS "organisationName", t.name, t.training_type AS "trainingType",
  t.catalogue_entry_id AS "catalogueEntryId", coalesce(c.occupation, t.occupation) AS occupation,
  t.planned_trainees AS "plannedTrainees", ${d('starts_on', 'startsOn')}, ${d('ends_on', 'endsOn')},
  t.enterprise_employees AS "enterpriseEmployees", t.advanced_level AS "advancedLevel",
  t.subsidy_fen::text AS "subsidyFen", t.stage, t.review_reason AS "reviewReason", ${d('opened_on', 'openedOn')},
  t.advance_fen::text AS "advanceFen", ${d('advance_paid_on', 'advancePaidOn')},
  t.trainees_completed AS "traineesCompleted", t.trainees_certified AS "traineesCertified",
  t.certificate_kind AS "certificateKind", ${d('completion_filed_on', 'completionFiledOn')},
  ${d('audited_on', 'auditedOn')}, t.final_subsidy_fen::text AS "finalSubsidyFen",
  ${d('final_paid_on', 'finalPaidOn')}, t.version`;
export const CLASS_FROM = `training_class t JOIN organisation o ON o.id = t.organisation_id
  LEFT JOIN catalogue_entry c ON c.id = t.catalogue_entry_id`;
/**
 * What counting classes needs (packages/domain CountedClass) and their district, from training_class
 * alone, for classes grouped by {@link COUNTED_CLASS_GROUP_BY}: the trainees summed, and of each
 * date one day of the group (counting reads only whether a date is set and its year). The
 * dashboards count every class of a year (2,400 at 100× the benchmark's data).
 */
const first = (column: string, as: string) => `to_char(min(t.${column}), 'YYYY-MM-DD') AS "${as}"`;
export const COUNTED_CLASS_GROUPS = `t.district_id AS "districtId", t.training_type AS "trainingType",
  t.enterprise_employees AS "enterpriseEmployees", t.advanced_level AS "advancedLevel",
  t.certificate_kind AS "certificateKind", sum(t.planned_trainees)::int AS "plannedTrainees",
  sum(t.trainees_completed)::int AS "traineesCompleted", sum(t.trainees_certified)::int AS "traineesCertified",
  ${first('opened_on', 'openedOn')}, ${first('advance_paid_on', 'advancePaidOn')}, ${first('audited_on', 'auditedOn')}`;
/** Classes that counting cannot tell apart but by their trainees and the day within a year. */
export const COUNTED_CLASS_GROUP_BY = `t.district_id, t.training_type, t.enterprise_employees, t.advanced_level,
  t.certificate_kind, t.opened_on IS NULL, extract(year FROM t.advance_paid_on), extract(year FROM t.audited_on)`;

const yuan = (fen: string | null) => (fen === null ? null : formatFen(BigInt(fen)).replace(/,/g, ''));

/** Rows → GraphQL objects, with visits (one statement for all rows) and counts. */
async function present(ctx: RequestContext, rows: ClassRow[]): Promise<TrainingClass[]> {
  const ids = rows.map((r) => r.id);
  const visits = ids.length
    ? ((await ctx.db.query(
        `SELECT id, class_id AS "classId", to_char(visited_on, 'YYYY-MM-DD') AS "visitedOn",
            trainees_present AS "traineesPresent", finding
          FROM training_class_visit WHERE class_id = ANY($1::uuid[]) ORDER BY visited_on, recorded_at`,
        [ids],
      )) as (TrainingClassVisit & { classId: string })[])
    : [];
  return rows.map((r) => {
    const { subsidyFen, advanceFen, finalSubsidyFen, ...rest } = r;
    return {
      ...rest,
      subsidy: yuan(subsidyFen)!,
      maxAdvance: yuan(maxAdvanceFen(BigInt(subsidyFen)).toString())!,
      advance: yuan(advanceFen),
      finalSubsidy: yuan(finalSubsidyFen),
      visits: visits.filter((v) => v.classId === r.id),
      counts: countClass(r),
    } as unknown as TrainingClass;
  });
}

async function classRow(ctx: RequestContext, id: string): Promise<ClassRow> {
  const [row] = isUuid(id)
    ? ((await ctx.db.query(`SELECT ${CLASS_COLUMNS} FROM ${CLASS_FROM} WHERE t.id = $1`, [id])) as ClassRow[])
    : [];
  if (!row) throw new NotFoundError('培训班不存在或无权访问');
  return row;
}

/** A class the viewer may see (its institution's admin, its district, the city); else NOT_FOUND. */
async function visibleClass(ctx: RequestContext, id: string) {
  const row = await classRow(ctx, id);
  const access = accessTo(ctx, row.organisationId, row.districtId);
  if (!canRead(access)) throw new NotFoundError('培训班不存在或无权访问');
  return { row, access };
}

/** One class. */
export async function getTrainingClass(ctx: RequestContext, id: string): Promise<TrainingClass> {
  const { row } = await visibleClass(ctx, id);
  return (await present(ctx, [row]))[0]!;
}

/**
 * The class ledger visible to the viewer: an institution admin its own classes, district admins
 * and viewers their district's, the city all; filtered by stage, type and institution.
 */
export async function listTrainingClasses(
  ctx: RequestContext,
  filter: TrainingClassFilter | null | undefined,
): Promise<TrainingClass[]> {
  if (filter?.organisationId && !isUuid(filter.organisationId)) return [];
  const rows = (await ctx.db.query(
    `SELECT ${CLASS_COLUMNS} FROM ${CLASS_FROM}
      WHERE ($1::uuid[] IS NULL OR t.district_id = ANY($1::uuid[]) OR t.organisation_id = ANY($2::uuid[]))
        AND ($3::text IS NULL OR t.stage = $3) AND ($4::text IS NULL OR t.training_type = $4)
        AND ($5::uuid IS NULL OR t.organisation_id = $5)
      ORDER BY t.applied_at DESC, t.id LIMIT 500`,
    [
      fullDistrictIds(ctx),
      ownOrganisationIds(ctx),
      filter?.stage ?? null,
      filter?.trainingType ?? null,
      filter?.organisationId ?? null,
    ],
  )) as ClassRow[];
  return present(ctx, rows);
}

function fail(problems: { field: string; message: string }[]): void {
  const first = problems[0];
  if (first) throw new BadInputError(first.message, { field: first.field, problems });
}

function amount(text: string, field: string): bigint {
  const parsed = parseYuan(text);
  if (!parsed.ok) throw new BadInputError(parsed.message, { field });
  return parsed.fen;
}

/**
 * Applies to open a class (开班申请), by the institution's own admin. Project-based training
 * (file 003) takes its occupation from the institution's district catalogue.
 */
export async function applyForTrainingClass(
  ctx: RequestContext,
  input: TrainingClassInput,
): Promise<TrainingClass> {
  const { org, access } = await organisationForViewer(ctx, input.organisationId);
  requireOwn(access, '申请开班');
  if (org.kind !== 'TRAINING_INSTITUTION')
    throw new BadInputError('只有培训机构可以申请开班', { field: 'organisationId' });
  const name = input.name.trim();
  if (!name || name.length > 200)
    throw new BadInputError('请填写培训班名称（不超过 200 个字）', { field: 'name' });
  fail(classApplicationProblems(input));
  const subsidy = amount(input.subsidy, 'subsidy');
  let catalogueEntryId: string | null = null;
  let occupation: string | null = input.occupation?.trim() || null;
  if (isProjectTraining(input.trainingType as TrainingType)) {
    catalogueEntryId = await catalogueEntryOfDistrict(ctx, input.catalogueEntryId, org.districtId);
    occupation = null;
  } else if (input.catalogueEntryId) {
    catalogueEntryId = await catalogueEntryOfDistrict(ctx, input.catalogueEntryId, org.districtId);
  }
  const advanced = input.advancedLevel || input.trainingType === 'PROJECT_HIGH_SKILL';
  const [row] = (await ctx.db.query(
    `INSERT INTO training_class (district_id, organisation_id, name, training_type, catalogue_entry_id, occupation,
        planned_trainees, starts_on, ends_on, enterprise_employees, advanced_level, subsidy_fen, stage,
        applied_by, applied_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'APPLIED', $13, $14, $14) RETURNING id`,
    [
      org.districtId,
      org.id,
      name,
      input.trainingType,
      catalogueEntryId,
      occupation,
      input.plannedTrainees,
      input.startsOn,
      input.endsOn,
      input.enterpriseEmployees,
      advanced,
      subsidy.toString(),
      ctx.viewer?.userId ?? null,
      ctx.clock.now(),
    ],
  )) as { id: string }[];
  const created = await getTrainingClass(ctx, row!.id);
  await recordAudit(ctx, {
    entityType: 'TRAINING_CLASS',
    entityId: created.id,
    action: 'APPLY',
    districtId: org.districtId,
    organisationId: org.id,
    after: created,
  });
  return created;
}

/**
 * Moves a class by `action` (the state machine of packages/domain), checking who acts and the
 * version, then writes `set` (column → value) with the new stage, and records the audit event.
 */
async function transition(
  ctx: RequestContext,
  id: string,
  version: number,
  action: ClassAction,
  prepare: (row: ClassRow) => Record<string, unknown>,
  reason?: string,
): Promise<TrainingClass> {
  const { row, access } = await visibleClass(ctx, id);
  const actor = ['RESUBMIT', 'FILE_COMPLETION'].includes(action) ? 'INSTITUTION' : 'DISTRICT';
  if (actor === 'INSTITUTION') requireOwn(access, '办理该培训班');
  else requireDistrictAdmin(access, '办理该培训班');
  const next = nextClassStage(row.stage, action);
  if (!next) {
    throw new ConflictError(`培训班当前阶段（${row.stage}）不能执行该操作`, { stage: row.stage, action });
  }
  const set: Record<string, unknown> = { ...prepare(row), stage: next };
  const columns = Object.keys(set);
  const assignments = columns.map((c, i) => `${c} = $${i + 3}`).join(', ');
  const updated = await ctx.db.query(
    `UPDATE training_class SET ${assignments}, version = version + 1, updated_at = $${columns.length + 3}
      WHERE id = $1 AND version = $2 RETURNING id`,
    [row.id, version, ...columns.map((c) => set[c]), ctx.clock.now()],
  );
  if (!affectedRows(updated)) throw new ConflictError('培训班已被他人修改，请刷新后重试');
  const after = await getTrainingClass(ctx, row.id);
  await recordAudit(ctx, {
    entityType: 'TRAINING_CLASS',
    entityId: row.id,
    action,
    districtId: row.districtId,
    organisationId: row.organisationId,
    before: row,
    after,
    reason: reason ?? null,
  });
  return after;
}

function reasonText(reason: string): string {
  const why = reason.trim();
  if (!why) throw new BadInputError('退回时请填写原因', { field: 'reason' });
  if (why.length > 1000) throw new BadInputError('原因不能超过 1,000 个字', { field: 'reason' });
  return why;
}

/** 受理开班申请: the district admin approves the opening. */
export const approveTrainingClass = (ctx: RequestContext, id: string, version: number) =>
  transition(ctx, id, version, 'APPROVE_OPENING', () => ({
    opened_on: today(ctx.clock),
    review_reason: null,
  }));

/** The district admin returns an application with a reason. */
export function returnTrainingClass(ctx: RequestContext, id: string, version: number, reason: string) {
  const why = reasonText(reason);
  return transition(ctx, id, version, 'RETURN_APPLICATION', () => ({ review_reason: why }), why);
}

/** The institution resubmits a returned application. */
export const resubmitTrainingClass = (ctx: RequestContext, id: string, version: number) =>
  transition(ctx, id, version, 'RESUBMIT', () => ({}));

/**
 * Records the advance subsidy after opening (file 003: at most 20% of the class's subsidy), once.
 * Paying the advance is what makes a new-apprenticeship class count (file 000 note 4).
 */
export function recordClassAdvance(ctx: RequestContext, id: string, version: number, amountText: string) {
  const fen = amount(amountText, 'amount');
  return transition(ctx, id, version, 'RECORD_ADVANCE', (row) => {
    if (row.advanceFen !== null) throw new ConflictError('该培训班已拨付预拨资金');
    const max = maxAdvanceFen(BigInt(row.subsidyFen));
    if (fen <= 0n) throw new BadInputError('预拨金额必须大于 0', { field: 'amount' });
    if (fen > max) {
      throw new BadInputError(`预拨金额不能超过培训补贴的 20%（最多 ${formatFen(max)} 元）`, {
        field: 'amount',
        max: formatFen(max),
      });
    }
    return { advance_fen: fen.toString(), advance_paid_on: today(ctx.clock) };
  });
}

/** The institution files completion (结业申报): completed, certified and the kind of certificate. */
export function fileClassCompletion(
  ctx: RequestContext,
  id: string,
  version: number,
  input: ClassCompletionInput,
) {
  return transition(ctx, id, version, 'FILE_COMPLETION', (row) => {
    fail(
      completionProblems({
        plannedTrainees: row.plannedTrainees,
        startsOn: row.startsOn,
        traineesCompleted: input.traineesCompleted,
        traineesCertified: input.traineesCertified,
        today: today(ctx.clock),
      }),
    );
    return {
      trainees_completed: input.traineesCompleted,
      trainees_certified: input.traineesCertified,
      certificate_kind: input.certificateKind,
      completion_filed_on: today(ctx.clock),
      review_reason: null,
    };
  });
}

/** The district returns a completion filing with a reason: the class is open again. */
export function returnClassCompletion(ctx: RequestContext, id: string, version: number, reason: string) {
  const why = reasonText(reason);
  return transition(ctx, id, version, 'RETURN_COMPLETION', () => ({ review_reason: why }), why);
}

/** 结业审核: the district audits the completion; the class counts from this day's year (note 7). */
export const auditClassCompletion = (ctx: RequestContext, id: string, version: number) =>
  transition(ctx, id, version, 'AUDIT_COMPLETION', () => ({
    audited_on: today(ctx.clock),
    review_reason: null,
  }));

/** Records the final subsidy after the completion audit (not below the advance already paid). */
export function recordClassFinalSubsidy(
  ctx: RequestContext,
  id: string,
  version: number,
  amountText: string,
) {
  const fen = amount(amountText, 'amount');
  return transition(ctx, id, version, 'RECORD_FINAL_SUBSIDY', (row) => {
    if (row.advanceFen !== null && fen < BigInt(row.advanceFen)) {
      throw new BadInputError('最终补贴不能少于已预拨的金额', { field: 'amount' });
    }
    return { final_subsidy_fen: fen.toString(), final_paid_on: today(ctx.clock) };
  });
}

/** 过程监管: the district admin records a supervision visit while the class runs. */
export async function recordClassVisit(
  ctx: RequestContext,
  classId: string,
  input: ClassVisitInput,
): Promise<TrainingClass> {
  const { row, access } = await visibleClass(ctx, classId);
  requireDistrictAdmin(access, '记录过程监管');
  if (!nextClassStage(row.stage, 'RECORD_VISIT')) throw new ConflictError('只能在培训期间记录过程监管');
  const finding = input.finding.trim();
  if (!finding || finding.length > 2000)
    throw new BadInputError('请填写监管情况（不超过 2,000 个字）', { field: 'finding' });
  const problems = classApplicationProblems({
    plannedTrainees: 1,
    startsOn: input.visitedOn,
    endsOn: input.visitedOn,
  });
  if (problems.length) throw new BadInputError(problems[0]!.message, { field: 'visitedOn' });
  if (input.visitedOn > today(ctx.clock))
    throw new BadInputError('监管日期不能晚于今天', { field: 'visitedOn' });
  if (
    input.traineesPresent != null &&
    (input.traineesPresent < 0 || input.traineesPresent > row.plannedTrainees)
  ) {
    throw new BadInputError('到课人数应在 0 与计划人数之间', { field: 'traineesPresent' });
  }
  const [visit] = (await ctx.db.query(
    `INSERT INTO training_class_visit (district_id, class_id, visited_on, trainees_present, finding, recorded_by, recorded_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      row.districtId,
      row.id,
      input.visitedOn,
      input.traineesPresent ?? null,
      finding,
      ctx.viewer?.userId ?? null,
      ctx.clock.now(),
    ],
  )) as { id: string }[];
  await recordAudit(ctx, {
    entityType: 'TRAINING_CLASS_VISIT',
    entityId: visit!.id,
    action: 'RECORD_VISIT',
    districtId: row.districtId,
    organisationId: row.organisationId,
    after: { classId: row.id, ...input, finding },
  });
  return getTrainingClass(ctx, row.id);
}
