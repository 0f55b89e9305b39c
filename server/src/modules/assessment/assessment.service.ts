import type { RequestContext } from '../../context/context';
import { whereInScope } from '../../db/scoped';
import { getPlan } from '../plan/plan.service';
import { AssessmentCriterion } from './assessment.entity';

/**
 * The assessment criteria (考核标准) of a plan: the plan must be readable (else NOT_FOUND); the
 * criteria are the city's (no district) and those of the viewer's districts.
 */
export async function criteriaOfPlan(ctx: RequestContext, planId: string): Promise<AssessmentCriterion[]> {
  const plan = await getPlan(ctx, planId);
  const qb = ctx.db
    .getRepository(AssessmentCriterion)
    .createQueryBuilder('c')
    .where('c.planId = :planId', { planId: plan.id });
  return whereInScope(qb, 'c.districtId', ctx.scope, { cityLevel: true })
    .orderBy('c.name')
    .addOrderBy('c.id')
    .getMany();
}
