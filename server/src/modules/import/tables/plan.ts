import type { EntityManager } from 'typeorm';
import { Indicator, Plan } from '../../plan/plan.entity';
import type { PlanIds } from '../import.context';
import { ImportError } from '../import.errors';
import { ReportBuilder, type PlanIndicatorDef } from '../import.model';
import type { PlanManifest } from '../manifest';

/**
 * Writes a manifest's plan (keyed by code) and its indicators (keyed by plan and code), and
 * reports one row for the plan and one per indicator. Indicators are written parents and ceiling
 * bases first, since the database requires a ceiling indicator to name its base.
 *
 * An indicator that an earlier manifest had and this one has not is kept, not deleted: targets,
 * duty targets and assessment criteria may refer to it. The report flags it with an INFO
 * ROW_REMOVED whose message says it was kept (it is not counted in `removed`).
 */
export async function writePlanManifest(
  manager: EntityManager,
  manifest: PlanManifest,
  districtId: string | null,
  file: string,
): Promise<{ ids: PlanIds; report: ReportBuilder }> {
  const report = new ReportBuilder(file, 'MANIFEST', manifest.code);
  const fields = {
    title: manifest.title,
    documentNumber: manifest.documentNumber,
    issuer: manifest.issuer,
    level: manifest.level,
    districtId,
    startYear: manifest.startYear,
    endYear: manifest.endYear,
    cadence: manifest.cadence,
    source: manifest.source,
  };
  const old = await manager.findOne(Plan, { where: { code: manifest.code } });
  let planId: string;
  if (!old) {
    const inserted = await manager.insert(Plan, { code: manifest.code, ...fields });
    planId = (inserted.identifiers[0] as { id: string }).id;
    report.row('created');
  } else {
    planId = old.id;
    const changed = (Object.keys(fields) as (keyof typeof fields)[]).some(
      (k) => (old[k] ?? null) !== (fields[k] ?? null),
    );
    if (changed) await manager.update(Plan, { id: old.id }, fields);
    report.row(changed ? 'updated' : 'unchanged');
  }

  const existing = await manager.find(Indicator, { where: { planId } });
  const byCode = new Map(existing.map((i) => [i.code, i]));
  const indicatorIds = new Map(existing.map((i) => [i.code, i.id]));
  const order = dependencyOrder(manifest.indicators, file);
  const outcome = new Map<string, 'created' | 'updated' | 'unchanged'>();
  for (const def of order) {
    const sortOrder = manifest.indicators.indexOf(def) + 1;
    const values = {
      name: def.name,
      unit: def.unit,
      parentId: def.parentCode ? (indicatorIds.get(def.parentCode) ?? null) : null,
      nature: def.nature,
      ceilingRatio: def.ceilingRatio,
      ceilingOfId: def.ceilingOfCode ? (indicatorIds.get(def.ceilingOfCode) ?? null) : null,
      cumulative: def.cumulative,
      basis: def.basis,
      sortOrder,
    };
    const current = byCode.get(def.code);
    if (!current) {
      const inserted = await manager.insert(Indicator, { planId, code: def.code, ...values });
      indicatorIds.set(def.code, (inserted.identifiers[0] as { id: string }).id);
      outcome.set(def.code, 'created');
    } else {
      const changed = (Object.keys(values) as (keyof typeof values)[]).some(
        (k) => (current[k] ?? null) !== (values[k] ?? null),
      );
      if (changed) await manager.update(Indicator, { id: current.id }, values);
      outcome.set(def.code, changed ? 'updated' : 'unchanged');
    }
  }
  for (const def of manifest.indicators) report.row(outcome.get(def.code) ?? 'unchanged');
  const listed = new Set(manifest.indicators.map((i) => i.code));
  for (const i of existing) {
    if (listed.has(i.code)) continue;
    report.note(
      'ROW_REMOVED',
      `指标“${i.name}”（${i.code}）已不在计划清单中，但可能已有目标值、年度目标或考核标准引用它，未删除；如确需删除请联系管理员`,
      { indicator: i.name },
    );
  }
  return { ids: { planId, indicatorIds }, report };
}

/** Indicators ordered so that every parent and ceiling base comes before the indicators naming it. */
function dependencyOrder(defs: PlanIndicatorDef[], file: string): PlanIndicatorDef[] {
  const byCode = new Map(defs.map((d) => [d.code, d]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: PlanIndicatorDef[] = [];
  const visit = (d: PlanIndicatorDef) => {
    if (done.has(d.code)) return;
    if (visiting.has(d.code)) {
      throw new ImportError(`指标“${d.code}”的上级指标或上限依据形成循环`, { file, column: 'indicators' });
    }
    visiting.add(d.code);
    for (const dep of [d.parentCode, d.ceilingOfCode]) {
      const target = dep ? byCode.get(dep) : undefined;
      if (target) visit(target);
    }
    visiting.delete(d.code);
    done.add(d.code);
    out.push(d);
  };
  defs.forEach(visit);
  return out;
}
