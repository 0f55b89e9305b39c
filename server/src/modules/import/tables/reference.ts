import { normaliseName } from '@skills/domain';
import type { EntityManager } from 'typeorm';
import { District, DistrictKind, RuralRevitalisationLevel } from '../../district/district.entity';
import {
  Organisation,
  OrganisationAlias,
  OrganisationCategory,
  OrganisationKind,
} from '../../organisation/organisation.entity';
import { DistrictDirectory } from '../directory';
import { ImportError } from '../import.errors';
import { ReferenceFileKind, ReportBuilder, type ImportResult } from '../import.model';
import { cellAt, headerKey, locateColumns, type Sheet } from '../spreadsheet';

/**
 * Which reference file a sheet is, from its header row (the file name does not matter):
 * - 区县 + 代码 + 类型 → DISTRICTS; 区县 + 帮扶级别 → RURAL_REVITALISATION;
 * - 区县 + 名称 + 类型 → ORGANISATIONS; 名称 + 指代 → ASSIGNEE_CATEGORIES.
 * @returns null when the header is none of them.
 */
export function detectReferenceKind(sheet: Sheet): ReferenceFileKind | null {
  const keys = new Set(sheet.header.map(headerKey));
  if (keys.has('区县') && keys.has('代码') && keys.has('类型')) return ReferenceFileKind.DISTRICTS;
  if (keys.has('区县') && keys.has('帮扶级别')) return ReferenceFileKind.RURAL_REVITALISATION;
  if (keys.has('区县') && keys.has('名称') && keys.has('类型')) return ReferenceFileKind.ORGANISATIONS;
  if (keys.has('名称') && keys.has('指代')) return ReferenceFileKind.ASSIGNEE_CATEGORIES;
  return null;
}

/** Imports one reference file (already read) of the given kind. Writes directly: call inside the importer's savepoint. */
export async function importReferenceSheet(
  manager: EntityManager,
  sheet: Sheet,
  kind: ReferenceFileKind,
): Promise<ImportResult> {
  const report = new ReportBuilder(sheet.file, kind, null);
  switch (kind) {
    case ReferenceFileKind.DISTRICTS:
      await importDistricts(manager, sheet, report);
      break;
    case ReferenceFileKind.RURAL_REVITALISATION:
      await importRuralRevitalisation(manager, sheet, report);
      break;
    case ReferenceFileKind.ORGANISATIONS:
      await importOrganisations(manager, sheet, report);
      break;
    case ReferenceFileKind.ASSIGNEE_CATEGORIES:
      await importCategories(manager, sheet, report);
      break;
  }
  return report.build();
}

const DISTRICT_KIND: Record<string, DistrictKind> = {
  区: DistrictKind.DISTRICT,
  县: DistrictKind.COUNTY,
  新区: DistrictKind.NEW_AREA,
  开发区: DistrictKind.DEVELOPMENT_ZONE,
};

/**
 * districts.csv: 序号 (order of the city documents), 区县 (name as the documents write it), 全称,
 * 代码 (GB/T 2260 or a letter code), 类型 (区/县/新区/开发区). Keyed by 代码 (a renamed district keeps its
 * code); a district missing from the file is kept: districts are tenants and own data.
 */
