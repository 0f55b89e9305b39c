import {
  aliasMatchWarning,
  normaliseName,
  unmatchedNameWarning,
  WARNING_SEVERITY,
  type Warning,
} from '@skills/domain';
import type { EntityManager } from 'typeorm';
import { District } from '../district/district.entity';
import {
  Organisation,
  OrganisationAlias,
  OrganisationCategory,
  OrganisationKind,
} from '../organisation/organisation.entity';

/** The districts, looked up by name as the documents write it (石柱县) or by full name (石柱土家族自治县). */
export class DistrictDirectory {
  private readonly byKey = new Map<string, District>();

  constructor(readonly all: District[]) {
    for (const d of all) {
      this.byKey.set(normaliseName(d.name), d);
      this.byKey.set(normaliseName(d.fullName), d);
    }
  }

  static async load(manager: EntityManager): Promise<DistrictDirectory> {
    return new DistrictDirectory(await manager.find(District, { order: { sortOrder: 'ASC' } }));
  }

  find(name: string): District | undefined {
    return this.byKey.get(normaliseName(name));
  }

  byId(id: string | null): District | undefined {
    return id === null ? undefined : this.all.find((d) => d.id === id);
  }
}

/** An assignee text read as a category of organisations (国有企业 → STATE_OWNED_ENTERPRISE). */
export interface CategoryAssignee {
  type: 'category';
  category: OrganisationCategory;
  name: string;
}

/** An assignee text read as one organisation: an existing one, or one the import will create. */
export interface OrganisationAssignee {
  type: 'organisation';
  /** Id of the existing organisation, or null for one the import creates (see `key`). */
  id: string | null;
  /** name_key: identifies the organisation within the district, also before it exists. */
  key: string;
  /** Canonical name. */
  name: string;
}

export type Assignee = CategoryAssignee | OrganisationAssignee;

/** An organisation the import creates because no known name matched. */
export interface NewOrganisation {
  key: string;
  name: string;
  kind: OrganisationKind;
}

/**
 * Kind of an organisation the importer creates from a name it does not know. Mass organisations
 * first, since 团区委 ends in 委 like a government commission.
 * @example inferOrganisationKind('区总工会') // MASS_ORGANISATION
 * @example inferOrganisationKind('区大数据发展局') // GOVERNMENT_DEPARTMENT
 */
export function inferOrganisationKind(name: string): OrganisationKind {
  const key = normaliseName(name);
  if (/(总工会|团区委|团县委|妇联|残联|工商联|科协|红十字会)$/u.test(key))
    return OrganisationKind.MASS_ORGANISATION;
  if (/(委|局|办|政府|委员会|办公室|分局)$/u.test(key)) return OrganisationKind.GOVERNMENT_DEPARTMENT;
  if (/(街道|镇|乡)$/u.test(key)) return OrganisationKind.SUBDISTRICT_OR_TOWN;
  return OrganisationKind.OTHER;
}

const ORGANISATION_KIND_LABEL: Record<OrganisationKind, string> = {
  GOVERNMENT_DEPARTMENT: '政府部门',
  MASS_ORGANISATION: '群团组织',
  ENTERPRISE: '企业',
  TRAINING_INSTITUTION: '培训机构',
  SUBDISTRICT_OR_TOWN: '街镇',
  OTHER: '其他',
};

/**
 * The names a district's responsibility list may use: its organisations (by name_key), their
 * aliases (by alias_key), city-level organisations, and the categories (assignee_category).
 * Resolving a name never writes: an unknown name becomes a {@link NewOrganisation} that the write
 * phase creates, so that a file that fails later leaves nothing behind.
 */
export class OrganisationDirectory {
  private readonly byKey = new Map<string, { id: string; name: string }>();
  private readonly aliasByKey = new Map<string, { id: string; name: string; alias: string }>();
  private readonly categories = new Map<string, { category: OrganisationCategory; name: string }>();
  /** Organisations this import will create, by key, in the order first seen. */
  readonly created = new Map<string, NewOrganisation>();

  private constructor(readonly districtName: string) {}

