import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { Indicator } from '../plan/plan.entity';
import { AssessmentCriterion } from './assessment.entity';
import { criteriaOfPlan } from './assessment.service';

@Resolver(() => AssessmentCriterion)
export class AssessmentResolver {
  @Query(() => [AssessmentCriterion], { description: '计划的考核标准（计划不在可见范围内时为 NOT_FOUND）。' })
  assessmentCriteria(
    @Ctx() ctx: RequestContext,
    @Arg('planId', () => ID) planId: string,
  ): Promise<AssessmentCriterion[]> {
    return criteriaOfPlan(ctx, planId);
  }

  @FieldResolver(() => Indicator, { nullable: true, description: 'The indicator the criterion measures.' })
  indicator(
    @Root() criterion: AssessmentCriterion,
    @Ctx() ctx: RequestContext,
  ): Promise<Indicator | null> | null {
    return criterion.indicatorId ? ctx.loaders.indicatorById.load(criterion.indicatorId) : null;
  }
}
