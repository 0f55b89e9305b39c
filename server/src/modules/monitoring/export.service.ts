import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../import/exceljs';
import { registerEnumType } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { BadInputError } from '../../graphql/errors';
import { allocationMatrix } from '../plan/allocation.service';
import { ClaimedTotal } from '../plan/plan.entity';
import { getPlan } from '../plan/plan.service';
import { cityDashboard } from './monitoring.service';
import type { ExportedFile } from './monitoring.types';

/**
 * XLSX exports in the layout of the source documents, so that they can be printed or sent on as
 * the documents are today, and opened again through the importer with the same rows:
 *
 * - ALLOCATION (file 000's annexes): title, unit line, a grouped header row (a parent indicator
 *   spans its "其中" columns), the header row (序号, 区县, one column per indicator, "其中，" before a
 *   child, the unit in brackets where it is not 人次), one row per district, the 合计 row with the
 *   DOCUMENT'S CLAIMED totals (the claims the importer keeps; the computed sums are checked against
 *   them on import), then the notes (each indicator's basis).
 * - DUTY_LIST (file 001's annexes): 序号, 重点工作, 责任清单 (numbered items), 牵头单位, 责任单位,
 *   目标任务 (the yearly-target text as written), one sheet per list kind.
 * - RANKING: the city dashboard's ranking with each criterion's points.
 *
 * Scope: the same as the reads they come from (allocation matrix, responsibility list, dashboard).
 */
