import {
  parseYearlyTargets,
  reconcileTotal,
  splitUnitList,
  unparsedTargetWarnings,
  type YearlyTarget,
} from '@skills/domain';
import { In, type EntityManager } from 'typeorm';
import {
  AssignmentRole,
  Duty,
  DutyAssignment,
  DutyListKind,
  DutyTarget,
  ResponsibilityItem,
} from '../../duty/duty.entity';
import { Organisation } from '../../organisation/organisation.entity';
import { ClaimedTotal } from '../../plan/plan.entity';
import { OrganisationDirectory, writtenForm, type Assignee } from '../directory';
import { isTotalLabel, leadNamedInText, parseSequence, splitResponsibilityItems } from '../duty-text';
import {
  deleteReferenced,
  indicatorId,
  same,
  type PlanIds,
  type PlanInfo,
  type PreparedTable,
} from '../import.context';
import { ImportError } from '../import.errors';
import { ImportTableKind, ReportBuilder, type PlanIndicatorDef } from '../import.model';
import { cellAt, locateColumns, type Sheet } from '../spreadsheet';

interface ParsedAssignment {
  role: AssignmentRole;
  assignee: Assignee;
  /** The assignee as the document writes it (区人力 社保局). */
  written: string;
}

interface ParsedDuty {
  row: number;
  seq: string;
  order: number;
  title: string;
  targetText: string | null;
  items: string[];
  assignments: ParsedAssignment[];
  targets: YearlyTarget[];
}

const LIST_KIND_LABEL: Record<DutyListKind, string> = {
  DEPARTMENT: '部门责任清单',
  ENTERPRISE: '企业责任清单',
  INSTITUTION: '培训机构责任清单',
};

/**
 * Reads a responsibility list (DUTY_LIST, file 001's annexes) or a task list (TASK_LIST, file 004)
 * of a district plan into duties (重点工作) with numbered responsibility items, lead and cooperating
 * assignees and yearly targets.
 *
 * Columns: 序号, 重点工作, 责任清单 (optional), 牵头单位 (DUTY_LIST: required; TASK_LIST: optional),
 * 责任单位, 目标任务 (optional; any header ending in 目标任务, e.g. "2019—2021年 培训目标任务").
 * - Leads: the 牵头单位 cell. A task list without one: the unit the text names with "X牵头", else
 *   the first unit of 责任单位. Cooperating: 责任单位 without the leads.
 * - Units are split with splitUnitList over the district's known names, aliases and categories
 *   ("区国资委 区经济信息委" → two, "区人力 社保局" → one); categories become category
 *   assignments; unknown names become new organisations of the district (UNMATCHED_NAME).
 * - A task-list row with no unit at all is a general requirement (指导思想…), not a duty: skipped.
 * - A 总计/合计 row's yearly targets are the document's claim for the indicator the duty targets
 *   count toward (`indicatorCode`): stored in claimed_total and reconciled per year.
 *
 * Writing: duties keyed by (plan, list kind, 序号); items by (duty, number); assignments by
 * (duty, organisation or category); yearly targets by (duty, year). A duty missing from a later
 * file is deleted with its items, assignments and targets (counted `removed`).
 */
