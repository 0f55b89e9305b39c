import { z } from 'zod';
import { DutyListKind } from '../duty/duty.entity';
import { IndicatorNature, PlanLevel, ReportingCadence } from '../plan/plan.entity';
import { ImportError } from './import.errors';
import { monitoringManifestFields, type MonitoringManifest } from '../monitoring/monitoring.manifest';
import { ImportTableKind, type ManifestTable, type PlanIndicatorDef } from './import.model';

const text = z.string().trim().min(1, '不能为空');
const year = z.number().int('应为整数年份').min(1900, '年份不合理').max(2200, '年份不合理');

const indicatorSchema = z.strictObject({
  code: text,
  name: text,
  unit: text,
  parent: text.nullable().optional(),
  nature: z.enum(IndicatorNature),
  ceiling: z
    .strictObject({ ratio: z.number().gt(0).lte(1), of: text })
    .nullable()
    .optional(),
  cumulative: z.boolean().optional(),
  basis: z.string().nullable().optional(),
});

const tableSchema = z.strictObject({
  file: text,
  kind: z.enum(ImportTableKind),
  year: year.nullable().optional(),
  listKind: z.enum(DutyListKind).nullable().optional(),
  indicator: text.nullable().optional(),
  section: z.string().nullable().optional(),
});

const manifestSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9][A-Z0-9_-]*$/u, '应由大写字母、数字、- 和 _ 组成，如 WULONG-2019'),
  title: text,
  documentNumber: z.string().trim().nullable().optional(),
  issuer: text,
  level: z.enum(PlanLevel),
  district: text.nullable().optional(),
  startYear: year,
  endYear: year.nullable().optional(),
  cadence: z.enum(ReportingCadence),
  source: z
    .union([z.string(), z.strictObject({ file: z.string(), sections: z.array(z.string()).optional() })])
    .nullable()
    .optional(),
  indicators: z.array(indicatorSchema).default([]),
  tables: z.array(tableSchema).default([]),
  ...monitoringManifestFields,
});

/** A plan manifest (plan.json), checked: see docs/import-formats.md "Plan manifest". */
export interface PlanManifest {
  code: string;
  title: string;
  documentNumber: string | null;
  issuer: string;
  level: PlanLevel;
  /** The district's name as the documents write it (武隆区); null for a city plan. */
  district: string | null;
  startYear: number;
  endYear: number | null;
  cadence: ReportingCadence;
  /** Source document and sections, one line ("001_….txt 附件1、附件2"). */
  source: string | null;
  indicators: PlanIndicatorDef[];
  tables: ManifestTable[];
  /** Monitoring settings: ceiling reading and duty-target links (modules/monitoring). */
  monitoring: MonitoringManifest;
}

/**
 * Reads and checks a plan manifest. Every problem is an ImportError naming the manifest file and the
 * field ("indicators[3].nature"), so nothing is written for a manifest that does not make sense.
 * @param raw - the file's content (JSON text or bytes) or an already parsed object.
 */
