import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { ConflictError, ForbiddenError } from '../../graphql/errors';
import { DutyListKind } from '../duty/duty.entity';
import { Indicator, Plan } from '../plan/plan.entity';
import { DistrictDirectory } from './directory';
import type { PlanIds, PlanInfo, PreparedTable } from './import.context';
import { ImportError } from './import.errors';
import { ImportTableKind, ReferenceFileKind, type ImportResult, type PlanIndicatorDef } from './import.model';
import { ImportRun } from './import-run.entity';
import { applyMonitoringManifest } from '../monitoring/monitoring.manifest';
import { parseManifest, type PlanManifest } from './manifest';
import { MAX_FILE_BYTES, readSheet, type ImportFile, type Sheet } from './spreadsheet';
import { prepareAllocation } from './tables/allocation';
import { prepareCatalogue } from './tables/catalogue';
import { prepareDutyList } from './tables/duty-list';
import { prepareIndicatorList } from './tables/indicator-list';
import { writePlanManifest } from './tables/plan';
import { detectReferenceKind, importReferenceSheet } from './tables/reference';

export type { ImportFile } from './spreadsheet';

/**
 * Who imports, as far as the importer must know.
 * `districtId` null = a city-wide right (CITY_ADMIN, the command line, the first-start seed): any
 * plan. Set = a district's right: only plans of that district.
 */
export interface ImportScope {
  districtId: string | null;
  userId?: string | null;
}

/** Where a single table goes: an existing plan, the kind of table, and what the kind needs. */
export interface ImportTableOptions {
  planCode: string;
  kind: ImportTableKind;
  /** ALLOCATION: the year of the targets (default: the plan's year when it spans one year). */
  year?: number | null;
  /** DUTY_LIST / TASK_LIST: which list (default DEPARTMENT). */
  listKind?: DutyListKind | null;
  /** DUTY_LIST / TASK_LIST: code of the indicator the yearly targets count toward (default: the plan's only indicator). */
  indicator?: string | null;
}

/** A manifest given as content rather than a folder: plan.json and the table files it lists. */
export interface ManifestSource {
  /** Name of the manifest for messages (plan.json). */
  fileName: string;
  /** plan.json as bytes, text or an already parsed object. */
  manifest: Buffer | string | object;
  /** The table files, by the name plan.json gives them. */
  files: Record<string, Buffer>;
}

/** Reports of one manifest: plan.json first, then one per table in manifest order. */
export interface ManifestImportResult {
  planCode: string;
  planId: string;
  reports: ImportResult[];
}

/** Options of the manifest and reference imports (the command line and the first-start seed). */
export interface ImportOptions {
  userId?: string | null;
  /** When given, refuses plans outside the scope's district (see {@link ImportScope}). */
  scope?: ImportScope;
}

/**
 * How each kind of table's header row is recognised, so that title rows above it (a document's
 * table title, "单位：人次") are skipped. Keys are headers without whitespace.
 */
const HEADER_OF: Record<ImportTableKind, (keys: string[]) => boolean> = {
  ALLOCATION: (k) => k.includes('区县') || k.includes('区县名称'),
  DUTY_LIST: (k) => k.includes('序号') && k.includes('牵头单位'),
  TASK_LIST: (k) => k.includes('序号') && k.includes('责任单位'),
  INDICATOR_LIST: (k) => k.some((h) => /^(?:主要指标|指标|指标名称)$/u.test(h)),
  CATALOGUE: (k) =>
    k.includes('序号') && k.some((h) => /^(?:名称|职业|职业\(工种\)|项目名称|培训项目)$/u.test(h)),
};

const isReferenceHeader = (keys: string[]): boolean =>
  detectReferenceKind({ file: '', headerRow: 0, header: keys, rows: [] }) !== null;

let savepointCounter = 0;

/**
 * Runs `fn` inside a SAVEPOINT of the caller's transaction: if anything throws, everything the
 * import wrote is rolled back even when the caller goes on and commits, so a failed import writes
 * nothing. Refuses a manager outside a transaction: an import must be all-or-nothing.
 */
