import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { DutyListKind } from '../duty/duty.entity';
import { ImportError } from '../import/import.errors';

/**
 * The plan manifest's monitoring settings (docs/monitoring.md, docs/import-formats.md):
 *
 * - `ceilingReading`: how a ceiling shared by several indicators (same base, same ratio, e.g.
 *   "家服培训、创业培训，原则上不超过指导计划的20%") is checked: EACH indicator alone, their SUM, or
 *   EACH_AND_SUM. Omitted: EACH.
 * - `indicatorLinks`: which city indicator a district duty's yearly target counts toward, e.g.
 *   `{ "plan": "CQ-2021-GUIDANCE", "year": 2021, "listKind": "DEPARTMENT",
 *      "duties": { "2": "ENTERPRISE_WORKER_TRAINING" } }` (duty 序号 → indicator code). Applied after
 *   the import to targets with no link or a link to the plan's own indicator (the importer's
 *   default, a plan with one indicator); a link to another plan's indicator that the district
 *   admin set stands.
 */
export const monitoringManifestFields = {
  ceilingReading: z.enum(['EACH', 'SUM', 'EACH_AND_SUM']).nullable().optional(),
  indicatorLinks: z
    .array(
      z.strictObject({
        plan: z.string().trim().min(1),
        year: z.number().int().min(1900).max(2200),
        listKind: z.enum(DutyListKind).default(DutyListKind.DEPARTMENT),
        duties: z.record(z.string(), z.string().trim().min(1)),
      }),
    )
    .optional(),
};

export interface MonitoringManifest {
  ceilingReading: 'EACH' | 'SUM' | 'EACH_AND_SUM' | null;
  indicatorLinks: { plan: string; year: number; listKind: DutyListKind; duties: Record<string, string> }[];
}

/**
 * Writes a manifest's monitoring settings for the plan just imported: the ceiling reading, and the
 * links of its duty targets toward another plan's indicators. A linked plan that is not imported
 * yet is skipped (import the city plan first: the seed imports plans in name order, cq-… before
 * wulong-…); an indicator code the linked plan lacks is an ImportError naming the field.
 * @returns how many duty targets got a link.
 */
export async function applyMonitoringManifest(
  manager: EntityManager,
  settings: MonitoringManifest,
  planId: string,
  file: string,
): Promise<number> {
  if (settings.ceilingReading) {
    await manager.query(`UPDATE plan SET ceiling_reading = $1 WHERE id = $2 AND ceiling_reading <> $1`, [
      settings.ceilingReading,
      planId,
    ]);
  }
  let linked = 0;
  for (const [i, link] of settings.indicatorLinks.entries()) {
    const indicators: { id: string; code: string }[] = await manager.query(
      `SELECT i.id, i.code FROM indicator i JOIN plan p ON p.id = i.plan_id WHERE p.code = $1`,
      [link.plan],
    );
    if (indicators.length === 0) continue;
    const idOf = new Map(indicators.map((x) => [x.code, x.id]));
    const seqs: string[] = [];
    const ids: string[] = [];
    for (const [seq, code] of Object.entries(link.duties)) {
      const id = idOf.get(code);
      if (!id)
        throw new ImportError(`计划“${link.plan}”没有代码为“${code}”的指标`, {
          file,
          column: `indicatorLinks[${i}].duties.${seq}`,
        });
      seqs.push(seq);
      ids.push(id);
    }
    const rows: unknown[] = await manager.query(
      `UPDATE duty_target dt SET indicator_id = l.indicator_id
         FROM duty d, unnest($3::text[], $4::uuid[]) AS l(seq, indicator_id)
        WHERE d.id = dt.duty_id AND d.plan_id = $1 AND d.list_kind = $2 AND d.seq = l.seq
          AND dt.year = $5
          AND (dt.indicator_id IS NULL OR dt.indicator_id IN (SELECT id FROM indicator WHERE plan_id = $1))
          AND dt.indicator_id IS DISTINCT FROM l.indicator_id
        RETURNING dt.id`,
      [planId, link.listKind, seqs, ids, link.year],
    );
    linked += Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
  }
  return linked;
}
