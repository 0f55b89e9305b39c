import {
  checkOfWhich,
  linkIndicatorRows,
  normaliseName,
  parseIndicatorValue,
  type IndicatorValue,
} from '@skills/domain';
import { In, IsNull, type EntityManager } from 'typeorm';
import { Indicator, IndicatorNature, Target } from '../../plan/plan.entity';
import { deleteReferenced, type PlanIds, type PlanInfo, type PreparedTable } from '../import.context';
import { ImportError } from '../import.errors';
import { ImportTableKind, ReportBuilder, type PlanIndicatorDef } from '../import.model';
import { cellAt, headerKey, locateColumns, type Sheet } from '../spreadsheet';

const GROUP_HEADING = /^[一二三四五六七八九十]+\s*[、.．]/u;

const NATURE_BY_LABEL: Record<string, IndicatorNature> = {
  预期性: IndicatorNature.EXPECTED,
  约束性: IndicatorNature.MINIMUM,
  最低目标: IndicatorNature.MINIMUM,
};

interface IndicatorRow {
  row: number;
  label: string;
  indicator: PlanIndicatorDef;
  /** True when the indicator is not in the plan yet: this file defines it. */
  isNew: boolean;
  values: { year: number; column: string; value: IndicatorValue }[];
}

/**
 * Reads an indicator list (file 002 专栏1): one row per indicator, labelled "1.开展补贴性职业技能培训（万人次）"
 * (number, name, unit in brackets; "其中：" marks an "of which" row, and an unnumbered row right
 * after one continues the same "of which" list), one column per year ("2025年") holding the
 * city-wide target ("〔150〕" = cumulative over the plan period), and an optional 属性 column
 * (预期性 → EXPECTED, 约束性 → MINIMUM). Group headings ("一、培训数量") with no values are not rows.
 *
 * Rows are matched to the plan's indicators by name; a row that matches none defines a new indicator
 * of the plan (code = its name, unit from the label; a label without a unit is refused). Targets are
 * keyed by (indicator, no district, year); a city-wide target of the plan that is no longer in the
 * file is deleted.
 */
