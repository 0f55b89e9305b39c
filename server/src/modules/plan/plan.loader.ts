import type DataLoader from 'dataloader';
import { PREPARED } from '../../db/prepared';
import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../../auth/viewer';
import { loaderById, loaderOfChildren, whereInScope } from '../../db/scoped';
import { Indicator, Plan } from './plan.entity';

/** Loaders of the plan module. City plans are readable by all; district plans within the scope. */
export interface PlanLoaders {
  planById: DataLoader<string, Plan | null>;
  /** Indicators of a plan, in the document's order. */
  indicatorsOfPlan: DataLoader<string, Indicator[]>;
  /** Indicator by id (the parent of an "of which" indicator, the base of a ceiling). */
  indicatorById: DataLoader<string, Indicator | null>;
}

export function createPlanLoaders(db: () => EntityManager, scope: TenantScope): PlanLoaders {
  // Indicators carry no district: they are read through their plan's scope.
  const indicators = () =>
    whereInScope(
      db()
        .getRepository(Indicator)
        .createQueryBuilder('i')
        .comment(PREPARED)
        .innerJoin(Plan, 'p', 'p.id = i.planId'),
      'p.districtId',
      scope,
      { cityLevel: true },
    );
  const indicatorById = loaderById((ids) => indicators().andWhere('i.id = ANY(:ids)', { ids }).getMany());
  return {
    planById: loaderById((ids) =>
      whereInScope(
        db().getRepository(Plan).createQueryBuilder('p').comment(PREPARED).where('p.id = ANY(:ids)', { ids }),
        'p.districtId',
        scope,
        { cityLevel: true },
      ).getMany(),
    ),
    indicatorsOfPlan: loaderOfChildren(
      async (planIds) => {
        const rows = await indicators()
          .andWhere('i.planId = ANY(:planIds)', { planIds })
          .orderBy('i.sortOrder')
          .addOrderBy('i.code')
          .getMany();
        // The parent and the ceiling base of an indicator are in the same plan: no second read.
        for (const row of rows) indicatorById.prime(row.id, row);
        return rows;
      },
      (indicator) => indicator.planId,
    ),
    indicatorById,
  };
}