async function inSavepoint<T>(manager: EntityManager, fn: () => Promise<T>): Promise<T> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(
      'importer: the EntityManager must be inside a transaction (dataSource.transaction(manager => …))',
    );
  }
  const name = `skills_import_${++savepointCounter}`;
  await manager.query(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    await manager.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}

/**
 * Imports a plan from its manifest (plan.json, docs/import-formats.md) and every table it lists:
 * the plan (keyed by code) and its indicators, then allocations, responsibility lists, indicator
 * lists and catalogues. Every table is read and checked before anything is written; any problem
 * throws an {@link ImportError} naming the file, row and column, and nothing is written.
 * Importing the same files again changes nothing (each report says `unchanged`); a corrected file
 * updates what changed and removes what it no longer has (see each table's rules).
 * Each file's report is stored in import_run.
 *
 * @param manager - an EntityManager ALREADY inside a transaction that the caller commits.
 * @param source - a folder holding plan.json and its tables, or the manifest and files as content.
 * @example
 * await dataSource.transaction((m) => importManifest(m, 'packages/source-data/plans/wulong-2019'));
 */
export async function importManifest(
  manager: EntityManager,
  source: string | ManifestSource,
  options: ImportOptions = {},
): Promise<ManifestImportResult> {
  const resolved = typeof source === 'string' ? await readManifestFolder(source) : source;
  const manifestFile = resolved.fileName;
  const manifest = parseManifest(resolved.manifest, manifestFile);
  return inSavepoint(manager, async () => {
    const districts = await DistrictDirectory.load(manager);
    const district = manifest.district === null ? null : districts.find(manifest.district);
    if (district === undefined) {
      throw new ImportError(`未知的区县“${manifest.district ?? ''}”（请先导入区县参考表）`, {
        file: manifestFile,
        column: 'district',
      });
    }
    const existing = await manager.findOne(Plan, { where: { code: manifest.code } });
    if (options.scope) {
      checkScope(options.scope, district?.id ?? null, manifest.code);
      if (existing) checkScope(options.scope, existing.districtId, manifest.code);
    }
    const plan: PlanInfo = {
      code: manifest.code,
      level: manifest.level,
      districtId: district?.id ?? null,
      districtName: district?.name ?? null,
      startYear: manifest.startYear,
      endYear: manifest.endYear,
      indicators: manifest.indicators,
    };
    const prepared: PreparedTable[] = [];
    for (const [i, table] of manifest.tables.entries()) {
      const content = resolved.files[table.file];
      if (!content) {
        throw new ImportError(`计划清单列出的表格文件“${table.file}”不存在`, {
          file: manifestFile,
          column: `tables[${i}].file`,
        });
      }
      const sheet = await readSheet({ name: table.file, content }, { isHeader: HEADER_OF[table.kind] });
      prepared.push(
        await prepareTable(manager, sheet, plan, districts, {
          planCode: manifest.code,
          kind: table.kind,
          year: table.year,
          listKind: table.listKind,
          indicator: table.indicator,
        }),
      );
    }
    const { ids, report: planReport } = await writePlanManifest(
      manager,
      manifest,
      plan.districtId,
      manifestFile,
    );
    const reports: ImportResult[] = [planReport.build()];
    const userId = options.userId ?? options.scope?.userId ?? null;
    await recordRun(
      manager,
      reports[0] as ImportResult,
      manifestContent(resolved.manifest),
      ids.planId,
      plan.districtId,
      userId,
    );
    for (const [i, table] of prepared.entries()) {
      await table.write(manager, ids);
      const report = table.report.build();
      const name = manifest.tables[i]?.file ?? report.file;
      await recordRun(
        manager,
        report,
        resolved.files[name] ?? Buffer.alloc(0),
        ids.planId,
        plan.districtId,
        userId,
      );
      reports.push(report);
    }
    await applyMonitoringManifest(manager, manifest.monitoring, ids.planId, manifestFile);
    return { planCode: manifest.code, planId: ids.planId, reports };
  });
}