export async function prepareDutyList(
  manager: EntityManager,
  sheet: Sheet,
  plan: PlanInfo,
  options: {
    kind: ImportTableKind.DUTY_LIST | ImportTableKind.TASK_LIST;
    listKind: DutyListKind;
    indicatorCode: string | null;
  },
): Promise<PreparedTable> {
  const file = sheet.file;
  const { kind, listKind } = options;
  const report = new ReportBuilder(file, kind, plan.code);
  if (plan.districtId === null || plan.districtName === null) {
    throw new ImportError(`计划“${plan.code}”是市级计划，责任清单只能导入区县计划`, { file });
  }
  const districtId = plan.districtId;
  const district = plan.districtName;
  const indicator: PlanIndicatorDef | null =
    options.indicatorCode !== null
      ? (plan.indicators.find((i) => i.code === options.indicatorCode) ?? null)
      : plan.indicators.length === 1
        ? (plan.indicators[0] ?? null)
        : null;
  const isTaskList = kind === ImportTableKind.TASK_LIST;
  const cols = locateColumns(
    sheet,
    {
      seq: { headers: ['序号'], required: true },
      title: { headers: ['重点工作', '工作任务', '主要任务'], required: true },
      items: { headers: ['责任清单', '工作措施', '具体措施'], required: false },
      lead: { headers: ['牵头单位'], required: !isTaskList },
      units: { headers: ['责任单位', '配合单位'], required: true },
      target: { headers: [/目标任务$/u, '目标', '年度目标'], required: false },
    },
    {
      describe: isTaskList
        ? '任务清单的表头应为：序号、重点工作、责任清单（可选）、责任单位、目标任务（可选）。'
        : '责任清单的表头应为：序号、重点工作、责任清单（可选）、牵头单位、责任单位、目标任务（可选）。',
    },
  );
  const header = (i: number | null) => (i === null ? null : (sheet.header[i] ?? null));
  const directory = await OrganisationDirectory.load(manager, districtId, district);

  const duties: ParsedDuty[] = [];
  const skipped: { row: number; seq: string; title: string }[] = [];
  let total: { row: number; targets: YearlyTarget[] } | null = null;
  const seenSeq = new Map<string, number>();
  for (const r of sheet.rows) {
    const seqCell = cellAt(r, cols.seq);
    const title = cellAt(r, cols.title);
    const targetText = cellAt(r, cols.target);
    if (isTotalLabel(title) || isTotalLabel(seqCell)) {
      if (total)
        throw new ImportError(`总计行出现了两次（另一行在第 ${total.row} 行）`, { file, row: r.row });
      const parsed = parseYearlyTargets(targetText);
      for (const w of unparsedTargetWarnings(parsed.problems, { label: '总计', district }))
        report.warn(w, r.row);
      total = { row: r.row, targets: parsed.targets };
      continue;
    }
    if (seqCell === '') throw new ImportError('序号为空', { file, row: r.row, column: header(cols.seq) });
    let seq: { seq: string; order: number };
    try {
      seq = parseSequence(seqCell);
    } catch (error) {
      throw new ImportError((error as Error).message, { file, row: r.row, column: header(cols.seq) });
    }
    const earlier = seenSeq.get(seq.seq);
    if (earlier !== undefined) {
      throw new ImportError(`序号“${seqCell}”重复（另一行在第 ${earlier} 行）`, {
        file,
        row: r.row,
        column: header(cols.seq),
      });
    }
    seenSeq.set(seq.seq, r.row);
    if (title === '') throw new ImportError('重点工作为空', { file, row: r.row, column: header(cols.title) });
    const itemsText = cellAt(r, cols.items);
    const where = `第${seq.seq}项重点工作`;

    const resolveCell = (cell: string, role: AssignmentRole, label: string): ParsedAssignment[] =>
      splitUnitList(cell, directory.isKnown).map((name) => {
        const written = writtenForm(cell, name);
        const { assignee, warning } = directory.resolve(name, written, `${where}的${label}`);
        report.warn(warning, r.row);
        return { role, assignee, written };
      });

    const leadCell = cellAt(r, cols.lead);
    const unitsCell = cellAt(r, cols.units);
    let leads: ParsedAssignment[];
    let cooperating: ParsedAssignment[];
    if (leadCell !== '') {
      leads = resolveCell(leadCell, AssignmentRole.LEAD, '牵头单位');
      cooperating = resolveCell(unitsCell, AssignmentRole.COOPERATING, '责任单位');
    } else if (!isTaskList) {
      throw new ImportError('牵头单位为空：每项重点工作需要至少一个牵头单位', {
        file,
        row: r.row,
        column: header(cols.lead),
      });
    } else {
      cooperating = resolveCell(unitsCell, AssignmentRole.COOPERATING, '责任单位');
      const named = leadNamedInText(`${title}。${itemsText}`, directory.isKnown);
      if (named !== null) {
        leads = resolveCell(named, AssignmentRole.LEAD, '牵头单位（正文“牵头”）');
      } else {
        const [first, ...rest] = cooperating;
        leads = first ? [{ ...first, role: AssignmentRole.LEAD }] : [];
        cooperating = rest;
      }
    }
    if (leads.length === 0 && cooperating.length === 0) {
      // Task lists open with general requirements (指导思想, 基本原则, 目标任务) that nobody carries out.
      skipped.push({ row: r.row, seq: seq.seq, title });
      continue;
    }
    const assignments: ParsedAssignment[] = [];
    const keys = new Set<string>();
    for (const a of [...leads, ...cooperating]) {
      const key = assigneeKey(a.assignee);
      if (keys.has(key)) continue; // a lead listed again among the cooperating units stays the lead
      keys.add(key);
      assignments.push(a);
    }

    const parsedTargets = parseYearlyTargets(targetText);
    for (const w of unparsedTargetWarnings(parsedTargets.problems, { label: title, district }))
      report.warn(w, r.row);
    let targets = parsedTargets.targets;
    if (parsedTargets.total) {
      report.warn(
        unparsedTargetWarnings(
          [`“${targetText}”是总计，不是这一项工作的目标；总计请单独写一行（重点工作填“总计”）`],
          {
            label: title,
            district,
          },
        )[0],
        r.row,
      );
      targets = [];
    }
    duties.push({
      row: r.row,
      seq: seq.seq,
      order: seq.order,
      title,
      targetText: targetText === '' ? null : targetText,
      items: splitResponsibilityItems(itemsText),
      assignments,
      targets,
    });
  }
  if (duties.length === 0 && skipped.length === 0)
    throw new ImportError('清单中没有重点工作行', { file, row: sheet.headerRow + 1 });
  noteMixedUnits(duties, report, district);

  return {
    report,
    async write(m: EntityManager, ids: PlanIds) {
      const orgIds = await createOrganisations(m, directory, districtId);
      const indId = indicator ? indicatorId(ids, indicator.code) : null;
      await writeDuties(m, { ids, districtId, listKind, indicatorId: indId, file }, duties, orgIds, report);
      for (const s of skipped) {
        report.row('skipped');
        report.note('ROW_SKIPPED', `第${s.seq}项“${s.title}”没有责任单位，视为总体要求，未作为重点工作导入`, {
          row: s.row,
          district,
        });
      }
      await writeTotal(m, { ids, indicator, indicatorId: indId, file, district }, total, duties, report);
    },
  };
}

