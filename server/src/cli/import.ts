import 'reflect-metadata';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cliArguments } from './args';
import { formatReportTable } from '@skills/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { ConfigError, loadConfig, type AppConfig } from '../config/env';
import { createDataSource, migrate } from '../db/data-source';
import { locateDatabase, type DatabaseLocation } from '../db/database';
import { AppError } from '../graphql/errors';
import { createLogger } from '../logging/logger';
import { DutyListKind } from '../modules/duty/duty.entity';
import { systemActor } from '../modules/audit/audit.service';
import { recordImportAudit } from '../modules/import/import.audit';
import { ImportError } from '../modules/import/import.errors';
import { ImportTableKind, type ImportResult } from '../modules/import/import.model';
import {
  importManifest,
  importReferenceData,
  importReferenceFile,
  importTable,
} from '../modules/import/import.service';

const USAGE = `用法: pnpm import <文件|plan.json|文件夹> [--plan 计划代码 --kind 类型 [--year 2021] [--list-kind DEPARTMENT]]

  文件夹              含 plan.json 的计划文件夹；含多个计划文件夹的文件夹（如 packages/source-data/plans）；
                      参考表文件夹（reference）；或同时含 reference/ 与 plans/ 的 source-data 文件夹
  plan.json           一个计划清单及其列出的表格
  文件（.csv/.xlsx）   带 --plan 与 --kind：导入已有计划的一个表格；不带：按表头识别的参考表
  --kind              ${Object.values(ImportTableKind).join(' | ')}
  --list-kind         ${Object.values(DutyListKind).join(' | ')}（责任清单/任务清单，默认 DEPARTMENT）
  --year              分配表的年份（默认：计划只有一年时取该年）

数据库: DATABASE_URL，未设置时使用嵌入式 PostgreSQL（PG_DATA_DIR；服务器正在运行时直接连接它的数据库，否则临时启动）。
格式说明见 docs/import-formats.md。`;

/** A problem with the command line itself (exit code 2, like a bad configuration). */
class UsageError extends Error {}

interface Job {
  describe: string;
  run(manager: EntityManager): Promise<ImportResult[]>;
}

/**
 * Decides what to import from the argument: see {@link USAGE}. Relative paths are taken from the
 * directory the user ran `pnpm import` in (pnpm runs the script in server/ and passes that
 * directory as INIT_CWD).
 */