export function prepareIndicatorList(sheet: Sheet, plan: PlanInfo): PreparedTable {
  const file = sheet.file;
  const report = new ReportBuilder(file, ImportTableKind.INDICATOR_LIST, plan.code);
  const cols = locateColumns(
    sheet,
    {
      label: { headers: ['主要指标', '指标', '指标名称'], required: true },
      nature: { headers: ['属性', '指标属性'], required: false },
    },
    { allowOthers: true, describe: '指标表的表头应为：主要指标、年份列（如“2025年”）、属性（可选）。' },
  );
  const yearColumns = cols.others.map((index) => {
    const header = sheet.header[index] ?? '';
    const m = /^(\d{4})年?(?:目标|目标值)?$/u.exec(headerKey(header));
    if (!m) {
      throw new ImportError(
        `无法识别的列“${header}”：指标表除“主要指标”“属性”外，每列应为一个年份，如“2025年”`,
        {
          file,
          row: sheet.headerRow,
          column: header,
        },
      );
    }
    return { index, header, year: Number(m[1]) };
  });
  if (yearColumns.length === 0) {
    throw new ImportError('指标表没有年份列（如“2025年”）', { file, row: sheet.headerRow });
  }

  const dataRows = sheet.rows.filter((r) => {
    const label = cellAt(r, cols.label);
    const empty = yearColumns.every((c) => (r.cells[c.index] ?? '') === '');
    return !(GROUP_HEADING.test(label) && empty);
  });
  for (const r of dataRows) {
    if (cellAt(r, cols.label) === '') {
      throw new ImportError('指标名称为空', {
        file,
        row: r.row,
        column: sheet.header[cols.label] ?? '主要指标',
      });
    }
  }
  const linked = linkIndicatorRows(dataRows.map((r) => cellAt(r, cols.label)));
  const rows: IndicatorRow[] = [];
  dataRows.forEach((r, i) => {
    const label = cellAt(r, cols.label);
    const l = linked[i];
    if (!l) return;
    const labelColumn = sheet.header[cols.label] ?? '主要指标';
    const values = yearColumns.flatMap((c) => {
      try {
        const value = parseIndicatorValue(r.cells[c.index] ?? '');
        return value ? [{ year: c.year, column: c.header, value }] : [];
      } catch (error) {
        throw new ImportError((error as Error).message, { file, row: r.row, column: c.header });
      }
    });
    let indicator = plan.indicators.find((ind) => normaliseName(ind.name) === normaliseName(l.name));
    if (indicator && l.unit !== null && normaliseName(l.unit) !== normaliseName(indicator.unit)) {
      throw new ImportError(`指标“${l.name}”的单位“${l.unit}”与计划中的单位“${indicator.unit}”不同`, {
        file,
        row: r.row,
        column: labelColumn,
      });
    }
    const isNew = !indicator;
    if (!indicator) {
      if (l.unit === null) {
        throw new ImportError(
          `指标“${label}”不在计划中，且名称后没有用括号写明单位（如“（万人次）”），无法新建`,
          {
            file,
            row: r.row,
            column: labelColumn,
          },
        );
      }
      const natureLabel = headerKey(cellAt(r, cols.nature));
      const nature = natureLabel === '' ? IndicatorNature.EXPECTED : NATURE_BY_LABEL[natureLabel];
      if (!nature) {
        throw new ImportError(`属性“${cellAt(r, cols.nature)}”无法识别（应为“预期性”或“约束性”）`, {
          file,
          row: r.row,
          column: sheet.header[cols.nature ?? 0] ?? '属性',
        });
      }
      const parentRow = l.parentIndex === null ? undefined : rows[l.parentIndex];
      indicator = {
        code: normaliseName(l.name),
        name: l.name,
        unit: l.unit,
        parentCode: parentRow?.indicator.code ?? null,
        nature,
        ceilingRatio: null,
        ceilingOfCode: null,
        cumulative: values.some((v) => v.value.cumulative),
        basis: natureLabel === '' ? null : natureLabel,
      };
    }
    const duplicate = rows.find((o) => o.indicator.code === indicator.code);
    if (duplicate) {
      throw new ImportError(`指标“${l.name}”出现了两次（另一行在第 ${duplicate.row} 行）`, {
        file,
        row: r.row,
        column: labelColumn,
      });
    }
    rows.push({ row: r.row, label, indicator, isNew, values });
  });
  if (rows.length === 0) throw new ImportError('指标表没有指标行', { file, row: sheet.headerRow + 1 });

  return {
    report,
    async write(manager: EntityManager, ids: PlanIds) {
      const sortBase = plan.indicators.length;
      const existed = new Set(
        rows.filter((r) => ids.indicatorIds.has(r.indicator.code)).map((r) => r.indicator.code),
      );
      for (const [i, r] of rows.entries()) {
        if (existed.has(r.indicator.code)) continue;
        const ind = r.indicator;
        const inserted = await manager.insert(Indicator, {
          planId: ids.planId,
          code: ind.code,
          name: ind.name,
          unit: ind.unit,
          parentId: ind.parentCode ? (ids.indicatorIds.get(ind.parentCode) ?? null) : null,
          nature: ind.nature,
          ceilingRatio: null,
          ceilingOfId: null,
          cumulative: ind.cumulative,
          basis: ind.basis,
          sortOrder: sortBase + i + 1,
        });
        ids.indicatorIds.set(ind.code, (inserted.identifiers[0] as { id: string }).id);
      }
      const existing = await manager.find(Target, { where: { planId: ids.planId, districtId: IsNull() } });
      const byKey = new Map(existing.map((t) => [`${t.indicatorId}|${t.year}`, t]));
      const inserts: Partial<Target>[] = [];
      for (const r of rows) {
        const indId = ids.indicatorIds.get(r.indicator.code) as string;
        let had = 0;
        let changed = false;
        for (const v of r.values) {
          const old = byKey.get(`${indId}|${v.year}`);
          byKey.delete(`${indId}|${v.year}`);
          if (!old) {
            inserts.push({
              planId: ids.planId,
              indicatorId: indId,
              districtId: null,
              year: v.year,
              value: v.value.value,
            });
            changed = true;
          } else {
            had += 1;
            if (old.value !== v.value.value) {
              await manager.update(Target, { id: old.id }, { value: v.value.value });
              changed = true;
            }
          }
        }
        const isNew = !existed.has(r.indicator.code) || (had === 0 && changed);
        report.row(isNew ? 'created' : changed ? 'updated' : 'unchanged');
      }
      if (inserts.length) await manager.insert(Target, inserts);
      if (byKey.size) {
        const gone = [...byKey.values()];
        await deleteReferenced(
          () => manager.delete(Target, { id: In(gone.map((t) => t.id)) }),
          '某些指标目标值',
          file,
        );
        const names = new Map(
          (await manager.find(Indicator, { where: { id: In(gone.map((t) => t.indicatorId)) } })).map((i) => [
            i.id,
            i.name,
          ]),
        );
        for (const t of gone) {
          report.removed();
          const name = names.get(t.indicatorId) ?? t.indicatorId;
          report.note('ROW_REMOVED', `指标“${name}”${t.year}年的目标值不在文件中，已删除`, {
            indicator: name,
          });
        }
      }
      // "Of which" rows never exceed their parent (for each year both give).
      const byCode = new Map(rows.map((r) => [r.indicator.code, r]));
      for (const r of rows) {
        const parent = r.indicator.parentCode ? byCode.get(r.indicator.parentCode) : undefined;
        if (!parent) continue;
        for (const v of r.values) {
          const pv = parent.values.find((p) => p.year === v.year);
          report.warn(
            checkOfWhich({
              parentLabel: parent.indicator.name,
              parent: pv?.value.value ?? null,
              childLabel: r.indicator.name,
              child: v.value.value,
            }),
            r.row,
          );
        }
      }
    },
  };
}