function assigneeKey(a: Assignee): string {
  return a.type === 'category' ? `category:${a.category}` : `organisation:${a.key}`;
}

/** One INFO per duty whose targets use another unit than most targets of the list (file 001: 人 beside 人次). */
function noteMixedUnits(duties: ParsedDuty[], report: ReportBuilder, district: string): void {
  const counts = new Map<string, number>();
  for (const d of duties) for (const t of d.targets) counts.set(t.unit, (counts.get(t.unit) ?? 0) + 1);
  if (counts.size < 2) return;
  const [main] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [''];
  for (const d of duties) {
    const odd = d.targets.filter((t) => t.unit !== main);
    if (odd.length === 0) continue;
    const years = odd.map((t) => `${t.year}年${t.value}${t.unit}`).join('、');
    report.note(
      'MIXED_UNITS',
      `第${d.seq}项“${d.title}”的目标 ${years} 的单位与本清单其他目标（${main}）不同，已按原单位保存，合计时按同一口径相加`,
      { row: d.row, indicator: d.title, district },
    );
  }
}

/** Creates the organisations the file names and nobody knew; returns the id of every organisation key. */
async function createOrganisations(
  manager: EntityManager,
  directory: OrganisationDirectory,
  districtId: string,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const o of directory.created.values()) {
    // Another table of the same import may have created it already.
    const found = await manager.findOne(Organisation, { where: { districtId, nameKey: o.key } });
    if (found) {
      ids.set(o.key, found.id);
      continue;
    }
    const inserted = await manager.insert(Organisation, {
      districtId,
      name: o.name,
      nameKey: o.key,
      kind: o.kind,
      category: null,
    });
    ids.set(o.key, (inserted.identifiers[0] as { id: string }).id);
  }
  return ids;
}

interface DutyScope {
  ids: PlanIds;
  districtId: string;
  listKind: DutyListKind;
  indicatorId: string | null;
  file: string;
}

