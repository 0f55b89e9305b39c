import { In, type EntityManager } from 'typeorm';
import type { RequestContext } from '../../context/context';
import { findOneInScope, isUuid } from '../../db/scoped';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../graphql/errors';
import { recordAudit } from '../audit/audit.service';
import { Organisation } from '../organisation/organisation.entity';
import { Plan } from '../plan/plan.entity';
import { AssignmentRole, Duty, DutyAssignment, DutyTarget, ResponsibilityItem } from './duty.entity';
import { TargetChangeSource } from './duty-target-change.entity';
import type { RemoveDutyTargetInput, SetDutyTargetInput, UpdateDutyInput } from './duty-upkeep.types';

/**
 * District duty upkeep (docs/domain-model.md "Duty upkeep"): a district's admins edit the duties of
 * their district's plans between imports: title, responsibility items, lead and cooperating units,
 * yearly targets. Rules:
 *
 * - Only a DISTRICT_ADMIN of the duty's district (the rule lets DISTRICT_ADMIN through; the service
 *   checks the district of the duty). Another district's duty is NOT_FOUND; a duty the caller reads
 *   through another grant (a viewer grant of that district) is FORBIDDEN. The city does not edit
 *   districts' duties: the districts own their matrices (the rule refuses CITY_ADMIN).
 * - Every edit names the duty's `version`; the UPDATE checks it and a stale one answers CONFLICT with
 *   the current version (`extensions.currentVersion`). Every change raises the version, including
 *   an import's.
 * - Units are organisations of the duty's own district: the target scope of every id is checked
 *   (an organisation of another district, or a city body, is NOT_FOUND).
 * - A yearly target lies within the plan's period, is ≥ 0 (at most 10⁹) with a unit, and changes
 *   only with a reason; each change is kept in duty_target_change.
 * - Every mutation writes one audit event in its transaction; a refused one writes nothing.
 */

const MAX_TITLE = 500;
const MAX_ITEM = 2000;
const MAX_ITEMS = 100;
const MAX_UNITS = 100;
const MAX_REASON = 500;
const MAX_UNIT = 20;
/** Larger than any plausible target (the city's whole plan is a few million 人次). */
const MAX_TARGET = 1e9;

/** The duty `dutyId` if the caller administers its district; see the rules above. */
async function editableDuty(ctx: RequestContext, dutyId: string): Promise<Duty> {
  const duty = await findOneInScope(ctx, Duty, dutyId).catch((error: unknown) => {
    throw error instanceof NotFoundError ? new NotFoundError('重点工作不存在或无权访问') : error;
  });
  // Readable is not writable: only the district's own admins edit its duties.
  if (!ctx.scope.adminDistrictIds.includes(duty.districtId))
    throw new ForbiddenError('只有本区县管理员可以修改本区县的重点工作');
  return duty;
}

function checkVersion(version: number): void {
  if (!Number.isInteger(version) || version < 1)
    throw new BadInputError('版本号无效，请刷新后重试', { field: 'version' });
}

/**
 * Raises the duty's version if it is still `version` (the optimistic-concurrency check of every
 * edit) and marks the manual edit; CONFLICT when another edit or an import came first.
 */
async function bumpVersion(
  ctx: RequestContext,
  duty: Duty,
  version: number,
  title?: string,
): Promise<number> {
  const result = (await ctx.db.query(
    `UPDATE duty SET version = version + 1, edited_at = $3, edited_by = $4, title = coalesce($5, title)
      WHERE id = $1 AND version = $2 RETURNING version`,
    [duty.id, version, ctx.clock.now(), ctx.viewer?.userId ?? null, title ?? null],
  )) as unknown;
  // TypeORM answers an UPDATE … RETURNING with [rows, count].
  const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as {
    version: number;
  }[];
  if (!rows.length) {
    const [current] = (await ctx.db.query(`SELECT version FROM duty WHERE id = $1`, [duty.id])) as {
      version: number;
    }[];
    throw new ConflictError(
      `这项重点工作已被他人修改或重新导入（当前版本 ${current?.version ?? '?'}，您编辑的是版本 ${version}），请刷新后重新修改`,
      { currentVersion: current?.version ?? null },
    );
  }
  return rows[0]!.version;
}

/** What the audit log keeps of a duty: its own fields, the items' texts and the assigned units. */
async function snapshot(db: EntityManager, dutyId: string) {
  const duty = await db.findOneOrFail(Duty, { where: { id: dutyId } });
  const items = await db.find(ResponsibilityItem, { where: { dutyId }, order: { seq: 'ASC' } });
  const assignments = await db.find(DutyAssignment, {
    where: { dutyId },
    order: { role: 'DESC', sortOrder: 'ASC' },
  });
  return {
    seq: duty.seq,
    title: duty.title,
    version: duty.version,
    items: items.map((i) => i.text),
    assignments: assignments.map((a) => ({
      role: a.role,
      organisationId: a.organisationId,
      category: a.category,
      name: a.assigneeText,
    })),
  };
}

