import type DataLoader from 'dataloader';
import { PREPARED } from '../../db/prepared';
import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../../auth/viewer';
import { loaderOfChildren, whereInScope } from '../../db/scoped';
import { DutyTargetChange } from './duty-target-change.entity';

export interface DutyUpkeepLoaders {
  /** Target history of a duty, newest first. */
  targetChangesOfDuty: DataLoader<string, DutyTargetChange[]>;
}

export function createDutyUpkeepLoaders(db: () => EntityManager, scope: TenantScope): DutyUpkeepLoaders {
  return {
    targetChangesOfDuty: loaderOfChildren(
      (dutyIds) =>
        whereInScope(
          db().getRepository(DutyTargetChange).createQueryBuilder('c').comment(PREPARED),
          'c.districtId',
          scope,
        )
          .andWhere('c.dutyId = ANY(:dutyIds)', { dutyIds })
          .orderBy('c.changedAt', 'DESC')
          .addOrderBy('c.id', 'DESC')
          .getMany(),
      (change) => change.dutyId,
    ),
  };
}
