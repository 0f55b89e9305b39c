import type { ImportReport as DomainImportReport, Warning, WarningCode } from '@skills/domain';
import { WARNING_SEVERITY } from '@skills/domain';
import type { DutyListKind } from '../duty/duty.entity';
import type { IndicatorNature } from '../plan/plan.entity';

/**
 * The kinds of table a plan can hold (docs/import-formats.md describes each file format).
 * String values are stable: they are the `kind` of plan.json tables, the CLI's `--kind` and the
 * GraphQL enum ImportTableKind.
 */
export enum ImportTableKind {
  /** Rows = districts, columns = indicators, a 合计 row: one target per district × indicator (file 000). */
  ALLOCATION = 'ALLOCATION',
  /** 序号, 重点工作, 责任清单, 牵头单位, 责任单位, 目标任务 (file 001). */
  DUTY_LIST = 'DUTY_LIST',
  /** 序号 (Chinese numerals), 重点工作, 责任清单, 责任单位; the first unit leads (file 004). */
  TASK_LIST = 'TASK_LIST',
  /** 主要指标, one column per year (2025年), 属性: city-wide targets, 〔〕 = cumulative (file 002). */
  INDICATOR_LIST = 'INDICATOR_LIST',
  /** 序号, 名称: a district's project-training catalogue (file 003). */
  CATALOGUE = 'CATALOGUE',
}

/** Reference files (packages/source-data/reference), recognised by their header row. */
export enum ReferenceFileKind {
  DISTRICTS = 'DISTRICTS',
  RURAL_REVITALISATION = 'RURAL_REVITALISATION',
  ORGANISATIONS = 'ORGANISATIONS',
  ASSIGNEE_CATEGORIES = 'ASSIGNEE_CATEGORIES',
}

/** A warning of an import: a domain warning, or one of the import's own codes, with the row it concerns. */
export interface ImportWarningData extends Warning {
  /** Row of the file (1-based, header = 1) the warning is about, when it is about one row. */
  row?: number;
}

/**
 * What one import of one file did. Extends the domain's ImportReport (which the client and the
 * command line show) with `skipped` and `removed`, and with warnings that may carry a row.
 * rowsRead = created + updated + unchanged + skipped; `removed` counts records of an earlier import
 * that are no longer in the file (they are not rows of this file).
 */
export interface ImportResult extends Omit<DomainImportReport, 'warnings'> {
  /** Rows read but not imported (see ROW_SKIPPED). */
  skipped: number;
  /** Duties, district rows, catalogue entries, claims… that an earlier import stored and this file no longer has. */
  removed: number;
  warnings: ImportWarningData[];
  /** The table kind, 'MANIFEST' for plan.json, or the reference file kind. */
  kind: ImportTableKind | ReferenceFileKind | 'MANIFEST';
  /** The plan the file was imported into, when any. */
  planCode: string | null;
  /** Duties edited by hand since their last import that this file overwrote (MANUAL_EDIT_OVERWRITTEN). */
  overwritten?: OverwrittenDuty[];
}

/** A manually edited duty a re-import overwrote: recorded in the audit log (import.audit.ts). */
export interface OverwrittenDuty {
  dutyId: string;
  districtId: string;
  seq: string;
  title: string;
  editedAt: Date;
  editedBy: string | null;
}

/** How a file row fared. */
export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'skipped';

/** Collects the counts and warnings of one file's import. */
export class ReportBuilder {
  private readonly counts = { created: 0, updated: 0, unchanged: 0, skipped: 0, removed: 0 };
  private readonly warnings: ImportWarningData[] = [];
  /** Filled by the duty lists' write phase. */
  readonly overwritten: OverwrittenDuty[] = [];

  constructor(
    readonly file: string,
    readonly kind: ImportResult['kind'],
    readonly planCode: string | null,
  ) {}

  /** Counts one row of the file. */
  row(outcome: RowOutcome): void {
    this.counts[outcome] += 1;
  }

  /** Counts records of an earlier import that the file no longer has. */
  removed(n = 1): void {
    this.counts.removed += n;
  }

  warn(warning: Warning | ImportWarningData | null | undefined, row?: number): void {
    if (!warning) return;
    const w: ImportWarningData = { ...warning };
    if (row !== undefined) w.row = row;
    this.warnings.push(w);
  }

  /** Adds a warning of one of the import's own codes (severity from {@link WARNING_SEVERITY}). */
  note(
    code: WarningCode,
    message: string,
    fields: { row?: number; indicator?: string; district?: string; expected?: number; actual?: number } = {},
  ): void {
    const w: ImportWarningData = { code, message, severity: WARNING_SEVERITY[code] };
    for (const key of ['row', 'indicator', 'district', 'expected', 'actual'] as const) {
      const value = fields[key];
      if (value !== undefined) (w as unknown as Record<string, unknown>)[key] = value;
    }
    this.warnings.push(w);
  }

  build(): ImportResult {
    const { created, updated, unchanged, skipped, removed } = this.counts;
    return {
      file: this.file,
      kind: this.kind,
      planCode: this.planCode,
      rowsRead: created + updated + unchanged + skipped,
      created,
      updated,
      unchanged,
      skipped,
      removed,
      warnings: this.warnings,
      ...(this.overwritten.length ? { overwritten: this.overwritten } : {}),
    };
  }
}

/**
 * An indicator as the importer needs it: from a manifest (no id yet) or from the database.
 * Parent and ceiling base are referred to by code, so that a manifest's indicators can be checked
 * before anything is written.
 */
export interface PlanIndicatorDef {
  id?: string;
  code: string;
  name: string;
  unit: string;
  parentCode: string | null;
  nature: IndicatorNature;
  ceilingRatio: number | null;
  ceilingOfCode: string | null;
  cumulative: boolean;
  basis: string | null;
}

/** One table of a plan manifest (plan.json `tables[]`). */
export interface ManifestTable {
  file: string;
  kind: ImportTableKind;
  year: number | null;
  listKind: DutyListKind | null;
  /** Code of the indicator a duty list's yearly targets count toward (default: the plan's only indicator). */
  indicator: string | null;
  section: string | null;
}