export function parseManifest(raw: Buffer | string | unknown, file: string): PlanManifest {
  let data: unknown = raw;
  if (Buffer.isBuffer(raw) || typeof raw === 'string') {
    const textContent = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
    if (textContent.trim() === '') throw new ImportError('计划清单文件为空', { file });
    try {
      data = JSON.parse(textContent.replace(/^\uFEFF/u, ''));
    } catch (error) {
      throw new ImportError(`不是有效的 JSON：${(error as Error).message}`, { file });
    }
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const column = issue?.path.length ? formatPath(issue.path) : null;
    throw new ImportError(`计划清单字段不正确：${issue?.message ?? '格式错误'}`, { file, column });
  }
  const m = parsed.data;
  const fail = (message: string, column: string): never => {
    throw new ImportError(message, { file, column });
  };
  const district = m.district ?? null;
  if (m.level === PlanLevel.CITY && district !== null)
    fail('市级计划（level = CITY）不能指定区县', 'district');
  if (m.level === PlanLevel.DISTRICT && district === null)
    fail('区县计划（level = DISTRICT）必须指定区县', 'district');
  const endYear = m.endYear ?? null;
  if (endYear !== null && endYear < m.startYear) fail('结束年份早于开始年份', 'endYear');

  const codes = new Set<string>();
  m.indicators.forEach((ind, i) => {
    if (codes.has(ind.code)) fail(`指标代码“${ind.code}”重复`, `indicators[${i}].code`);
    codes.add(ind.code);
  });
  const indicators: PlanIndicatorDef[] = m.indicators.map((ind, i) => {
    const parent = ind.parent ?? null;
    if (parent !== null && !codes.has(parent))
      fail(`上级指标“${parent}”不在本清单的指标中`, `indicators[${i}].parent`);
    if (parent === ind.code) fail('指标不能以自身为上级指标', `indicators[${i}].parent`);
    const ceiling = ind.ceiling ?? null;
    if ((ind.nature === IndicatorNature.CEILING) !== (ceiling !== null)) {
      fail(
        '上限指标（nature = CEILING）必须且只有它可以写 ceiling: { ratio, of }',
        `indicators[${i}].ceiling`,
      );
    }
    if (ceiling && !codes.has(ceiling.of))
      fail(`上限所依据的指标“${ceiling.of}”不在本清单的指标中`, `indicators[${i}].ceiling.of`);
    if (ceiling && ceiling.of === ind.code) fail('上限不能以指标自身为依据', `indicators[${i}].ceiling.of`);
    return {
      code: ind.code,
      name: ind.name,
      unit: ind.unit,
      parentCode: parent,
      nature: ind.nature,
      ceilingRatio: ceiling?.ratio ?? null,
      ceilingOfCode: ceiling?.of ?? null,
      cumulative: ind.cumulative ?? false,
      basis: ind.basis ?? null,
    };
  });
  // A cycle of parents would make "of which" meaningless.
  for (const ind of indicators) {
    const seen = new Set<string>();
    for (
      let c: string | null = ind.code;
      c !== null;
      c = indicators.find((x) => x.code === c)?.parentCode ?? null
    ) {
      if (seen.has(c)) fail(`指标“${ind.code}”的上级指标形成循环`, 'indicators');
      seen.add(c);
    }
  }

  const files = new Set<string>();
  const tables: ManifestTable[] = m.tables.map((t, i) => {
    if (files.has(t.file)) fail(`表格文件“${t.file}”重复列出`, `tables[${i}].file`);
    files.add(t.file);
    const indicator = t.indicator ?? null;
    if (indicator !== null && !codes.has(indicator))
      fail(`指标“${indicator}”不在本清单的指标中`, `tables[${i}].indicator`);
    const isDutyTable = t.kind === ImportTableKind.DUTY_LIST || t.kind === ImportTableKind.TASK_LIST;
    const isDistrictTable = isDutyTable || t.kind === ImportTableKind.CATALOGUE;
    if (isDistrictTable && m.level === PlanLevel.CITY) {
      fail('责任清单、任务清单和项目制培训目录只能属于区县计划', `tables[${i}].kind`);
    }
    return {
      file: t.file,
      kind: t.kind,
      year: t.year ?? null,
      listKind: isDutyTable ? (t.listKind ?? DutyListKind.DEPARTMENT) : null,
      indicator,
      section: t.section ?? null,
    };
  });

  const source =
    m.source === undefined || m.source === null
      ? null
      : typeof m.source === 'string'
        ? m.source
        : [m.source.file, (m.source.sections ?? []).join('、')].filter((s) => s !== '').join(' ');

  return {
    code: m.code,
    title: m.title,
    documentNumber: m.documentNumber ?? null,
    issuer: m.issuer,
    level: m.level,
    district,
    startYear: m.startYear,
    endYear,
    cadence: m.cadence,
    source,
    indicators,
    tables,
    monitoring: { ceilingReading: m.ceilingReading ?? null, indicatorLinks: m.indicatorLinks ?? [] },
  };
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}
