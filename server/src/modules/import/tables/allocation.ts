import {
  checkCeiling,
  checkOfWhich,
  normaliseName,
  parseColumnHeader,
  parseNumberCell,
  reconcileTotal,
} from '@skills/domain';
import { In, type EntityManager } from 'typeorm';
import type { District } from '../../district/district.entity';
import { ClaimedTotal, IndicatorNature, Target } from '../../plan/plan.entity';
import type { DistrictDirectory } from '../directory';
import { isTotalLabel } from '../duty-text';
import {
  deleteReferenced,
  indicatorId,
  type PlanIds,
  type PlanInfo,
  type PreparedTable,
} from '../import.context';
import { ImportError } from '../import.errors';
import { ImportTableKind, ReportBuilder, type PlanIndicatorDef } from '../import.model';
import { cellAt, locateColumns, type Sheet } from '../spreadsheet';

interface Column {
  index: number;
  header: string;
  indicator: PlanIndicatorDef;
}

interface DistrictRow {
  row: number;
  district: District;
  /** One value per column (null = empty cell: no target). */
  values: (number | null)[];
}

/**
 * Reads an allocation table (file 000's annexes): one row per district (区县), one column per
 * indicator of the plan (header = the indicator's name, optionally "其中，" before it and a unit in
 * brackets after it), an optional 序号 column, and an optional 合计/总计 row whose figures are kept
 * as the document's claims. Every value is a target of (indicator, district, year).
 *
 * Checks while reading (ImportError): the 区县 column and at least one indicator column exist; every
 * header names an indicator of the plan in the same unit; every district is known and appears once;
 * every cell is empty or a number.
 * Checks after writing (warnings): each column's 合计 against the sum of the districts
 * (TOTAL_MISMATCH), each "of which" against its parent (OF_WHICH_EXCEEDS_PARENT), each ceiling
 * indicator against its share of the base indicator (CEILING_EXCEEDED; the base is read from the
 * same row, or from targets stored for the district and year by another table of the plan).
 *
 * Writing: targets are keyed by (indicator, district, year): new ones created, changed values
 * updated, an emptied cell deletes its target; a district that an earlier import of the same
 * columns had and this file has not loses its targets of those columns (counted `removed`). Claims
 * are kept in claimed_total beside, never instead of, the computed sums.
 */