/**
 * Imports one table file into an existing plan: what a district uploads next year (the GraphQL
 * mutation calls it through {@link importUploadedFile}), or `pnpm import file --plan CODE --kind …`.
 *
 * Scope: with `scope.districtId` set, only a plan of that district is accepted; a city plan or
 * another district's plan is refused with ForbiddenError. With null (city-wide right) any plan.
 * @param manager - an EntityManager ALREADY inside a transaction that the caller commits.
 * @throws ImportError for an unknown plan or any problem in the file (nothing is written).
 * @throws ForbiddenError for a plan outside the scope.
 * @example
 * await dataSource.transaction((m) =>
 *   importTable(m, { name: 'duties.xlsx', content }, { planCode: 'WULONG-2019', kind: ImportTableKind.DUTY_LIST },
 *     { districtId: wulongId, userId }));
 */
export async function importTable(
  manager: EntityManager,
  file: ImportFile,
  options: ImportTableOptions,
  scope: ImportScope,
): Promise<ImportResult> {
  return inSavepoint(manager, async () => {
    const planEntity = await manager.findOne(Plan, { where: { code: options.planCode.trim() } });
    if (!planEntity) {
      throw new ImportError(`计划“${options.planCode}”不存在（请先导入该计划的计划清单 plan.json）`, {
        file: file.name,
        column: 'planCode',
      });
    }
    checkScope(scope, planEntity.districtId, planEntity.code);
    await lockImportsOf(manager, planEntity.districtId);
    // A plan without an end year is open-ended: years up to 2100 are still a plausible target.
    const lastYear = planEntity.endYear ?? 2100;
    if (
      options.year !== undefined &&
      options.year !== null &&
      (!Number.isInteger(options.year) || options.year < planEntity.startYear || options.year > lastYear)
    ) {
      throw new ImportError(
        `年度 ${options.year} 不在计划“${planEntity.code}”的期间（${planEntity.startYear}–${planEntity.endYear ?? ''} 年）内`,
        { file: file.name, column: 'year' },
      );
    }
    const districts = await DistrictDirectory.load(manager);
    const indicators = await manager.find(Indicator, {
      where: { planId: planEntity.id },
      order: { sortOrder: 'ASC' },
    });
    const codeById = new Map(indicators.map((i) => [i.id, i.code]));
    const defs: PlanIndicatorDef[] = indicators.map((i) => ({
      id: i.id,
      code: i.code,
      name: i.name,
      unit: i.unit,
      parentCode: i.parentId ? (codeById.get(i.parentId) ?? null) : null,
      nature: i.nature,
      ceilingRatio: i.ceilingRatio,
      ceilingOfCode: i.ceilingOfId ? (codeById.get(i.ceilingOfId) ?? null) : null,
      cumulative: i.cumulative,
      basis: i.basis,
    }));
    const plan: PlanInfo = {
      code: planEntity.code,
      level: planEntity.level,
      districtId: planEntity.districtId,
      districtName: districts.byId(planEntity.districtId)?.name ?? null,
      startYear: planEntity.startYear,
      endYear: planEntity.endYear,
      indicators: defs,
    };
    if (options.indicator && !defs.some((d) => d.code === options.indicator)) {
      throw new ImportError(`计划“${plan.code}”没有代码为“${options.indicator}”的指标`, {
        file: file.name,
        column: 'indicator',
      });
    }
    const sheet = await readSheet(file, { isHeader: HEADER_OF[options.kind] });
    const prepared = await prepareTable(manager, sheet, plan, districts, options);
    const ids: PlanIds = {
      planId: planEntity.id,
      indicatorIds: new Map(indicators.map((i) => [i.code, i.id])),
    };
    await prepared.write(manager, ids);
    const report = prepared.report.build();
    await recordRun(
      manager,
      report,
      file.content,
      planEntity.id,
      planEntity.districtId,
      scope.userId ?? null,
    );
    return report;
  });
}

