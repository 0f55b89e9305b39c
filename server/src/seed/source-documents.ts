import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { REPO_ROOT } from '../config/env';
import type { ImportResult } from '../modules/import/import.model';
import { systemActor } from '../modules/audit/audit.service';
import { recordImportAudit } from '../modules/import/import.audit';
import { importManifest, importReferenceData } from '../modules/import/import.service';

/** The shipped transcriptions of the five source documents (packages/source-data). */
export const SOURCE_DATA_DIR = path.join(REPO_ROOT, 'packages', 'source-data');

/** One line for the log: file, rows, counts, warnings by code. */
export function summariseReport(report: ImportResult): string {
  const byCode = new Map<string, number>();
  for (const w of report.warnings) byCode.set(w.code, (byCode.get(w.code) ?? 0) + 1);
  const warnings = [...byCode].map(([code, n]) => `${code}×${n}`).join(' ');
  return (
    `${report.file}: 读取 ${report.rowsRead} 行，新建 ${report.created}，更新 ${report.updated}，未变 ${report.unchanged}` +
    (report.skipped ? `，跳过 ${report.skipped}` : '') +
    (report.removed ? `，删除 ${report.removed}` : '') +
    (warnings ? `；提示 ${warnings}` : '')
  );
}

/**
 * Loads the source documents through the importer, in ONE transaction: the reference data
 * (districts, rural-revitalisation levels, organisations, assignee categories), then every plan folder
 * of packages/source-data/plans in name order. Logs one line per file. Idempotent: run against
 * loaded data it changes nothing (every report says unchanged).
 * @returns every file's report, reference files first.
 */
export async function loadSourceDocuments(
  dataSource: DataSource,
  log: Logger,
  root: string = SOURCE_DATA_DIR,
): Promise<ImportResult[]> {
  const plansDir = path.join(root, 'plans');
  const planDirs = (await fs.readdir(plansDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => path.join(plansDir, e.name))
    .sort();
  const reports = await dataSource.transaction(async (manager) => {
    const all = await importReferenceData(manager, path.join(root, 'reference'));
    for (const dir of planDirs) all.push(...(await importManifest(manager, dir)).reports);
    await recordImportAudit(manager, systemActor('seed'), all);
    return all;
  });
  for (const report of reports)
    log.info({ import: report.kind, plan: report.planCode ?? undefined }, summariseReport(report));
  return reports;
}