function cleanText(value: string, field: string, empty: string, max: number): string {
  const text = value.trim();
  if (!text) throw new BadInputError(empty, { field });
  if (text.length > max) throw new BadInputError(`不能超过 ${max} 个字符`, { field });
  return text;
}

/**
 * `updateDuty`: title, responsibility items (the full ordered list: an item with `id` is kept —
 * edited and/or moved —, one without is added, an existing one left out is removed), and the
 * organisations leading / cooperating (each list, when given, replaces the duty's organisation
 * assignments of that role; category assignments such as “各国有企业” come from the import only).
 */
export async function updateDuty(ctx: RequestContext, input: UpdateDutyInput): Promise<Duty> {
  checkVersion(input.version);
  const duty = await editableDuty(ctx, input.dutyId);

  const title =
    input.title === undefined || input.title === null
      ? undefined
      : cleanText(input.title, 'title', '重点工作名称不能为空', MAX_TITLE);

  const existingItems = await ctx.db.find(ResponsibilityItem, {
    where: { dutyId: duty.id },
    order: { seq: 'ASC' },
  });
  let items: { id: string | null; text: string }[] | undefined;
  if (input.items) {
    if (input.items.length > MAX_ITEMS)
      throw new BadInputError(`责任清单最多 ${MAX_ITEMS} 条`, { field: 'items' });
    const known = new Set(existingItems.map((i) => i.id));
    const seen = new Set<string>();
    items = input.items.map((item, i) => {
      const text = cleanText(item.text, `items[${i}].text`, `第 ${i + 1} 条责任清单内容不能为空`, MAX_ITEM);
      const id = item.id ?? null;
      if (id !== null) {
        if (!known.has(id)) throw new NotFoundError(`第 ${i + 1} 条责任清单条目不属于这项重点工作`);
        if (seen.has(id))
          throw new BadInputError(`第 ${i + 1} 条责任清单条目重复`, { field: `items[${i}].id` });
        seen.add(id);
      }
      return { id, text };
    });
  }

  const existingAssignments = await ctx.db.find(DutyAssignment, {
    where: { dutyId: duty.id },
    order: { sortOrder: 'ASC', id: 'ASC' },
  });
  let units: { organisation: Organisation; role: AssignmentRole }[] | undefined;
  if (input.leadOrganisationIds || input.cooperatingOrganisationIds) {
    const current = (role: AssignmentRole) =>
      existingAssignments.filter((a) => a.role === role && a.organisationId).map((a) => a.organisationId!);
    const leads = input.leadOrganisationIds ?? current(AssignmentRole.LEAD);
    const cooperating = input.cooperatingOrganisationIds ?? current(AssignmentRole.COOPERATING);
    if (leads.length + cooperating.length > MAX_UNITS)
      throw new BadInputError(`责任单位最多 ${MAX_UNITS} 个`, { field: 'cooperatingOrganisationIds' });
    const all = [...leads, ...cooperating];
    if (new Set(all).size !== all.length)
      throw new BadInputError('同一单位只能出现一次（牵头或配合）', { field: 'cooperatingOrganisationIds' });
    const organisations = await organisationsOfDistrict(ctx, duty.districtId, all);
    units = [
      ...leads.map((id) => ({ organisation: organisations.get(id)!, role: AssignmentRole.LEAD })),
      ...cooperating.map((id) => ({
        organisation: organisations.get(id)!,
        role: AssignmentRole.COOPERATING,
      })),
    ];
    const categoryLead = existingAssignments.some((a) => a.role === AssignmentRole.LEAD && a.category);
    if (!leads.length && !categoryLead)
      throw new BadInputError('每项重点工作需要至少一个牵头单位', { field: 'leadOrganisationIds' });
  }

  const before = await snapshot(ctx.db, duty.id);
  await bumpVersion(ctx, duty, input.version, title);
  if (items) await applyItems(ctx.db, duty, items, existingItems);
  if (units) await applyUnits(ctx.db, duty, units, existingAssignments);
  const after = await snapshot(ctx.db, duty.id);
  await recordAudit(ctx, {
    entityType: 'DUTY',
    entityId: duty.id,
    action: 'UPDATE',
    districtId: duty.districtId,
    before,
    after,
  });
  return ctx.db.findOneOrFail(Duty, { where: { id: duty.id } });
}

/**
 * The organisations `ids` if each is an organisation of `districtId`; NOT_FOUND for any other id
 * (another district's organisation, a city body, a malformed or unknown id), as if it did not exist.
 */