/**
 * Serialises imports that could touch the same rows: one import at a time per district (the city
 * for city plans), since an import writes its plan's lists and may add the district's
 * organisations. Takes a transaction-level advisory lock without waiting: while another import of
 * the district is running (until its transaction ends) this one is refused with CONFLICT and may
 * be retried, so no pooled connection sits waiting for the lock.
 */
async function lockImportsOf(manager: EntityManager, districtId: string | null): Promise<void> {
  const [row] = (await manager.query(
    `SELECT pg_try_advisory_xact_lock(hashtextextended('import:' || $1, 0)) AS locked`,
    [districtId ?? 'city'],
  )) as { locked: boolean }[];
  if (!row?.locked) throw new ConflictError('同一区县的另一个导入正在进行，请稍后重试', { retryable: true });
}

/**
 * Decodes an upload of the GraphQL mutation (ImportFileInput) and imports it with {@link importTable}.
 * @throws ImportError for content that is not base64 or larger than 10 MB.
 */
export async function importUploadedFile(
  manager: EntityManager,
  input: {
    fileName: string;
    contentBase64: string;
    planCode: string;
    kind: ImportTableKind;
    year?: number | null;
    listKind?: DutyListKind | null;
  },
  scope: ImportScope,
): Promise<ImportResult> {
  // Only the file's own name: a browser may send a full path (C:\fakepath\x.xlsx).
  const name = input.fileName.trim().split(/[\\/]/u).pop() || 'upload';
  const compact = input.contentBase64.replace(/\s+/gu, '').replace(/^data:[^,]*;base64,/u, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/u.test(compact) || compact.length % 4 === 1) {
    throw new ImportError('上传内容不是有效的 base64 编码', { file: name });
  }
  if ((compact.length * 3) / 4 > MAX_FILE_BYTES + 4)
    throw new ImportError('文件过大，上限为 10 MB', { file: name });
  const content = Buffer.from(compact, 'base64');
  return importTable(
    manager,
    { name, content },
    {
      planCode: input.planCode,
      kind: input.kind,
      year: input.year ?? null,
      listKind: input.listKind ?? null,
    },
    scope,
  );
}

/**
 * Imports the reference files of a folder (packages/source-data/reference): districts.csv, then
 * rural-revitalisation-districts.csv, organisations.csv and assignee-categories.csv — any .csv or
 * .xlsx whose header row is one of those (see tables/reference.ts). Districts come first because
 * the others name them. One report per file; all or nothing.
 * @param manager - an EntityManager ALREADY inside a transaction that the caller commits.
 */
export async function importReferenceData(
  manager: EntityManager,
  dir: string,
  options: ImportOptions = {},
): Promise<ImportResult[]> {
  const names = (await fs.readdir(dir)).filter((n) => /\.(csv|xlsx)$/iu.test(n)).sort();
  const files = await Promise.all(
    names.map(async (name) => ({ name, content: await fs.readFile(path.join(dir, name)) })),
  );
  return inSavepoint(manager, async () => {
    const sheets: { sheet: Sheet; kind: ReferenceFileKind; content: Buffer }[] = [];
    for (const f of files) {
      const sheet = await readSheet(f, { isHeader: isReferenceHeader });
      const kind = detectReferenceKind(sheet);
      if (!kind) {
        throw new ImportError('不是可识别的参考表（区县、乡村振兴帮扶区县、单位或单位类别），请检查表头', {
          file: f.name,
          row: sheet.headerRow,
        });
      }
      sheets.push({ sheet, kind, content: f.content });
    }
    const order = Object.values(ReferenceFileKind);
    sheets.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
    const reports: ImportResult[] = [];
    for (const s of sheets) {
      const report = await importReferenceSheet(manager, s.sheet, s.kind);
      await recordRun(manager, report, s.content, null, null, options.userId ?? null);
      reports.push(report);
    }
    return reports;
  });
}

/**
 * Imports one reference file, recognised by its header row (the command line's `pnpm import
 * reference/organisations.csv`). City-wide data: callers must hold the city-wide right.
 */
