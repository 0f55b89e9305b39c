import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { Indicator } from '../plan/plan.entity';
import { AssessmentCriterion } from './assessment.entity';
import { criteriaOfPlan } from './assessment.service';
import { AssessmentAdjustment, AssessmentAdjustmentInput, adjustAssessmentScore } from './adjustment.service';

@Resolver(() => AssessmentCriterion)
export class AssessmentResolver {
  @Query(() => [AssessmentCriterion], { description: '计划的考核标准（计划不在可见范围内时为 NOT_FOUND）。' })
  assessmentCriteria(
    @Ctx() ctx: RequestContext,
    @Arg('planId', () => ID) planId: string,
  ): Promise<AssessmentCriterion[]> {
    return criteriaOfPlan(ctx, planId);
  }

  @Mutation(() => AssessmentAdjustment, {
    description:
      '人工调整某项考核得分（须填理由，记入审计日志）：区县得分由市级、单位得分由本区县管理员调整。',
  })
  adjustAssessmentScore(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AssessmentAdjustmentInput) input: AssessmentAdjustmentInput,
  ): Promise<AssessmentAdjustment> {
    return adjustAssessmentScore(ctx, input);
  }

  @FieldResolver(() => Indicator, { nullable: true, description: 'The indicator the criterion measures.' })
  indicator(
    @Root() criterion: AssessmentCriterion,
    @Ctx() ctx: RequestContext,
  ): Promise<Indicator | null> | null {
    return criterion.indicatorId ? ctx.loaders.indicatorById.load(criterion.indicatorId) : null;
  }
}