async function importDistricts(manager: EntityManager, sheet: Sheet, report: ReportBuilder): Promise<void> {
  const file = sheet.file;
  const cols = locateColumns(
    sheet,
    {
      seq: { headers: ['序号'], required: false },
      name: { headers: ['区县'], required: true },
      fullName: { headers: ['全称'], required: false },
      code: { headers: ['代码'], required: true },
      kind: { headers: ['类型'], required: true },
    },
    { describe: '区县参考表的表头应为：序号、区县、全称、代码、类型。' },
  );
  const col = (i: number | null, fallback: string) => (i === null ? fallback : (sheet.header[i] ?? fallback));
  const existing = await manager.find(District);
  const byCode = new Map(existing.map((d) => [d.code, d]));
  const byName = new Map(existing.map((d) => [normaliseName(d.name), d]));
  const seenCodes = new Map<string, number>();
  const seenNames = new Map<string, number>();
  for (const [i, r] of sheet.rows.entries()) {
    const name = cellAt(r, cols.name);
    const code = cellAt(r, cols.code);
    const kindLabel = headerKey(cellAt(r, cols.kind));
    if (name === '') throw new ImportError('区县为空', { file, row: r.row, column: col(cols.name, '区县') });
    if (code === '') throw new ImportError('代码为空', { file, row: r.row, column: col(cols.code, '代码') });
    const kind = DISTRICT_KIND[kindLabel];
    if (!kind) {
      throw new ImportError(`类型“${cellAt(r, cols.kind)}”无法识别（应为 区、县、新区 或 开发区）`, {
        file,
        row: r.row,
        column: col(cols.kind, '类型'),
      });
    }
    const seqCell = cellAt(r, cols.seq);
    if (seqCell !== '' && !/^\d+$/u.test(seqCell)) {
      throw new ImportError(`序号“${seqCell}”应为正整数`, {
        file,
        row: r.row,
        column: col(cols.seq, '序号'),
      });
    }
    const dupCode = seenCodes.get(code);
    if (dupCode !== undefined)
      throw new ImportError(`代码“${code}”重复（另一行在第 ${dupCode} 行）`, {
        file,
        row: r.row,
        column: col(cols.code, '代码'),
      });
    const dupName = seenNames.get(normaliseName(name));
    if (dupName !== undefined)
      throw new ImportError(`区县“${name}”重复（另一行在第 ${dupName} 行）`, {
        file,
        row: r.row,
        column: col(cols.name, '区县'),
      });
    seenCodes.set(code, r.row);
    seenNames.set(normaliseName(name), r.row);
    const fields = {
      code,
      name,
      fullName: cellAt(r, cols.fullName) || name,
      kind,
      sortOrder: seqCell === '' ? i + 1 : Number(seqCell),
    };
    const old = byCode.get(code) ?? byName.get(normaliseName(name));
    if (!old) {
      await manager.insert(District, {
        ...fields,
        ruralRevitalisationLevel: null,
        ruralRevitalisationLabel: null,
      });
      report.row('created');
    } else if (
      old.code !== fields.code ||
      old.name !== fields.name ||
      old.fullName !== fields.fullName ||
      old.kind !== fields.kind ||
      old.sortOrder !== fields.sortOrder
    ) {
      await manager.update(District, { id: old.id }, fields);
      report.row('updated');
    } else {
      report.row('unchanged');
    }
  }
}

/**
 * rural-revitalisation-districts.csv: 区县, 帮扶级别 as the document words it. 国家… → NATIONAL,
 * 市级… → MUNICIPAL, 参照… → REFERENCE; the wording is kept as the label. The file is the whole
 * list: a district it no longer names loses its level (counted `removed`).
 */
async function importRuralRevitalisation(
  manager: EntityManager,
  sheet: Sheet,
  report: ReportBuilder,
): Promise<void> {
  const file = sheet.file;
  const cols = locateColumns(
    sheet,
    { district: { headers: ['区县'], required: true }, level: { headers: ['帮扶级别'], required: true } },
    { describe: '乡村振兴重点帮扶区县表的表头应为：区县、帮扶级别。' },
  );
  const districts = await DistrictDirectory.load(manager);
  const listed = new Map<string, number>();
  for (const r of sheet.rows) {
    const name = cellAt(r, cols.district);
    const label = cellAt(r, cols.level);
    const district = districts.find(name);
    if (!district) {
      throw new ImportError(`未知的区县“${name}”（请先导入区县参考表）`, {
        file,
        row: r.row,
        column: sheet.header[cols.district] ?? '区县',
      });
    }
    const dup = listed.get(district.id);
    if (dup !== undefined)
      throw new ImportError(`区县“${name}”重复（另一行在第 ${dup} 行）`, {
        file,
        row: r.row,
        column: '区县',
      });
    listed.set(district.id, r.row);
    const level = label.includes('国家')
      ? RuralRevitalisationLevel.NATIONAL
      : label.includes('参照')
        ? RuralRevitalisationLevel.REFERENCE
        : label.includes('市级')
          ? RuralRevitalisationLevel.MUNICIPAL
          : null;
    if (!level) {
      throw new ImportError(
        `帮扶级别“${label}”无法识别（应含“国家”“市级”或“参照”，如“国家乡村振兴重点帮扶县”）`,
        {
          file,
          row: r.row,
          column: sheet.header[cols.level] ?? '帮扶级别',
        },
      );
    }
    if (district.ruralRevitalisationLevel !== level || district.ruralRevitalisationLabel !== label) {
      await manager.update(
        District,
        { id: district.id },
        { ruralRevitalisationLevel: level, ruralRevitalisationLabel: label },
      );
      report.row(district.ruralRevitalisationLevel === null ? 'created' : 'updated');
    } else {
      report.row('unchanged');
    }
  }
  for (const d of districts.all) {
    if (listed.has(d.id) || d.ruralRevitalisationLevel === null) continue;
    await manager.update(
      District,
      { id: d.id },
      { ruralRevitalisationLevel: null, ruralRevitalisationLabel: null },
    );
    report.removed();
    report.note(
      'ROW_REMOVED',
      `${d.name}不在文件中，已取消其乡村振兴帮扶级别（原为“${d.ruralRevitalisationLabel ?? ''}”）`,
      { district: d.name },
    );
  }
}

