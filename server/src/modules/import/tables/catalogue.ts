import { In, type EntityManager } from 'typeorm';
import { CatalogueEntry } from '../../catalogue/catalogue.entity';
import { deleteReferenced, type PlanIds, type PlanInfo, type PreparedTable } from '../import.context';
import { ImportError } from '../import.errors';
import { ImportTableKind, ReportBuilder } from '../import.model';
import { cellAt, locateColumns, type Sheet } from '../spreadsheet';

/**
 * Reads a district's project-training catalogue (file 003 附件2): columns 序号 (a whole number,
 * the entry's position) and 名称 (the occupation or special-ability item as written). Entries are
 * keyed by (plan, 序号): a changed name updates the entry, an entry no longer in the file is deleted
 * (refused when a qualification refers to it).
 */
export function prepareCatalogue(sheet: Sheet, plan: PlanInfo): PreparedTable {
  const file = sheet.file;
  const report = new ReportBuilder(file, ImportTableKind.CATALOGUE, plan.code);
  const districtId = plan.districtId;
  if (districtId === null)
    throw new ImportError(`计划“${plan.code}”是市级计划，项目制培训目录只能导入区县计划`, { file });
  const cols = locateColumns(
    sheet,
    {
      seq: { headers: ['序号'], required: true },
      name: { headers: ['名称', '职业（工种）', '职业', '项目名称', '培训项目'], required: true },
    },
    { describe: '目录的表头应为：序号、名称。' },
  );
  const seqColumn = sheet.header[cols.seq] ?? '序号';
  const nameColumn = sheet.header[cols.name] ?? '名称';
  const entries: { row: number; seq: number; occupation: string }[] = [];
  const seen = new Map<number, number>();
  for (const r of sheet.rows) {
    const seqCell = cellAt(r, cols.seq).normalize('NFKC').replace(/\s+/gu, '');
    if (!/^\d{1,6}$/u.test(seqCell) || Number(seqCell) < 1) {
      throw new ImportError(`序号“${cellAt(r, cols.seq)}”应为正整数`, {
        file,
        row: r.row,
        column: seqColumn,
      });
    }
    const seq = Number(seqCell);
    const earlier = seen.get(seq);
    if (earlier !== undefined)
      throw new ImportError(`序号 ${seq} 重复（另一行在第 ${earlier} 行）`, {
        file,
        row: r.row,
        column: seqColumn,
      });
    seen.set(seq, r.row);
    const occupation = cellAt(r, cols.name);
    if (occupation === '') throw new ImportError('名称为空', { file, row: r.row, column: nameColumn });
    entries.push({ row: r.row, seq, occupation });
  }

  return {
    report,
    async write(manager: EntityManager, ids: PlanIds) {
      const existing = await manager.find(CatalogueEntry, { where: { planId: ids.planId } });
      const bySeq = new Map(existing.map((e) => [e.seq, e]));
      const inserts: Partial<CatalogueEntry>[] = [];
      for (const e of entries) {
        const old = bySeq.get(e.seq);
        bySeq.delete(e.seq);
        if (!old) {
          inserts.push({ planId: ids.planId, districtId, seq: e.seq, occupation: e.occupation });
          report.row('created');
        } else if (old.occupation !== e.occupation) {
          await manager.update(CatalogueEntry, { id: old.id }, { occupation: e.occupation });
          report.row('updated');
        } else {
          report.row('unchanged');
        }
      }
      if (inserts.length) await manager.insert(CatalogueEntry, inserts);
      const gone = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
      if (gone.length) {
        await deleteReferenced(
          () => manager.delete(CatalogueEntry, { id: In(gone.map((e) => e.id)) }),
          `目录第 ${gone.map((e) => e.seq).join('、')} 项`,
          file,
        );
        for (const e of gone) {
          report.removed();
          report.note('ROW_REMOVED', `目录第 ${e.seq} 项“${e.occupation}”不在文件中，已删除`);
        }
      }
    },
  };
}