async function organisationsOfDistrict(
  ctx: RequestContext,
  districtId: string,
  ids: string[],
): Promise<Map<string, Organisation>> {
  const valid = ids.filter(isUuid);
  const rows = valid.length ? await ctx.db.find(Organisation, { where: { id: In(valid), districtId } }) : [];
  const byId = new Map(rows.map((o) => [o.id, o]));
  const missing = ids.find((id) => !byId.has(id));
  if (missing !== undefined) throw new NotFoundError('单位不存在或不属于本区县');
  return byId;
}

/** Whether progress reports refer to rows of `table` (their narratives and figures would go with them). */
async function referencedByReports(db: EntityManager, column: string, ids: string[]): Promise<boolean> {
  if (!ids.length) return false;
  const table = column === 'responsibility_item_id' ? 'progress_report_item' : 'progress_report';
  const rows = (await db.query(`SELECT 1 FROM ${table} WHERE ${column} = ANY ($1::uuid[]) LIMIT 1`, [
    ids,
  ])) as unknown[];
  return rows.length > 0;
}

/**
 * Writes the items in order, keeping the id of every kept item (progress reports refer to items by
 * id). (duty_id, seq) is unique, so kept items first move out of the way (negative numbers).
 */
async function applyItems(
  db: EntityManager,
  duty: Duty,
  wanted: { id: string | null; text: string }[],
  existing: ResponsibilityItem[],
): Promise<void> {
  const kept = new Set(wanted.flatMap((w) => (w.id ? [w.id] : [])));
  const removed = existing.filter((i) => !kept.has(i.id)).map((i) => i.id);
  if (await referencedByReports(db, 'responsibility_item_id', removed))
    throw new ConflictError('要删除的责任清单条目已有进度报告填写了内容，不能删除；可以修改其文字');
  if (removed.length) await db.delete(ResponsibilityItem, { id: In(removed) });
  if (kept.size)
    await db.query(`UPDATE responsibility_item SET seq = -seq WHERE id = ANY ($1::uuid[])`, [[...kept]]);
  for (const [i, item] of wanted.entries()) {
    if (item.id) await db.update(ResponsibilityItem, { id: item.id }, { seq: i + 1, text: item.text });
    else
      await db.insert(ResponsibilityItem, {
        dutyId: duty.id,
        districtId: duty.districtId,
        seq: i + 1,
        text: item.text,
      });
  }
}

/**
 * Writes the organisation assignments: keyed by organisation, so a unit moved from cooperating to
 * lead keeps its assignment (and the reports attached to it). Category assignments are left alone.
 */
async function applyUnits(
  db: EntityManager,
  duty: Duty,
  wanted: { organisation: Organisation; role: AssignmentRole }[],
  existing: DutyAssignment[],
): Promise<void> {
  const byOrganisation = new Map(existing.filter((a) => a.organisationId).map((a) => [a.organisationId!, a]));
  const wantedIds = new Set(wanted.map((w) => w.organisation.id));
  const removed = [...byOrganisation.values()]
    .filter((a) => !wantedIds.has(a.organisationId!))
    .map((a) => a.id);
  if (await referencedByReports(db, 'assignment_id', removed))
    throw new ConflictError('要移除的单位已就这项重点工作提交过进度报告，不能移除');
  if (removed.length) await db.delete(DutyAssignment, { id: In(removed) });
  const categories = existing.filter((a) => a.category).length;
  for (const [i, w] of wanted.entries()) {
    const sortOrder = categories + i;
    const old = byOrganisation.get(w.organisation.id);
    if (old) {
      if (old.role !== w.role || old.sortOrder !== sortOrder)
        await db.update(DutyAssignment, { id: old.id }, { role: w.role, sortOrder });
    } else {
      await db.insert(DutyAssignment, {
        dutyId: duty.id,
        districtId: duty.districtId,
        organisationId: w.organisation.id,
        category: null,
        role: w.role,
        assigneeText: w.organisation.name,
        sortOrder,
      });
    }
  }
}

/** The plan's years: start to end (a plan without an end year: its start year only). */
async function planYears(ctx: RequestContext, duty: Duty): Promise<{ from: number; to: number }> {
  const plan = await ctx.db.findOneOrFail(Plan, { where: { id: duty.planId } });
  return { from: plan.startYear, to: plan.endYear ?? plan.startYear };
}

function cleanReason(reason: string): string {
  return cleanText(reason ?? '', 'reason', '请填写修改目标的原因', MAX_REASON);
}

/**
 * `setDutyTarget`: sets the duty's target of one year (adds it when the year has none). Needs a
 * reason; the change is kept in the target history and the audit log.
 */
