import type DataLoader from 'dataloader';
import { PREPARED } from '../../db/prepared';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { TenantScope } from '../../auth/viewer';
import { loaderById, loaderOfChildren, whereInScope } from '../../db/scoped';
import { Duty, DutyAssignment, DutyTarget, ResponsibilityItem } from './duty.entity';

/**
 * Loaders of the duty module, within the request's district scope. Which duties an organisation
 * role may read is decided where duties are listed (duty.service.ts, the responsibility matrix,
 * Organisation.duties); these loaders serve the rows hanging off a duty already read.
 */
export interface DutyLoaders {
  dutyById: DataLoader<string, Duty | null>;
  /** Responsibility items of a duty, by their number. */
  itemsOfDuty: DataLoader<string, ResponsibilityItem[]>;
  /** Assignments of a duty: lead first, then in the document's order. */
  assignmentsOfDuty: DataLoader<string, DutyAssignment[]>;
  /** Yearly targets of a duty, by year. */
  targetsOfDuty: DataLoader<string, DutyTarget[]>;
}

export function createDutyLoaders(db: () => EntityManager, scope: TenantScope): DutyLoaders {
  const scoped = <T extends ObjectLiteral>(entity: new () => T, alias: string) =>
    whereInScope(
      db().getRepository(entity).createQueryBuilder(alias).comment(PREPARED),
      `${alias}.districtId`,
      scope,
    );
  return {
    dutyById: loaderById((ids) => scoped(Duty, 'd').andWhere('d.id = ANY(:ids)', { ids }).getMany()),
    itemsOfDuty: loaderOfChildren(
      (dutyIds) =>
        scoped(ResponsibilityItem, 'r')
          .andWhere('r.dutyId = ANY(:dutyIds)', { dutyIds })
          .orderBy('r.seq')
          .getMany(),
      (item) => item.dutyId,
    ),
    assignmentsOfDuty: loaderOfChildren(
      (dutyIds) =>
        scoped(DutyAssignment, 'a')
          .andWhere('a.dutyId = ANY(:dutyIds)', { dutyIds })
          // 'COOPERATING' < 'LEAD': descending puts the lead unit first.
          .orderBy('a.role', 'DESC')
          .addOrderBy('a.sortOrder')
          .addOrderBy('a.id')
          .getMany(),
      (assignment) => assignment.dutyId,
    ),
    targetsOfDuty: loaderOfChildren(
      (dutyIds) =>
        scoped(DutyTarget, 't').andWhere('t.dutyId = ANY(:dutyIds)', { dutyIds }).orderBy('t.year').getMany(),
      (target) => target.dutyId,
    ),
  };
}