async function writeDuties(
  manager: EntityManager,
  scope: DutyScope,
  duties: ParsedDuty[],
  orgIds: Map<string, string>,
  report: ReportBuilder,
): Promise<void> {
  const { ids, districtId, listKind } = scope;
  const existing = await manager.find(Duty, { where: { planId: ids.planId, listKind } });
  const existingIds = existing.map((d) => d.id);
  // One after the other: they share the transaction's single connection (pg refuses overlap in v9).
  const where = { where: { dutyId: In(existingIds) } };
  const items = existingIds.length ? await manager.find(ResponsibilityItem, where) : [];
  const assignments = existingIds.length ? await manager.find(DutyAssignment, where) : [];
  const targets = existingIds.length ? await manager.find(DutyTarget, where) : [];
  const bySeq = new Map(existing.map((d) => [d.seq, d]));
  const group = <T extends { dutyId: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.dutyId, [...(map.get(row.dutyId) ?? []), row]);
    return map;
  };
  const itemsOf = group(items);
  const assignmentsOf = group(assignments);
  const targetsOf = group(targets);

  for (const d of duties) {
    const old = bySeq.get(d.seq);
    bySeq.delete(d.seq);
    const fields = { title: d.title, sortOrder: d.order, targetText: d.targetText };
    let dutyId: string;
    let changed = false;
    if (!old) {
      const inserted = await manager.insert(Duty, {
        planId: ids.planId,
        districtId,
        listKind,
        seq: d.seq,
        ...fields,
      });
      dutyId = (inserted.identifiers[0] as { id: string }).id;
    } else {
      dutyId = old.id;
      if (!same(old.title, d.title) || !same(old.sortOrder, d.order) || !same(old.targetText, d.targetText)) {
        await manager.update(Duty, { id: old.id }, fields);
        changed = true;
      }
    }
    changed = (await syncItems(manager, dutyId, districtId, d.items, itemsOf.get(dutyId) ?? [])) || changed;
    changed =
      (await syncAssignments(
        manager,
        dutyId,
        districtId,
        d.assignments,
        orgIds,
        assignmentsOf.get(dutyId) ?? [],
      )) || changed;
    changed =
      (await syncTargets(
        manager,
        dutyId,
        districtId,
        scope.indicatorId,
        d.targets,
        targetsOf.get(dutyId) ?? [],
        old ? scope.file : null,
        new Set(scope.ids.indicatorIds.values()),
      )) || changed;
    if (old && changed) await overwriteManualEdit(manager, old, d, report);
    report.row(!old ? 'created' : changed ? 'updated' : 'unchanged');
  }

  const gone = [...bySeq.values()];
  if (gone.length) {
    await deleteReferenced(
      () => manager.delete(Duty, { id: In(gone.map((d) => d.id)) }),
      `第${gone.map((d) => d.seq).join('、')}项重点工作`,
      scope.file,
    );
    for (const d of gone.sort((a, b) => a.sortOrder - b.sortOrder)) {
      report.removed();
      report.note(
        'ROW_REMOVED',
        `${LIST_KIND_LABEL[listKind]}第${d.seq}项“${d.title}”不在文件中，已删除（连同其责任清单、责任分工和年度目标）`,
      );
    }
  }
}

/**
 * A duty the file changed: its version goes up (an editor holding the old version gets CONFLICT
 * rather than overwriting the file), and if a district admin had edited it by hand since its last
 * import, the report says the file overwrote that edit (MANUAL_EDIT_OVERWRITTEN) and the import's
 * audit event names the duty (import.audit.ts). The file is the authority for what it contains
 * (docs/domain-model.md "Duty upkeep").
 */
async function overwriteManualEdit(
  manager: EntityManager,
  old: Duty,
  d: ParsedDuty,
  report: ReportBuilder,
): Promise<void> {
  await manager.query(
    `UPDATE duty SET version = version + 1, edited_at = NULL, edited_by = NULL WHERE id = $1`,
    [old.id],
  );
  if (!old.editedAt) return;
  report.overwritten.push({
    dutyId: old.id,
    districtId: old.districtId,
    seq: d.seq,
    title: d.title,
    editedAt: old.editedAt,
    editedBy: old.editedBy,
  });
  const when = old.editedAt.toISOString().slice(0, 10);
  report.note(
    'MANUAL_EDIT_OVERWRITTEN',
    `第${d.seq}项“${d.title}”在 ${when} 经区县管理员手工修改，本次导入已按文件内容覆盖（修改前后已记入操作日志）`,
    { row: d.row },
  );
}

/**
 * Items are matched by text first, then the rest in order: a list reordered by hand keeps its item
 * ids (progress reports refer to items by id), and an edited text keeps its item. (duty_id, seq) is
 * unique, so moved items first step aside to negative numbers.
 */