export function prepareAllocation(
  sheet: Sheet,
  plan: PlanInfo,
  districts: DistrictDirectory,
  year: number | null,
): PreparedTable {
  const file = sheet.file;
  const report = new ReportBuilder(file, ImportTableKind.ALLOCATION, plan.code);
  const y = year ?? (plan.endYear === plan.startYear ? plan.startYear : null);
  if (y === null) {
    throw new ImportError(
      `计划“${plan.code}”跨多个年份（${plan.startYear}—${plan.endYear ?? ''}），请指定分配表的年份`,
      {
        file,
        column: 'year',
      },
    );
  }
  const indicatorNames = plan.indicators.map((i) => i.name).join('、');
  const located = locateColumns(
    sheet,
    {
      seq: { headers: ['序号'], required: false },
      district: { headers: ['区县', '区县名称', '地区', '区（县）'], required: true },
    },
    { allowOthers: true, describe: '分配表的表头应为：序号（可选）、区县、各指标名称。' },
  );
  const columns: Column[] = located.others.map((index) => {
    const header = sheet.header[index] ?? '';
    const parsed = parseColumnHeader(header);
    const indicator = plan.indicators.find((i) => normaliseName(i.name) === normaliseName(parsed.name));
    const where = { file, row: sheet.headerRow, column: header };
    if (!indicator) {
      throw new ImportError(
        `列“${header}”不是计划“${plan.code}”的指标。${indicatorNames ? `可用的指标：${indicatorNames}` : '该计划没有指标，请先在计划清单中定义指标'}`,
        where,
      );
    }
    if (parsed.unit !== null && normaliseName(parsed.unit) !== normaliseName(indicator.unit)) {
      throw new ImportError(`列“${header}”的单位“${parsed.unit}”与指标的单位“${indicator.unit}”不同`, where);
    }
    return { index, header, indicator };
  });
  if (columns.length === 0) {
    throw new ImportError(`分配表没有指标列。可用的指标：${indicatorNames}`, { file, row: sheet.headerRow });
  }
  columns.forEach((c, i) => {
    const earlier = columns.slice(0, i).find((o) => o.indicator.code === c.indicator.code);
    if (earlier) {
      throw new ImportError(`列“${c.header}”与列“${earlier.header}”是同一个指标`, {
        file,
        row: sheet.headerRow,
        column: c.header,
      });
    }
  });

  const rows: DistrictRow[] = [];
  let total: { row: number; values: (number | null)[] } | null = null;
  const seen = new Map<string, number>();
  for (const r of sheet.rows) {
    const districtCell = cellAt(r, located.district);
    const values = columns.map((c) => {
      const cell = r.cells[c.index] ?? '';
      try {
        return parseNumberCell(cell);
      } catch (error) {
        throw new ImportError(`${(error as Error).message}（应为不小于 0 的数字，或留空表示没有分配）`, {
          file,
          row: r.row,
          column: c.header,
        });
      }
    });
    if (isTotalLabel(districtCell) || isTotalLabel(cellAt(r, located.seq))) {
      if (total)
        throw new ImportError(`合计行出现了两次（另一行在第 ${total.row} 行）`, { file, row: r.row });
      total = { row: r.row, values };
      continue;
    }
    const columnName = sheet.header[located.district] ?? '区县';
    if (districtCell === '') throw new ImportError('区县为空', { file, row: r.row, column: columnName });
    const district = districts.find(districtCell);
    if (!district) {
      throw new ImportError(`未知的区县“${districtCell}”（应为区县参考表中的名称，如“万州区”“两江新区”）`, {
        file,
        row: r.row,
        column: columnName,
      });
    }
    if (plan.districtId !== null && district.id !== plan.districtId) {
      // A district plan is the district's own: it must not write figures into another tenant.
      throw new ImportError(
        `区县计划“${plan.code}”只能包含本区县（${plan.districtName ?? ''}）的分配，不能包含“${districtCell}”`,
        {
          file,
          row: r.row,
          column: columnName,
        },
      );
    }
    const earlierRow = seen.get(district.id);
    if (earlierRow !== undefined) {
      throw new ImportError(`区县“${districtCell}”出现了两次（另一行在第 ${earlierRow} 行）`, {
        file,
        row: r.row,
        column: columnName,
      });
    }
    seen.set(district.id, r.row);
    rows.push({ row: r.row, district, values });
  }
  if (rows.length === 0) throw new ImportError('分配表没有区县行', { file, row: sheet.headerRow + 1 });

  return {
    report,
    async write(manager: EntityManager, ids: PlanIds) {
      await writeTargets(manager, ids, y, columns, rows, report, file);
      await writeClaims(manager, ids, y, columns, total, report, file);
      await checkRules(manager, ids, plan, y, columns, rows, total, report);
    },
  };
}

async function writeTargets(
  manager: EntityManager,
  ids: PlanIds,
  year: number,
  columns: Column[],
  rows: DistrictRow[],
  report: ReportBuilder,
  file: string,
): Promise<void> {
  const indicatorIds = columns.map((c) => indicatorId(ids, c.indicator.code));
  const existing = await manager.find(Target, {
    where: { planId: ids.planId, year, indicatorId: In(indicatorIds) },
  });
  const byCell = new Map(existing.map((t) => [`${t.indicatorId}|${t.districtId}`, t]));
  const inserts: Partial<Target>[] = [];
  const deletes: string[] = [];
  for (const r of rows) {
    let had = 0;
    let changed = false;
    for (let i = 0; i < columns.length; i++) {
      const indId = indicatorIds[i] as string;
      const value = r.values[i] ?? null;
      const key = `${indId}|${r.district.id}`;
      const old = byCell.get(key);
      byCell.delete(key);
      if (old) had += 1;
      if (old && value === null) {
        deletes.push(old.id);
        changed = true;
      } else if (old && value !== null && old.value !== value) {
        await manager.update(Target, { id: old.id }, { value });
        changed = true;
      } else if (!old && value !== null) {
        inserts.push({ planId: ids.planId, indicatorId: indId, districtId: r.district.id, year, value });
        changed = true;
      }
    }
    report.row(had === 0 && changed ? 'created' : changed ? 'updated' : 'unchanged');
  }
  // What is left belongs to districts this file no longer lists.
  const gone = new Map<string, Target[]>();
  for (const t of byCell.values()) {
    if (t.districtId === null) continue; // a city-wide target is not a district row of this table
    gone.set(t.districtId, [...(gone.get(t.districtId) ?? []), t]);
    deletes.push(t.id);
  }
  if (inserts.length) await manager.insert(Target, inserts);
  if (deletes.length) {
    await deleteReferenced(() => manager.delete(Target, { id: In(deletes) }), '某些目标值', file);
  }
  if (gone.size) {
    const names = new Map(
      (
        await manager.query<{ id: string; name: string }[]>(
          'SELECT id, name FROM district WHERE id = ANY($1)',
          [[...gone.keys()]],
        )
      ).map((d) => [d.id, d.name]),
    );
    for (const [districtId, targets] of gone) {
      report.removed();
      const name = names.get(districtId) ?? districtId;
      report.note('ROW_REMOVED', `${name}不在文件中，已删除其 ${year} 年的 ${targets.length} 个目标值`, {
        district: name,
      });
    }
  }
}

