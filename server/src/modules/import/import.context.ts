import type { EntityManager } from 'typeorm';
import type { PlanLevel } from '../plan/plan.entity';
import { ImportError } from './import.errors';
import type { PlanIndicatorDef, ReportBuilder } from './import.model';

/** The plan a table is imported into, as the parse phase knows it (the plan may not exist yet). */
export interface PlanInfo {
  code: string;
  level: PlanLevel;
  districtId: string | null;
  districtName: string | null;
  startYear: number;
  endYear: number | null;
  indicators: PlanIndicatorDef[];
}

/** Ids the write phase knows once the plan and its indicators are stored. */
export interface PlanIds {
  planId: string;
  /** Indicator id by code. */
  indicatorIds: Map<string, string>;
}

/**
 * A table that has been read and checked completely (every ImportError thrown) and only waits to
 * be written. The importer prepares every table of a manifest before it writes anything.
 */
export interface PreparedTable {
  report: ReportBuilder;
  write(manager: EntityManager, ids: PlanIds): Promise<void>;
}

/** The indicator id of a code, which the write phase must know. */
export function indicatorId(ids: PlanIds, code: string): string {
  const id = ids.indicatorIds.get(code);
  if (!id) throw new Error(`importer: indicator ${code} has no id`);
  return id;
}

/**
 * Deletes rows, turning a foreign-key refusal (the rows are referenced, e.g. by progress reports)
 * into an ImportError that says why the file cannot remove them.
 */
export async function deleteReferenced(
  run: () => Promise<unknown>,
  what: string,
  file: string,
): Promise<void> {
  try {
    await run();
  } catch (error) {
    if ((error as { code?: string }).code === '23503') {
      throw new ImportError(
        `文件中已没有${what}，但它已被其他记录（如进度报告、考核标准）引用，不能删除。请保留这一行，或先处理引用它的记录`,
        { file },
      );
    }
    throw error;
  }
}

/** Two values equal as the database stores them (numeric columns come back as numbers). */
export function same(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}