export enum MonitoringExportKind {
  ALLOCATION = 'ALLOCATION',
  DUTY_LIST = 'DUTY_LIST',
  RANKING = 'RANKING',
}
registerEnumType(MonitoringExportKind, {
  name: 'MonitoringExportKind',
  description: '分配表 ALLOCATION / 责任清单 DUTY_LIST / 排名 RANKING',
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function styleTable(sheet: ExcelJS.Worksheet, fromRow: number, toRow: number, columns: number): void {
  for (let r = fromRow; r <= toRow; r++)
    for (let c = 1; c <= columns; c++) {
      const cell = sheet.getCell(r, c);
      cell.border = BORDER;
      cell.alignment = { vertical: 'middle', horizontal: c <= 2 ? 'center' : 'right', wrapText: true };
      if (typeof cell.value === 'number') cell.numFmt = '#,##0';
    }
}

async function file(workbook: ExcelJS.Workbook, fileName: string): Promise<ExportedFile> {
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { fileName, contentType: XLSX, contentBase64: buffer.toString('base64') };
}

/** Builds the export of `kind` for a plan (and year where it has one). */
export async function exportMonitoring(
  ctx: RequestContext,
  kind: MonitoringExportKind,
  planId: string,
  year: number | null,
): Promise<ExportedFile> {
  switch (kind) {
    case MonitoringExportKind.ALLOCATION:
      return exportAllocation(ctx, planId, requireYear(year));
    case MonitoringExportKind.DUTY_LIST:
      return exportDutyList(ctx, planId);
    case MonitoringExportKind.RANKING:
      return exportRanking(ctx, planId, requireYear(year));
  }
}

function requireYear(year: number | null): number {
  if (year === null) throw new BadInputError('请指定年份', { argument: 'year' });
  return year;
}

/** The allocation table of a plan and year (file 000 layout). */
export async function exportAllocation(
  ctx: RequestContext,
  planId: string,
  year: number,
): Promise<ExportedFile> {
  const m = await allocationMatrix(ctx, planId, year);
  const claims = m.complete
    ? await ctx.db.getRepository(ClaimedTotal).findBy({ planId: m.plan.id, year })
    : [];
  const claimOf = new Map(claims.map((c) => [c.indicatorId, c.value]));
  const workbook = new (await loadExcelJS()).Workbook();
  const sheet = workbook.addWorksheet('分配表');
  const width = 2 + m.indicators.length;
  sheet.addRow([`${m.plan.title}（${year}年）`]);
  sheet.mergeCells(1, 1, 1, width);
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  sheet.addRow(['单位：人次']);

  // Grouped header: a parent indicator spans itself and its "其中" children.
  const groupRow = sheet.addRow(['', '', ...m.indicators.map(() => '')]);
  m.indicators.forEach((indicator, i) => {
    if (indicator.parentId) return;
    const children = m.indicators.filter((c) => c.parentId === indicator.id).length;
    if (children === 0) return;
    groupRow.getCell(3 + i).value = indicator.name;
    sheet.mergeCells(groupRow.number, 3 + i, groupRow.number, 3 + i + children);
  });
  const header = sheet.addRow([
    '序号',
    '区县',
    ...m.indicators.map(
      (i) => `${i.parentId ? '其中，' : ''}${i.name}${i.unit === '人次' ? '' : `（${i.unit}）`}`,
    ),
  ]);
  header.font = { bold: true };
  m.rows.forEach((row, n) => {
    sheet.addRow([n + 1, row.district.name, ...row.cells.map((c) => c.value)]);
  });
  if (m.complete && claims.length > 0) {
    const total = sheet.addRow(['合计', '', ...m.indicators.map((i) => claimOf.get(i.id) ?? null)]);
    sheet.mergeCells(total.number, 1, total.number, 2);
    total.font = { bold: true };
  }
  styleTable(sheet, groupRow.number, sheet.rowCount, width);
  sheet.getColumn(1).width = 6;
  sheet.getColumn(2).width = 12;
  for (let c = 3; c <= width; c++) sheet.getColumn(c).width = 14;
  const notes = [
    ...new Set(m.indicators.map((i) => i.basis).filter((b): b is string => !!b && b !== m.plan.title)),
  ];
  if (notes.length) {
    sheet.addRow([]);
    sheet.addRow(['备注：']);
    notes.forEach((note, i) => sheet.addRow([`${i + 1}. ${note}`]));
  }
  return file(workbook, `${m.plan.code}-${year}-分配表.xlsx`);
}

interface DutyExportRow {
  list_kind: string;
  seq: string;
  title: string;
  target_text: string | null;
  items: string[];
  leads: string[];
  cooperating: string[];
}

const LIST_NAMES: Record<string, string> = {
  DEPARTMENT: '部门',
  ENTERPRISE: '企业',
  INSTITUTION: '培训机构',
};

/** The responsibility lists of a district plan (file 001 layout), one sheet per list kind. */
export async function exportDutyList(ctx: RequestContext, planId: string): Promise<ExportedFile> {
  const plan = await getPlan(ctx, planId);
  if (!plan.districtId) throw new BadInputError('责任清单只属于区县计划', { argument: 'planId' });
  const rows: DutyExportRow[] = await ctx.db.query(
    `SELECT d.list_kind, d.seq, d.title, d.target_text,
            coalesce((SELECT json_agg(i.text ORDER BY i.seq) FROM responsibility_item i WHERE i.duty_id = d.id), '[]') AS items,
            coalesce((SELECT json_agg(a.assignee_text ORDER BY a.sort_order) FROM duty_assignment a
                       WHERE a.duty_id = d.id AND a.role = 'LEAD'), '[]') AS leads,
            coalesce((SELECT json_agg(a.assignee_text ORDER BY a.sort_order) FROM duty_assignment a
                       WHERE a.duty_id = d.id AND a.role = 'COOPERATING'), '[]') AS cooperating
       FROM duty d WHERE d.plan_id = $1 ORDER BY d.list_kind, d.sort_order`,
    [plan.id],
  );
  const workbook = new (await loadExcelJS()).Workbook();
  for (const kind of ['DEPARTMENT', 'ENTERPRISE', 'INSTITUTION']) {
    const duties = rows.filter((r) => r.list_kind === kind);
    if (duties.length === 0) continue;
    const sheet = workbook.addWorksheet(`${LIST_NAMES[kind]}责任清单`);
    sheet.addRow([`${plan.title} ${LIST_NAMES[kind]}重点工作责任清单`]);
    sheet.mergeCells(1, 1, 1, 6);
    sheet.getCell(1, 1).font = { bold: true, size: 14 };
    sheet.getCell(1, 1).alignment = { horizontal: 'center' };
    const header = sheet.addRow(['序号', '重点工作', '责任清单', '牵头单位', '责任单位', '目标任务']);
    header.font = { bold: true };
    for (const d of duties) {
      const items = d.items.length === 1 ? d.items[0]! : d.items.map((t, i) => `${i + 1}. ${t}`).join('');
      sheet.addRow([
        d.seq,
        d.title,
        items,
        d.leads.join('、'),
        d.cooperating.join('、'),
        d.target_text ?? '',
      ]);
    }
    for (let r = header.number; r <= sheet.rowCount; r++)
      for (let c = 1; c <= 6; c++) {
        const cell = sheet.getCell(r, c);
        cell.border = BORDER;
        cell.alignment = { vertical: 'top', wrapText: true };
      }
    [6, 28, 60, 14, 28, 24].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  }
  if (workbook.worksheets.length === 0) workbook.addWorksheet('责任清单');
  return file(workbook, `${plan.code}-责任清单.xlsx`);
}

/** The ranking of the city dashboard (district, score, each criterion's points). */
export async function exportRanking(
  ctx: RequestContext,
  planId: string,
  year: number,
): Promise<ExportedFile> {
  const d = await cityDashboard(ctx, planId, year);
  const workbook = new (await loadExcelJS()).Workbook();
  const sheet = workbook.addWorksheet('排名');
  const lines = d.ranking[0]?.breakdown ?? [];
  sheet.addRow([`${d.plan.title}（${year}年）区县考核排名`]);
  sheet.mergeCells(1, 1, 1, 3 + lines.length);
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  const header = sheet.addRow(['排名', '区县', '得分', ...lines.map((l) => `${l.name}（权重 ${l.weight}）`)]);
  header.font = { bold: true };
  for (const r of d.ranking)
    sheet.addRow([r.rank, r.district.name, r.score, ...r.breakdown.map((l) => l.points + l.adjustment)]);
  for (let r = header.number; r <= sheet.rowCount; r++)
    for (let c = 1; c <= 3 + lines.length; c++) {
      const cell = sheet.getCell(r, c);
      cell.border = BORDER;
      if (typeof cell.value === 'number' && c >= 3) cell.numFmt = '#,##0.00';
    }
  return file(workbook, `${d.plan.code}-${year}-排名.xlsx`);
}