const ORGANISATION_KIND_BY_LABEL: Record<string, OrganisationKind> = {
  ...Object.fromEntries(Object.values(OrganisationKind).map((k) => [k, k])),
  政府部门: OrganisationKind.GOVERNMENT_DEPARTMENT,
  群团组织: OrganisationKind.MASS_ORGANISATION,
  企业: OrganisationKind.ENTERPRISE,
  培训机构: OrganisationKind.TRAINING_INSTITUTION,
  街镇: OrganisationKind.SUBDISTRICT_OR_TOWN,
  其他: OrganisationKind.OTHER,
};

const CATEGORIES = new Set<string>(Object.values(OrganisationCategory));

/**
 * organisations.csv: 区县 (empty = a city-level body), 名称 (canonical name), 类型 (OrganisationKind
 * code or 政府部门/群团组织/企业/培训机构/街镇/其他), 类别 (optional OrganisationCategory code), 别名
 * (other spellings the documents use, separated by 、). Keyed by (district, normalised name); the
 * aliases of a listed organisation are exactly the row's. Organisations missing from the file are
 * kept (responsibility lists refer to them, and an import may have created some).
 */
async function importOrganisations(
  manager: EntityManager,
  sheet: Sheet,
  report: ReportBuilder,
): Promise<void> {
  const file = sheet.file;
  const cols = locateColumns(
    sheet,
    {
      district: { headers: ['区县'], required: true },
      name: { headers: ['名称'], required: true },
      kind: { headers: ['类型'], required: true },
      category: { headers: ['类别'], required: false },
      aliases: { headers: ['别名'], required: false },
    },
    { describe: '单位参考表的表头应为：区县、名称、类型、类别（可选）、别名（可选）。' },
  );
  const header = (i: number | null, fallback: string) =>
    i === null ? fallback : (sheet.header[i] ?? fallback);
  const districts = await DistrictDirectory.load(manager);
  const orgs = await manager.find(Organisation);
  const aliases = await manager.find(OrganisationAlias);
  const scopeKey = (districtId: string | null, key: string) => `${districtId ?? 'city'}|${key}`;
  const orgByKey = new Map(orgs.map((o) => [scopeKey(o.districtId, o.nameKey), o]));
  const aliasByKey = new Map(aliases.map((a) => [scopeKey(a.districtId, a.aliasKey), a]));

  interface Row {
    row: number;
    districtId: string | null;
    name: string;
    key: string;
    kind: OrganisationKind;
    category: OrganisationCategory | null;
    aliases: { alias: string; key: string }[];
  }
  const rows: Row[] = [];
  const nameRows = new Map<string, number>();
  for (const r of sheet.rows) {
    const districtName = cellAt(r, cols.district);
    const district = districtName === '' ? null : districts.find(districtName);
    if (district === undefined) {
      throw new ImportError(`未知的区县“${districtName}”（市级单位请留空）`, {
        file,
        row: r.row,
        column: header(cols.district, '区县'),
      });
    }
    const districtId = district?.id ?? null;
    const name = cellAt(r, cols.name).replace(/\s+/gu, '');
    if (name === '')
      throw new ImportError('名称为空', { file, row: r.row, column: header(cols.name, '名称') });
    const kind = ORGANISATION_KIND_BY_LABEL[headerKey(cellAt(r, cols.kind))];
    if (!kind) {
      throw new ImportError(
        `类型“${cellAt(r, cols.kind)}”无法识别（应为 ${Object.values(OrganisationKind).join('、')} 之一）`,
        {
          file,
          row: r.row,
          column: header(cols.kind, '类型'),
        },
      );
    }
    const categoryCell = cellAt(r, cols.category);
    if (categoryCell !== '' && !CATEGORIES.has(categoryCell)) {
      throw new ImportError(
        `类别“${categoryCell}”无法识别（应为 ${[...CATEGORIES].join('、')} 之一，或留空）`,
        {
          file,
          row: r.row,
          column: header(cols.category, '类别'),
        },
      );
    }
    const key = normaliseName(name);
    const dup = nameRows.get(scopeKey(districtId, key));
    if (dup !== undefined)
      throw new ImportError(`单位“${name}”重复（另一行在第 ${dup} 行）`, {
        file,
        row: r.row,
        column: header(cols.name, '名称'),
      });
    nameRows.set(scopeKey(districtId, key), r.row);
    const rowAliases = cellAt(r, cols.aliases)
      .split(/[、；;，,|\n]+/u)
      .map((a) => a.trim())
      .filter((a) => a !== '' && normaliseName(a) !== key)
      .map((alias) => ({ alias, key: normaliseName(alias) }));
    rows.push({
      row: r.row,
      districtId,
      name,
      key,
      kind,
      category: (categoryCell || null) as OrganisationCategory | null,
      aliases: rowAliases,
    });
  }
  // An alias must not be another organisation's name, nor another organisation's alias.
  const aliasOwner = new Map<string, Row>();
  for (const row of rows) {
    for (const a of row.aliases) {
      const where = { file, row: row.row, column: header(cols.aliases, '别名') };
      const sk = scopeKey(row.districtId, a.key);
      const nameClash = nameRows.get(sk) ?? (orgByKey.has(sk) ? -1 : undefined);
      if (nameClash !== undefined) throw new ImportError(`别名“${a.alias}”与另一个单位的名称相同`, where);
      const other = aliasOwner.get(sk);
      if (other && other !== row)
        throw new ImportError(`别名“${a.alias}”同时属于第 ${other.row} 行的单位`, where);
      aliasOwner.set(sk, row);
      const stored = aliasByKey.get(sk);
      const storedOwner = stored ? orgs.find((o) => o.id === stored.organisationId) : undefined;
      if (storedOwner && storedOwner.nameKey !== row.key) {
        throw new ImportError(`别名“${a.alias}”已是单位“${storedOwner.name}”的别名`, where);
      }
    }
  }

  for (const row of rows) {
    const old = orgByKey.get(scopeKey(row.districtId, row.key));
    let orgId: string;
    let changed = false;
    if (!old) {
      const inserted = await manager.insert(Organisation, {
        districtId: row.districtId,
        name: row.name,
        nameKey: row.key,
        kind: row.kind,
        category: row.category,
      });
      orgId = (inserted.identifiers[0] as { id: string }).id;
    } else {
      orgId = old.id;
      if (old.name !== row.name || old.kind !== row.kind || old.category !== row.category) {
        await manager.update(
          Organisation,
          { id: old.id },
          { name: row.name, kind: row.kind, category: row.category },
        );
        changed = true;
      }
    }
    const own = aliases.filter((a) => a.organisationId === orgId);
    const wanted = new Set(row.aliases.map((a) => a.key));
    for (const a of own) {
      if (!wanted.has(a.aliasKey)) {
        await manager.delete(OrganisationAlias, { id: a.id });
        changed = true;
      }
    }
    for (const a of row.aliases) {
      const existing = own.find((o) => o.aliasKey === a.key);
      if (!existing) {
        await manager.insert(OrganisationAlias, {
          organisationId: orgId,
          districtId: row.districtId,
          alias: a.alias,
          aliasKey: a.key,
        });
        changed = true;
      } else if (existing.alias !== a.alias) {
        await manager.update(OrganisationAlias, { id: existing.id }, { alias: a.alias });
        changed = true;
      }
    }
    report.row(!old ? 'created' : changed ? 'updated' : 'unchanged');
  }
}

