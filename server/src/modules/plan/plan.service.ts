import type { RequestContext } from '../../context/context';
import { assertUuidArgument, findOneInScope, whereInScope } from '../../db/scoped';
import { paginate, type Page, type PageArgs } from '../../graphql/pagination';
import type { District } from '../district/district.entity';
import { Plan, type Indicator } from './plan.entity';
import type { PlanFilter } from './plan.types';

/**
 * Lists plans: city plans (shared reference data) for every signed-in user, district plans of the
 * viewer's districts. Ordered city first, then newest start year, then code.
 */
export function listPlans(
  ctx: RequestContext,
  filter: PlanFilter | undefined,
  page: PageArgs,
): Promise<Page<Plan>> {
  const qb = ctx.db.getRepository(Plan).createQueryBuilder('p');
  whereInScope(qb, 'p.districtId', ctx.scope, { cityLevel: true });
  if (filter?.level) qb.andWhere('p.level = :level', { level: filter.level });
  if (filter?.districtId) {
    assertUuidArgument(filter.districtId, 'districtId');
    qb.andWhere('p.districtId = :districtId', { districtId: filter.districtId });
  }
  return paginate(qb, {
    kind: 'plans',
    page,
    keys: [
      { column: 'p.level', direction: 'ASC', type: 'string', value: (p) => p.level },
      { column: 'p.startYear', direction: 'DESC', type: 'number', value: (p) => p.startYear },
      { column: 'p.code', direction: 'ASC', type: 'string', value: (p) => p.code },
      { column: 'p.id', direction: 'ASC', type: 'string', value: (p) => p.id },
    ],
  });
}

/** One plan: a city plan, or a district plan of the viewer's districts (else NOT_FOUND). */
export function getPlan(ctx: RequestContext, id: string): Promise<Plan> {
  return findOneInScope(ctx, Plan, id, { cityLevel: true });
}

/** Indicators of a plan in the document's order (batched). */
export function planIndicators(ctx: RequestContext, plan: Plan): Promise<Indicator[]> {
  return ctx.loaders.indicatorsOfPlan.load(plan.id);
}

/** The district of a district plan (batched); null for a city plan. */
export function planDistrict(ctx: RequestContext, plan: Plan): Promise<District | null> | null {
  return plan.districtId ? ctx.loaders.districtById.load(plan.districtId) : null;
}