export async function setDutyTarget(ctx: RequestContext, input: SetDutyTargetInput): Promise<Duty> {
  checkVersion(input.version);
  const duty = await editableDuty(ctx, input.dutyId);
  const years = await planYears(ctx, duty);
  if (!Number.isInteger(input.year) || input.year < years.from || input.year > years.to)
    throw new BadInputError(`年份须在计划期内（${years.from}—${years.to} 年）`, { field: 'year' });
  if (!Number.isFinite(input.value) || input.value < 0)
    throw new BadInputError('目标值须为不小于 0 的数', { field: 'value' });
  if (input.value > MAX_TARGET)
    throw new BadInputError(`目标值过大（上限 ${MAX_TARGET.toLocaleString('en-US')}）`, { field: 'value' });
  const unit = cleanText(input.unit, 'unit', '请填写目标的单位（如 人次）', MAX_UNIT);
  const reason = cleanReason(input.reason);
  const targets = await ctx.db.find(DutyTarget, { where: { dutyId: duty.id } });
  const old = targets.find((t) => t.year === input.year) ?? null;
  if (old && old.value === input.value && old.unit === unit)
    throw new BadInputError(`${input.year} 年目标已是 ${input.value}${unit}，没有变化`, { field: 'value' });

  await bumpVersion(ctx, duty, input.version);
  let targetId: string;
  if (old) {
    await ctx.db.update(DutyTarget, { id: old.id }, { value: input.value, unit });
    targetId = old.id;
  } else {
    // A new year counts toward the indicator the duty's other targets count toward, if they agree.
    const indicators = [...new Set(targets.map((t) => t.indicatorId))];
    const inserted = await ctx.db.insert(DutyTarget, {
      dutyId: duty.id,
      districtId: duty.districtId,
      year: input.year,
      value: input.value,
      unit,
      indicatorId: indicators.length === 1 ? (indicators[0] ?? null) : null,
    });
    targetId = (inserted.identifiers[0] as { id: string }).id;
  }
  await recordTargetChange(ctx, duty, {
    year: input.year,
    oldValue: old?.value ?? null,
    oldUnit: old?.unit ?? null,
    newValue: input.value,
    newUnit: unit,
    reason,
  });
  await recordAudit(ctx, {
    entityType: 'DUTY_TARGET',
    entityId: targetId,
    action: old ? 'UPDATE' : 'CREATE',
    districtId: duty.districtId,
    before: old ? { dutyId: duty.id, year: old.year, value: old.value, unit: old.unit } : undefined,
    after: { dutyId: duty.id, year: input.year, value: input.value, unit },
    reason,
  });
  return ctx.db.findOneOrFail(Duty, { where: { id: duty.id } });
}

/** `removeDutyTarget`: removes the duty's target of one year, with a reason (kept in the history). */
export async function removeDutyTarget(ctx: RequestContext, input: RemoveDutyTargetInput): Promise<Duty> {
  checkVersion(input.version);
  const duty = await editableDuty(ctx, input.dutyId);
  const reason = cleanReason(input.reason);
  const old = await ctx.db.findOne(DutyTarget, { where: { dutyId: duty.id, year: input.year } });
  if (!old) throw new NotFoundError(`这项重点工作没有 ${input.year} 年的目标`);
  await bumpVersion(ctx, duty, input.version);
  await ctx.db.delete(DutyTarget, { id: old.id });
  await recordTargetChange(ctx, duty, {
    year: old.year,
    oldValue: old.value,
    oldUnit: old.unit,
    newValue: null,
    newUnit: null,
    reason,
  });
  await recordAudit(ctx, {
    entityType: 'DUTY_TARGET',
    entityId: old.id,
    action: 'DELETE',
    districtId: duty.districtId,
    before: { dutyId: duty.id, year: old.year, value: old.value, unit: old.unit },
    reason,
  });
  return ctx.db.findOneOrFail(Duty, { where: { id: duty.id } });
}

async function recordTargetChange(
  ctx: RequestContext,
  duty: Duty,
  change: {
    year: number;
    oldValue: number | null;
    oldUnit: string | null;
    newValue: number | null;
    newUnit: string | null;
    reason: string;
  },
): Promise<void> {
  await ctx.db.query(
    `INSERT INTO duty_target_change (district_id, duty_id, year, old_value, old_unit, new_value, new_unit,
       reason, source, changed_by, changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      duty.districtId,
      duty.id,
      change.year,
      change.oldValue,
      change.oldUnit,
      change.newValue,
      change.newUnit,
      change.reason,
      TargetChangeSource.MANUAL,
      ctx.viewer?.userId ?? null,
      ctx.clock.now(),
    ],
  );
}