async function writeClaims(
  manager: EntityManager,
  ids: PlanIds,
  year: number,
  columns: Column[],
  total: { row: number; values: (number | null)[] } | null,
  report: ReportBuilder,
  file: string,
): Promise<void> {
  const indicatorIds = columns.map((c) => indicatorId(ids, c.indicator.code));
  const existing = await manager.find(ClaimedTotal, { where: { indicatorId: In(indicatorIds), year } });
  const byIndicator = new Map(existing.map((c) => [c.indicatorId, c]));
  let had = 0;
  let changed = false;
  for (let i = 0; i < columns.length; i++) {
    const indId = indicatorIds[i] as string;
    const value = total?.values[i] ?? null;
    const old = byIndicator.get(indId);
    if (old) had += 1;
    if (old && value === null) {
      await manager.delete(ClaimedTotal, { id: old.id });
      changed = true;
    } else if (old && value !== null && old.value !== value) {
      await manager.update(ClaimedTotal, { id: old.id }, { value, sourceFile: file });
      changed = true;
    } else if (!old && value !== null) {
      await manager.insert(ClaimedTotal, {
        planId: ids.planId,
        indicatorId: indId,
        year,
        value,
        sourceFile: file,
      });
      changed = true;
    }
  }
  if (total) {
    report.row(had === 0 && changed ? 'created' : changed ? 'updated' : 'unchanged');
  } else if (had > 0) {
    report.removed();
    report.note('ROW_REMOVED', `文件中已没有合计行，已删除原合计（文件声明值）${had} 个`);
  }
}

async function checkRules(
  manager: EntityManager,
  ids: PlanIds,
  plan: PlanInfo,
  year: number,
  columns: Column[],
  rows: DistrictRow[],
  total: { row: number; values: (number | null)[] } | null,
  report: ReportBuilder,
): Promise<void> {
  if (total) {
    columns.forEach((c, i) => {
      const result = reconcileTotal({
        label: c.indicator.name,
        values: rows.map((r) => r.values[i] ?? null),
        claimed: total.values[i] ?? null,
      });
      report.warn(result.warning, total.row);
    });
  }
  // Values of every indicator of the plan for the year, this file's included (already written):
  // the parent of an "of which" column or the base of a ceiling may come from another table.
  const stored = await manager.find(Target, {
    where: { planId: ids.planId, year, districtId: In(rows.map((r) => r.district.id)) },
  });
  const codeById = new Map([...ids.indicatorIds].map(([code, id]) => [id, code]));
  const value = new Map(stored.map((t) => [`${codeById.get(t.indicatorId)}|${t.districtId}`, t.value]));
  const lookup = (code: string, districtId: string) => value.get(`${code}|${districtId}`) ?? null;
  const byCode = new Map(plan.indicators.map((i) => [i.code, i]));
  for (const r of rows) {
    for (const c of columns) {
      const ind = c.indicator;
      const own = lookup(ind.code, r.district.id);
      if (ind.parentCode) {
        const parent = byCode.get(ind.parentCode);
        report.warn(
          checkOfWhich({
            parentLabel: parent?.name ?? ind.parentCode,
            parent: lookup(ind.parentCode, r.district.id),
            childLabel: ind.name,
            child: own,
            district: r.district.name,
          }),
          r.row,
        );
      }
      if (ind.nature === IndicatorNature.CEILING && ind.ceilingOfCode && ind.ceilingRatio !== null) {
        const base = byCode.get(ind.ceilingOfCode);
        report.warn(
          checkCeiling({
            label: ind.name,
            value: own,
            base: lookup(ind.ceilingOfCode, r.district.id),
            ratio: ind.ceilingRatio,
            baseLabel: base?.name ?? ind.ceilingOfCode,
            district: r.district.name,
          }),
          r.row,
        );
      }
    }
  }
}