async function syncItems(
  manager: EntityManager,
  dutyId: string,
  districtId: string,
  wanted: string[],
  existing: ResponsibilityItem[],
): Promise<boolean> {
  const unclaimed = new Map(existing.map((i) => [i.id, i]));
  const matched: (ResponsibilityItem | null)[] = wanted.map(() => null);
  const claim = (i: number, test: (item: ResponsibilityItem) => boolean) => {
    const hit = [...unclaimed.values()].find(test);
    if (!hit) return;
    matched[i] = hit;
    unclaimed.delete(hit.id);
  };
  wanted.forEach((text, i) => claim(i, (item) => item.text === text));
  // The rest in order: the k-th unmatched line of the file takes the k-th unclaimed item.
  const rest = [...unclaimed.values()].sort((a, b) => a.seq - b.seq);
  wanted.forEach((_, i) => {
    const next = matched[i] ? undefined : rest.shift();
    if (next) claim(i, (item) => item.id === next.id);
  });
  let changed = false;
  if (unclaimed.size) {
    await manager.delete(ResponsibilityItem, { id: In([...unclaimed.keys()]) });
    changed = true;
  }
  const moving = matched.flatMap((old, i) => (old && old.seq !== i + 1 ? [old.id] : []));
  if (moving.length)
    await manager.query(`UPDATE responsibility_item SET seq = -seq WHERE id = ANY ($1::uuid[])`, [moving]);
  const inserts: Partial<ResponsibilityItem>[] = [];
  for (const [i, text] of wanted.entries()) {
    const old = matched[i];
    if (!old) inserts.push({ dutyId, districtId, seq: i + 1, text });
    else if (old.seq !== i + 1 || old.text !== text) {
      await manager.update(ResponsibilityItem, { id: old.id }, { seq: i + 1, text });
      changed = true;
    }
  }
  if (inserts.length) {
    await manager.insert(ResponsibilityItem, inserts);
    changed = true;
  }
  return changed;
}

async function syncAssignments(
  manager: EntityManager,
  dutyId: string,
  districtId: string,
  wanted: ParsedAssignment[],
  orgIds: Map<string, string>,
  existing: DutyAssignment[],
): Promise<boolean> {
  let changed = false;
  // Keyed by assignee, not by position: an organisation keeps its assignment (and, later, the
  // progress reports attached to it) when the list is reordered or its role changes.
  const keyOf = (a: { organisationId: string | null; category: string | null }) =>
    a.organisationId !== null ? `organisation:${a.organisationId}` : `category:${a.category}`;
  const byKey = new Map(existing.map((a) => [keyOf(a), a]));
  const inserts: Partial<DutyAssignment>[] = [];
  for (const [sortOrder, a] of wanted.entries()) {
    const organisationId =
      a.assignee.type === 'organisation' ? (a.assignee.id ?? orgIds.get(a.assignee.key) ?? null) : null;
    const category = a.assignee.type === 'category' ? a.assignee.category : null;
    if (a.assignee.type === 'organisation' && organisationId === null) {
      throw new Error(`importer: organisation ${a.assignee.name} was not created`);
    }
    const key = keyOf({ organisationId, category });
    const old = byKey.get(key);
    byKey.delete(key);
    const fields = { role: a.role, assigneeText: a.written, sortOrder };
    if (!old) inserts.push({ dutyId, districtId, organisationId, category, ...fields });
    else if (old.role !== a.role || old.assigneeText !== a.written || old.sortOrder !== sortOrder) {
      await manager.update(DutyAssignment, { id: old.id }, fields);
      changed = true;
    }
  }
  if (byKey.size) {
    await manager.delete(DutyAssignment, { id: In([...byKey.values()].map((a) => a.id)) });
    changed = true;
  }
  if (inserts.length) {
    await manager.insert(DutyAssignment, inserts);
    changed = true;
  }
  return changed;
}