  /** Loads the names known in `districtId` (and the city-level ones, which district names shadow). */
  static async load(
    manager: EntityManager,
    districtId: string,
    districtName: string,
  ): Promise<OrganisationDirectory> {
    const dir = new OrganisationDirectory(districtName);
    const orgs = await manager
      .createQueryBuilder(Organisation, 'o')
      .where('o.districtId = :districtId OR o.districtId IS NULL', { districtId })
      .orderBy('o.districtId IS NULL', 'ASC')
      .getMany();
    // District rows first, so a district's own organisation wins over a city-level one of the same name.
    for (const o of orgs) if (!dir.byKey.has(o.nameKey)) dir.byKey.set(o.nameKey, { id: o.id, name: o.name });
    const aliases = await manager
      .createQueryBuilder(OrganisationAlias, 'a')
      .where('a.districtId = :districtId OR a.districtId IS NULL', { districtId })
      .orderBy('a.districtId IS NULL', 'ASC')
      .getMany();
    const nameById = new Map(orgs.map((o) => [o.id, o.name]));
    for (const a of aliases) {
      const name = nameById.get(a.organisationId);
      if (name !== undefined && !dir.aliasByKey.has(a.aliasKey)) {
        dir.aliasByKey.set(a.aliasKey, { id: a.organisationId, name, alias: a.alias });
      }
    }
    const categories = await manager.query<
      { name: string; name_key: string; category: OrganisationCategory }[]
    >('SELECT name, name_key, category FROM assignee_category');
    for (const c of categories) dir.categories.set(c.name_key, { category: c.category, name: c.name });
    return dir;
  }

  /** Whether `name` is a known organisation, alias or category: the `isKnown` of splitUnitList. */
  isKnown = (name: string): boolean => {
    const key = normaliseName(name);
    return (
      this.byKey.has(key) || this.aliasByKey.has(key) || this.categories.has(key) || this.created.has(key)
    );
  };

  /**
   * Resolves one name of an assignee cell (as splitUnitList returned it).
   * - category name → the category;
   * - same name_key as an organisation → that organisation; an INFO ALIAS_MATCH when the text as
   *   written differs from the canonical name (whitespace, full-width forms: "区人力 社保局");
   * - an alias → its organisation, INFO ALIAS_MATCH;
   * - anything else → a new organisation of the district (kind inferred from the name), with an
   *   UNMATCHED_NAME WARNING the first time the import meets it.
   * @param written - the name as the cell writes it (with its stray spaces), for the message.
   * @param context - where the name was read, e.g. "第1项重点工作“牵头单位”".
   */
  resolve(name: string, written: string, context: string): { assignee: Assignee; warning: Warning | null } {
    const key = normaliseName(name);
    const district = this.districtName;
    const category = this.categories.get(key);
    if (category)
      return {
        assignee: { type: 'category', category: category.category, name: category.name },
        warning: null,
      };
    const org = this.byKey.get(key);
    if (org) {
      const warning =
        written === org.name
          ? null
          : info(
              `${district}${context}“${written}”按规范化名称（去除空格、统一全角半角）识别为“${org.name}”`,
              written,
              district,
            );
      return { assignee: { type: 'organisation', id: org.id, key, name: org.name }, warning };
    }
    const alias = this.aliasByKey.get(key);
    if (alias) {
      const base = aliasMatchWarning({ name: written, matched: alias.name, district });
      return {
        assignee: { type: 'organisation', id: alias.id, key: normaliseName(alias.name), name: alias.name },
        warning: { ...base, message: `${district}${context}“${written}”按别名识别为“${alias.name}”` },
      };
    }
    const existing = this.created.get(key);
    if (existing)
      return { assignee: { type: 'organisation', id: null, key, name: existing.name }, warning: null };
    const canonical = name.replace(/\s+/gu, '');
    const kind = inferOrganisationKind(canonical);
    this.created.set(key, { key, name: canonical, kind });
    const base = unmatchedNameWarning({ name: written, context, district });
    return {
      assignee: { type: 'organisation', id: null, key, name: canonical },
      warning: {
        ...base,
        message:
          `${district}${context}“${written}”未找到对应单位，已在${district}新建单位“${canonical}”` +
          `（类型：${ORGANISATION_KIND_LABEL[kind]}）。请核对名称；若是已有单位的另一种写法，请在单位参考表中添加别名后重新导入`,
      },
    };
  }
}

function info(message: string, name: string, district: string): Warning {
  return { code: 'ALIAS_MATCH', severity: WARNING_SEVERITY.ALIAS_MATCH, message, indicator: name, district };
}

/**
 * The text of an assignee cell that a name came from, with its stray spaces: splitUnitList joins
 * "区人力 社保局" into "区人力社保局"; the message and assignee_text keep what the document wrote.
 * @example writtenForm('区人力 社保局', '区人力社保局') // '区人力 社保局'
 */
export function writtenForm(cell: string, name: string): string {
  if (cell.includes(name)) return name;
  const pattern = [...name].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')).join('\\s*');
  const m = new RegExp(pattern, 'u').exec(cell);
  return m ? m[0] : name;
}