export async function importReferenceFile(
  manager: EntityManager,
  file: ImportFile,
  options: ImportOptions = {},
): Promise<ImportResult> {
  return inSavepoint(manager, async () => {
    const sheet = await readSheet(file, { isHeader: isReferenceHeader });
    const kind = detectReferenceKind(sheet);
    if (!kind) {
      throw new ImportError(
        '不是可识别的参考表（区县、乡村振兴帮扶区县、单位或单位类别）；导入计划表格时请指定计划代码和表格类型（--plan、--kind）',
        { file: file.name, row: sheet.headerRow },
      );
    }
    const report = await importReferenceSheet(manager, sheet, kind);
    await recordRun(manager, report, file.content, null, null, options.userId ?? null);
    return report;
  });
}

/** Reads plan.json and every table it lists from a folder. */
export async function readManifestFolder(dir: string): Promise<ManifestSource> {
  const manifestPath = path.join(dir, 'plan.json');
  const fileName = path.basename(dir) ? `${path.basename(dir)}/plan.json` : 'plan.json';
  let manifest: Buffer;
  try {
    manifest = await fs.readFile(manifestPath);
  } catch {
    throw new ImportError(`文件夹中没有 plan.json（${dir}）`, { file: fileName });
  }
  const parsed: PlanManifest = parseManifest(manifest, fileName);
  const files: Record<string, Buffer> = {};
  for (const table of parsed.tables) {
    // A table must sit in the manifest's folder: "../" would read files the manifest does not own.
    if (path.basename(table.file) !== table.file) {
      throw new ImportError(`表格文件名“${table.file}”不能包含路径`, {
        file: fileName,
        column: 'tables.file',
      });
    }
    try {
      files[table.file] = await fs.readFile(path.join(dir, table.file));
    } catch {
      // importManifest reports the missing file with its position in the manifest
    }
  }
  return { fileName, manifest, files };
}

/** Checks a table kind's options and reads the table. */
async function prepareTable(
  manager: EntityManager,
  sheet: Sheet,
  plan: PlanInfo,
  districts: DistrictDirectory,
  options: ImportTableOptions,
): Promise<PreparedTable> {
  switch (options.kind) {
    case ImportTableKind.ALLOCATION:
      return prepareAllocation(sheet, plan, districts, options.year ?? null);
    case ImportTableKind.DUTY_LIST:
    case ImportTableKind.TASK_LIST:
      return prepareDutyList(manager, sheet, plan, {
        kind: options.kind,
        listKind: options.listKind ?? DutyListKind.DEPARTMENT,
        indicatorCode: options.indicator ?? null,
      });
    case ImportTableKind.INDICATOR_LIST:
      return prepareIndicatorList(sheet, plan);
    case ImportTableKind.CATALOGUE:
      return prepareCatalogue(sheet, plan);
    default:
      throw new ImportError(`未知的表格类型“${String(options.kind)}”`, { file: sheet.file, column: 'kind' });
  }
}

/**
 * Refuses a plan outside the importer's district. Why here and not only in the resolver's rule: the
 * plan is named by code in the input, so its district is known only once it is looked up.
 */
function checkScope(scope: ImportScope, planDistrictId: string | null, planCode: string): void {
  if (scope.districtId === null) return;
  if (planDistrictId === null)
    throw new ForbiddenError(`计划“${planCode}”是市级计划，只有市级管理员可以导入`);
  if (planDistrictId !== scope.districtId)
    throw new ForbiddenError(`计划“${planCode}”属于其他区县，不能导入`);
}

async function recordRun(
  manager: EntityManager,
  report: ImportResult,
  content: Buffer,
  planId: string | null,
  districtId: string | null,
  userId: string | null,
): Promise<void> {
  await manager.insert(ImportRun, {
    planId,
    districtId,
    fileName: report.file,
    checksum: createHash('sha256').update(content).digest('hex'),
    report: report as unknown as object,
    userId,
  });
}

function manifestContent(manifest: Buffer | string | object): Buffer {
  if (Buffer.isBuffer(manifest)) return manifest;
  return Buffer.from(typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
}
