import DataLoader from 'dataloader';
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
        db().getRepository(Organisation).createQueryBuilder('o').where('o.id = ANY(:ids)', { ids }),
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
        // organisation of that category in the duty's district.
        const rows = await rawQuery<AssignmentRow>(
          db(),
          `SELECT o.id AS "forOrganisationId", a.id, a.duty_id AS "dutyId", a.district_id AS "districtId",
                  a.role, a.organisation_id AS "organisationId", a.category,
                  a.assignee_text AS "assigneeText", a.sort_order AS "sortOrder"
             FROM organisation o
             JOIN duty_assignment a ON a.district_id = o.district_id
             JOIN duty d ON d.id = a.duty_id
            WHERE o.id = ANY(CAST(:ids AS uuid[]))
              AND (a.organisation_id = o.id
                OR (a.category IS NOT NULL AND d.list_kind IN ('ENTERPRISE', 'INSTITUTION')
                    AND ${categoryMatches('a', 'o')}))
              AND ${tenantSql}
              AND ${visibleSql}
            ORDER BY d.plan_id, d.list_kind, d.sort_order, a.sort_order, a.id`,
          { ids, ...tenantParams, ...visibleParams },
        );
        const groups = new Map<string, DutyAssignment[]>();
        for (const { forOrganisationId, ...columns } of rows) {
          const assignment = Object.assign(new DutyAssignment(), columns);
          groups.set(forOrganisationId, [...(groups.get(forOrganisationId) ?? []), assignment]);
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