/**
 * assignee-categories.csv: 名称 (the words a responsibility list uses, e.g. 国有企业) and 指代 (the
 * OrganisationCategory code). Keyed by the normalised name; names missing from the file are kept.
 */
async function importCategories(manager: EntityManager, sheet: Sheet, report: ReportBuilder): Promise<void> {
  const file = sheet.file;
  const cols = locateColumns(
    sheet,
    { name: { headers: ['名称'], required: true }, category: { headers: ['指代'], required: true } },
    { describe: '单位类别表的表头应为：名称、指代。' },
  );
  const existing = await manager.query<{ id: string; name: string; name_key: string; category: string }[]>(
    'SELECT id, name, name_key, category FROM assignee_category',
  );
  const byKey = new Map(existing.map((c) => [c.name_key, c]));
  const seen = new Map<string, number>();
  for (const r of sheet.rows) {
    const name = cellAt(r, cols.name);
    const category = cellAt(r, cols.category);
    if (name === '')
      throw new ImportError('名称为空', { file, row: r.row, column: sheet.header[cols.name] ?? '名称' });
    if (!CATEGORIES.has(category)) {
      throw new ImportError(`指代“${category}”无法识别（应为 ${[...CATEGORIES].join('、')} 之一）`, {
        file,
        row: r.row,
        column: sheet.header[cols.category] ?? '指代',
      });
    }
    const key = normaliseName(name);
    const dup = seen.get(key);
    if (dup !== undefined)
      throw new ImportError(`名称“${name}”重复（另一行在第 ${dup} 行）`, {
        file,
        row: r.row,
        column: '名称',
      });
    seen.set(key, r.row);
    const old = byKey.get(key);
    if (!old) {
      await manager.query('INSERT INTO assignee_category (name, name_key, category) VALUES ($1, $2, $3)', [
        name,
        key,
        category,
      ]);
      report.row('created');
    } else if (old.name !== name || old.category !== category) {
      await manager.query('UPDATE assignee_category SET name = $2, category = $3 WHERE id = $1', [
        old.id,
        name,
        category,
      ]);
      report.row('updated');
    } else {
      report.row('unchanged');
    }
  }
}
