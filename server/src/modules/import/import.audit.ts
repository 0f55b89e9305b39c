import type { EntityManager } from 'typeorm';
import { writeAuditEvent, type AuditActor, type AuditRecord } from '../audit/audit.service';
import type { ImportResult } from './import.model';

/**
 * What the audit log keeps of one imported file (docs/domain-model.md "Audit"): one IMPORT event
 * on the plan (the report's counts and warning codes; never the file's content), and one
 * IMPORT_OVERWRITE event per duty that a district admin had edited by hand and the file overwrote.
 */
export function importAuditRecords(
  report: ImportResult,
  plan: { id: string; districtId: string | null } | null,
): AuditRecord[] {
  const warnings: Record<string, number> = {};
  for (const w of report.warnings) warnings[w.code] = (warnings[w.code] ?? 0) + 1;
  const records: AuditRecord[] = [
    {
      entityType: plan ? 'PLAN' : 'REFERENCE_DATA',
      entityId: plan?.id ?? null,
      action: 'IMPORT',
      districtId: plan?.districtId ?? null,
      after: {
        file: report.file,
        kind: report.kind,
        planCode: report.planCode,
        rowsRead: report.rowsRead,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        skipped: report.skipped,
        removed: report.removed,
        warnings,
      },
    },
  ];
  for (const d of report.overwritten ?? []) {
    records.push({
      entityType: 'DUTY',
      entityId: d.dutyId,
      action: 'IMPORT_OVERWRITE',
      districtId: d.districtId,
      before: { manuallyEditedAt: d.editedAt, manuallyEditedBy: d.editedBy },
      after: { seq: d.seq, title: d.title, file: report.file },
      reason: `导入文件“${report.file}”覆盖了手工修改`,
    });
  }
  return records;
}

/**
 * Records the imports of work done outside a request (the command line, the first-start seed) with
 * a system actor, in the import's own transaction.
 */
export async function recordImportAudit(
  manager: EntityManager,
  actor: AuditActor,
  reports: ImportResult[],
): Promise<void> {
  const codes = [...new Set(reports.flatMap((r) => (r.planCode ? [r.planCode] : [])))];
  const plans = codes.length
    ? ((await manager.query(`SELECT id, code, district_id FROM plan WHERE code = ANY ($1::text[])`, [
        codes,
      ])) as {
        id: string;
        code: string;
        district_id: string | null;
      }[])
    : [];
  const byCode = new Map(plans.map((p) => [p.code, { id: p.id, districtId: p.district_id }]));
  for (const report of reports) {
    const plan = report.planCode ? (byCode.get(report.planCode) ?? null) : null;
    for (const record of importAuditRecords(report, plan)) await writeAuditEvent(manager, actor, record);
  }
}
