import DataLoader from 'dataloader';
import { PREPARED, prepared } from '../../db/prepared';
import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../../auth/viewer';
import {
  batchOptions,
  categoryMatches,
  dutyVisibleCondition,
  loaderById,
  loaderOfChildren,
  rawQuery,
  tenantCondition,
  whereInScope,
  type ReadAccess,
} from '../../db/scoped';
import { DutyAssignment, type AssignmentRole } from '../duty/duty.entity';
import type { OrganisationCategory } from './organisation.entity';
import { Organisation, OrganisationAlias } from './organisation.entity';

/**
 * Key of {@link OrganisationLoaders.assignmentsOfOrganisation}: which duties of an organisation a
 * viewer sees depends on the viewer's grants, which the loader factory does not receive; the
 * resolver passes the request's access with the key (every key of a batch comes from one request).
 */
export interface OrganisationAssignmentsKey {
  organisationId: string;
  access: ReadAccess;
}

/** Loaders of the organisation module. Each reads within the request's scope. */
export interface OrganisationLoaders {
  /** Organisation by id; city-level organisations are readable by every signed-in user. */
  organisationById: DataLoader<string, Organisation | null>;
  /** Aliases of an organisation, alphabetical. */
  aliasesOfOrganisation: DataLoader<string, OrganisationAlias[]>;
  /**
   * The duty assignments of an organisation: where it leads or cooperates, directly or, on
   * enterprise and institution lists, through its category; only duties the viewer may read.
   */
  assignmentsOfOrganisation: DataLoader<OrganisationAssignmentsKey, DutyAssignment[], string>;
  /**
   * How many duties an organisation leads or cooperates on (as above), whether or not the viewer may
   * read them: lets a viewer who sees fewer know that the rest exist. Within the request's scope.
   */
  dutyCountOfOrganisation: DataLoader<string, number>;
}

interface AssignmentRow {
  forOrganisationId: string;
  id: string;
  dutyId: string;
  districtId: string;
  role: AssignmentRole;
  organisationId: string | null;
  category: OrganisationCategory | null;
  assigneeText: string;
  sortOrder: number;
}

export function createOrganisationLoaders(db: () => EntityManager, scope: TenantScope): OrganisationLoaders {
  return {
    organisationById: loaderById((ids) =>
      whereInScope(
        db()
          .getRepository(Organisation)
          .createQueryBuilder('o')
          .comment(PREPARED)
          .where('o.id = ANY(:ids)', { ids }),
        'o.districtId',
        scope,
        { cityLevel: true },
      ).getMany(),
    ),

    aliasesOfOrganisation: loaderOfChildren(
      (ids) =>
        whereInScope(
          db()
            .getRepository(OrganisationAlias)
            .createQueryBuilder('a')
            .comment(PREPARED)
            .where('a.organisationId = ANY(:ids)', { ids })
            .orderBy('a.alias'),
          'a.districtId',
          scope,
          { cityLevel: true },
        ).getMany(),
      (alias) => alias.organisationId,
    ),

    assignmentsOfOrganisation: new DataLoader<OrganisationAssignmentsKey, DutyAssignment[], string>(
      async (keys) => {
        const ids = [...new Set(keys.map((k) => k.organisationId))];
        const access = keys[0]!.access;
        const [tenantSql, tenantParams] = tenantCondition('a.district_id', scope);
        const [visibleSql, visibleParams] = dutyVisibleCondition('d', access);
        // One row per (organisation, assignment): an assignment to a category belongs to every
        // organisation of that category in the duty's district. The organisations are read first
        // and each joins only its own assignments (by organisation, or by category in its
        // district): joining every assignment of the district before filtering read millions of
        // rows at 100x the data. The two branches are disjoint (an assignment names either an
        // organisation or a category, never both).
        const columns = `o.id AS "forOrganisationId", a.id, a.duty_id AS "dutyId",
                  a.district_id AS "districtId", a.role, a.organisation_id AS "organisationId", a.category,
                  a.assignee_text AS "assigneeText", a.sort_order AS "sortOrder",
                  d.plan_id AS "planId", d.list_kind AS "listKind", d.sort_order AS "dutySortOrder"`;
        const where = `${tenantSql} AND ${visibleSql}`;
        const rows = await rawQuery<
          AssignmentRow & { planId: string; listKind: string; dutySortOrder: number }
        >(
          db(),
          prepared(`WITH o AS (
             SELECT id, district_id, category, kind FROM organisation
              WHERE id = ANY(CAST(:ids AS uuid[])) AND district_id IS NOT NULL
           )
           SELECT * FROM (
             SELECT ${columns}
               FROM o
               JOIN duty_assignment a ON a.organisation_id = o.id AND a.district_id = o.district_id
               JOIN duty d ON d.id = a.duty_id
              WHERE ${where}
             UNION ALL
             SELECT ${columns}
               FROM o
               JOIN duty_assignment a ON a.district_id = o.district_id AND a.category IS NOT NULL
                AND ${categoryMatches('a', 'o')}
               JOIN duty d ON d.id = a.duty_id AND d.list_kind IN ('ENTERPRISE', 'INSTITUTION')
              WHERE ${where}
           ) x
           ORDER BY "planId", "listKind", "dutySortOrder", "sortOrder", id`),
          { ids, ...tenantParams, ...visibleParams },
        );
        // Append in place: copying the group on every row was quadratic in the group's size.
        const groups = new Map<string, DutyAssignment[]>();
        for (const row of rows) {
          const { forOrganisationId, planId: _p, listKind: _l, dutySortOrder: _s, ...fields } = row;
          const assignment = Object.assign(new DutyAssignment(), fields);
          const group = groups.get(forOrganisationId);
          if (group) group.push(assignment);
          else groups.set(forOrganisationId, [assignment]);
        }
        return keys.map((k) => groups.get(k.organisationId) ?? []);
      },
      { ...batchOptions, cacheKeyFn: (key) => key.organisationId },
    ),

    dutyCountOfOrganisation: new DataLoader<string, number>(async (ids) => {
      const [tenantSql, tenantParams] = tenantCondition('a.district_id', scope);
      const rows = await rawQuery<{ id: string; count: string }>(
        db(),
        `SELECT o.id, COUNT(DISTINCT a.duty_id) AS count
           FROM organisation o
           JOIN duty_assignment a ON a.district_id = o.district_id
           JOIN duty d ON d.id = a.duty_id
          WHERE o.id = ANY(CAST(:ids AS uuid[]))
            AND (a.organisation_id = o.id
              OR (a.category IS NOT NULL AND d.list_kind IN ('ENTERPRISE', 'INSTITUTION')
                  AND ${categoryMatches('a', 'o')}))
            AND ${tenantSql}
          GROUP BY o.id`,
        { ids: [...ids], ...tenantParams },
      );
      const counts = new Map(rows.map((r) => [r.id, Number(r.count)]));
      return ids.map((id) => counts.get(id) ?? 0);
    }, batchOptions),
  };
}