async function planJob(argv: string[]): Promise<Job> {
  const { values, positionals } = parseArgs({
    args: cliArguments(argv),
    allowPositionals: true,
    options: {
      plan: { type: 'string' },
      kind: { type: 'string' },
      year: { type: 'string' },
      'list-kind': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) throw new UsageError('');
  if (positionals.length !== 1) throw new UsageError('请给出一个文件或文件夹');
  const target = path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0] as string);
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) throw new UsageError(`找不到 ${target}`);

  if (values.plan !== undefined || values.kind !== undefined) {
    if (!stat.isFile()) throw new UsageError('--plan/--kind 只用于单个表格文件');
    if (!values.plan || !values.kind) throw new UsageError('导入单个表格需要同时给出 --plan 和 --kind');
    const kind = values.kind.toUpperCase() as ImportTableKind;
    if (!Object.values(ImportTableKind).includes(kind))
      throw new UsageError(`--kind 应为 ${Object.values(ImportTableKind).join(' | ')}`);
    const listKind = values['list-kind']?.toUpperCase() as DutyListKind | undefined;
    if (listKind && !Object.values(DutyListKind).includes(listKind)) {
      throw new UsageError(`--list-kind 应为 ${Object.values(DutyListKind).join(' | ')}`);
    }
    const year = values.year === undefined ? null : Number(values.year);
    if (year !== null && !Number.isInteger(year)) throw new UsageError('--year 应为年份，如 2021');
    const content = await fs.readFile(target);
    const planCode = values.plan;
    return {
      describe: `${path.basename(target)} → ${planCode} (${kind})`,
      run: async (m) => [
        await importTable(
          m,
          { name: path.basename(target), content },
          { planCode, kind, year, listKind: listKind ?? null },
          { districtId: null },
        ),
      ],
    };
  }
  if (stat.isFile()) {
    if (path.basename(target) === 'plan.json') {
      const dir = path.dirname(target);
      return { describe: dir, run: async (m) => (await importManifest(m, dir)).reports };
    }
    const content = await fs.readFile(target);
    return {
      describe: target,
      run: async (m) => [await importReferenceFile(m, { name: path.basename(target), content })],
    };
  }
  const has = (p: string) =>
    fs.stat(path.join(target, p)).then(
      () => true,
      () => false,
    );
  if (await has('plan.json'))
    return { describe: target, run: async (m) => (await importManifest(m, target)).reports };
  const planDirsIn = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    const dirs = entries
      .filter((e) => e.isDirectory())
      .map((e) => path.join(dir, e.name))
      .sort();
    const withManifest = await Promise.all(
      dirs.map(async (d) => ((await fs.stat(path.join(d, 'plan.json')).catch(() => null)) ? d : null)),
    );
    return withManifest.filter((d): d is string => d !== null);
  };
  const importPlans = async (m: EntityManager, dirs: string[]) => {
    const reports: ImportResult[] = [];
    for (const dir of dirs) reports.push(...(await importManifest(m, dir)).reports);
    return reports;
  };
  if ((await has('reference')) && (await has('plans'))) {
    const dirs = await planDirsIn(path.join(target, 'plans'));
    return {
      describe: target,
      run: async (m) => [
        ...(await importReferenceData(m, path.join(target, 'reference'))),
        ...(await importPlans(m, dirs)),
      ],
    };
  }
  const dirs = await planDirsIn(target);
  if (dirs.length) return { describe: target, run: (m) => importPlans(m, dirs) };
  return { describe: target, run: (m) => importReferenceData(m, target) };
}

function print(report: ImportResult): void {
  process.stdout.write(formatReportTable(report));
  const extra = [
    report.skipped ? `跳过 ${report.skipped} 行` : '',
    report.removed ? `删除 ${report.removed} 条旧记录` : '',
  ]
    .filter(Boolean)
    .join('，');
  if (extra) process.stdout.write(`  （${extra}）\n`);
}

/** `pnpm import …`: exit 0 after printing the reports; 1 on a file problem (one line); 2 on a usage problem. */
async function main(argv: string[]): Promise<number> {
  let config: AppConfig;
  let job: Job;
  try {
    config = loadConfig();
    job = await planJob(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.message) console.error(`错误：${error.message}`);
      console.error(USAGE);
      return 2;
    }
    if (error instanceof ConfigError) {
      console.error(`skills-import: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn', false);
  let location: DatabaseLocation | undefined;
  let dataSource: DataSource | undefined;
  try {
    location = await locateDatabase(config, log);
    dataSource = createDataSource(location.ownerUrl, { poolSize: 2, applicationName: 'skills-import' });
    await dataSource.initialize();
    await migrate(dataSource);
    const reports = await dataSource.transaction(async (m) => {
      const done = await job.run(m);
      // No session: the audit log names the command as the actor.
      await recordImportAudit(m, systemActor('cli:import'), done);
      return done;
    });
    // Fresh statistics for the planner: small tables stay under autovacuum's threshold.
    await dataSource.query('ANALYZE');
    for (const r of reports) print(r);
    return 0;
  } catch (error) {
    if (error instanceof ImportError || error instanceof AppError) {
      console.error(`错误：${error.message}`);
      return 1;
    }
    console.error(`skills-import: ${(error as Error).message ?? String(error)}`);
    return 1;
  } finally {
    await dataSource?.destroy().catch(() => undefined);
    await location?.embedded?.stop().catch(() => undefined);
  }
}

// Run when started as a program (node dist/cli/import.js), not when a test imports it.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}

export { main as runImportCli };