async function syncTargets(
  manager: EntityManager,
  dutyId: string,
  districtId: string,
  indicatorId: string | null,
  wanted: YearlyTarget[],
  existing: DutyTarget[],
  /** For a duty that existed before this import: the file, named in the target history. */
  historyFile: string | null,
  /** The indicators of the imported plan: links to any other plan's indicators are kept. */
  ownIndicatorIds: ReadonlySet<string>,
): Promise<boolean> {
  let changed = false;
  const byYear = new Map(existing.map((t) => [t.year, t]));
  const inserts: Partial<DutyTarget>[] = [];
  const history: { year: number; old: DutyTarget | null; value: number | null; unit: string | null }[] = [];
  for (const t of wanted) {
    const old = byYear.get(t.year);
    byYear.delete(t.year);
    // The importer manages links to its own plan's indicators only: a link to another plan's
    // indicator (the manifest's indicatorLinks or the district admin, modules/monitoring) stays, and
    // a table without an indicator keeps whatever link a target has.
    const crossPlan = old?.indicatorId != null && !ownIndicatorIds.has(old.indicatorId);
    const linked = crossPlan ? old.indicatorId : (indicatorId ?? old?.indicatorId ?? null);
    if (!old) {
      inserts.push({ dutyId, districtId, year: t.year, value: t.value, unit: t.unit, indicatorId });
      history.push({ year: t.year, old: null, value: t.value, unit: t.unit });
    } else if (old.value !== t.value || old.unit !== t.unit || old.indicatorId !== linked) {
      await manager.update(DutyTarget, { id: old.id }, { value: t.value, unit: t.unit, indicatorId: linked });
      if (old.value !== t.value || old.unit !== t.unit)
        history.push({ year: t.year, old, value: t.value, unit: t.unit });
      changed = true;
    }
  }
  if (inserts.length) {
    await manager.insert(DutyTarget, inserts);
    changed = true;
  }
  if (byYear.size) {
    await manager.delete(DutyTarget, { id: In([...byYear.values()].map((t) => t.id)) });
    for (const old of byYear.values()) history.push({ year: old.year, old, value: null, unit: null });
    changed = true;
  }
  // A re-import's changes of an existing duty's targets join its target history, like manual ones.
  if (historyFile !== null) {
    for (const h of history) {
      await manager.query(
        `INSERT INTO duty_target_change (district_id, duty_id, year, old_value, old_unit, new_value, new_unit,
           reason, source, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'IMPORT', now())`,
        [
          districtId,
          dutyId,
          h.year,
          h.old?.value ?? null,
          h.old?.unit ?? null,
          h.value,
          h.unit,
          `导入文件“${historyFile}”`,
        ],
      );
    }
  }
  return changed;
}

/**
 * The 总计 row: reconciled per year against the sum of the duties' targets (units are added as one
 * measure, as the document does: its 总计 counts 2019年80人 as 80 人次), and kept as the claim of
 * the indicator the targets count toward. Without such an indicator the claim is only checked.
 */
async function writeTotal(
  manager: EntityManager,
  scope: {
    ids: PlanIds;
    indicator: PlanIndicatorDef | null;
    indicatorId: string | null;
    file: string;
    district: string;
  },
  total: { row: number; targets: YearlyTarget[] } | null,
  duties: ParsedDuty[],
  report: ReportBuilder,
): Promise<void> {
  const label = scope.indicator?.name ?? '目标任务';
  if (total) {
    for (const claim of total.targets) {
      const values = duties.flatMap((d) =>
        d.targets.filter((t) => t.year === claim.year).map((t) => t.value),
      );
      const result = reconcileTotal({ label, values, claimed: claim.value });
      if (result.warning) {
        report.warn(
          {
            ...result.warning,
            district: scope.district,
            message:
              `${scope.district}${claim.year}年“${label}”总计：文件为 ${claim.value}，按各项重点工作相加为 ${result.computed}，` +
              `相差 ${Math.abs(result.difference ?? 0)}`,
          },
          total.row,
        );
      }
    }
  }
  const indId = scope.indicatorId;
  if (indId === null) {
    if (total) {
      report.row('skipped');
      report.note(
        'ROW_SKIPPED',
        '总计行已核对，但计划没有可对应的指标（计划清单中表格的 indicator），未保存为文件声明值',
        {
          row: total.row,
        },
      );
    }
    return;
  }
  const existing = await manager.find(ClaimedTotal, {
    where: { indicatorId: indId, sourceFile: scope.file },
  });
  const byYear = new Map(existing.map((c) => [c.year, c]));
  let changed = false;
  const had = existing.length;
  for (const claim of total?.targets ?? []) {
    const old =
      byYear.get(claim.year) ??
      (await manager.findOne(ClaimedTotal, { where: { indicatorId: indId, year: claim.year } }));
    byYear.delete(claim.year);
    if (!old) {
      await manager.insert(ClaimedTotal, {
        planId: scope.ids.planId,
        indicatorId: indId,
        year: claim.year,
        value: claim.value,
        sourceFile: scope.file,
      });
      changed = true;
    } else if (old.value !== claim.value) {
      await manager.update(ClaimedTotal, { id: old.id }, { value: claim.value, sourceFile: scope.file });
      changed = true;
    }
  }
  if (byYear.size) {
    await manager.delete(ClaimedTotal, { id: In([...byYear.values()].map((c) => c.id)) });
    changed = true;
  }
  if (total) report.row(had === 0 && changed ? 'created' : changed ? 'updated' : 'unchanged');
  else if (had > 0) {
    report.removed();
    report.note('ROW_REMOVED', `文件中已没有总计行，已删除原总计（文件声明值）${had} 个`);
  }
}
