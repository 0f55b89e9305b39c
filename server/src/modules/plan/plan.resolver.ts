import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { PageArgs, type Page } from '../../graphql/pagination';
import { District } from '../district/district.entity';
import { allocationMatrix } from './allocation.service';
import { AllocationMatrix } from './allocation.types';
import { Indicator, Plan } from './plan.entity';
import { getPlan, listPlans, planDistrict, planIndicators } from './plan.service';
import { PlanConnection, PlanFilter } from './plan.types';

@Resolver(() => Plan)
export class PlanResolver {
  @Query(() => PlanConnection, { description: '计划列表：市级计划所有用户可见；区县计划限本区县。' })
  plans(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => PlanFilter, { nullable: true }) filter: PlanFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<Page<Plan>> {
    return listPlans(ctx, filter, page);
  }

  @Query(() => Plan, {
    nullable: true,
    description: '计划详情（不在可见范围内时为 NOT_FOUND）。',
  })
  plan(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Plan> {
    return getPlan(ctx, id);
  }

  @Query(() => AllocationMatrix, {
    description: '目标分配矩阵：当前用户可见的每个区县一行，每个指标一列，附合计与规则提示。',
  })
  allocationMatrix(
    @Ctx() ctx: RequestContext,
    @Arg('planId', () => ID) planId: string,
    @Arg('year', () => Int) year: number,
  ): Promise<AllocationMatrix> {
    return allocationMatrix(ctx, planId, year);
  }

  @FieldResolver(() => District, { nullable: true, description: 'The district of a district plan.' })
  district(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<District | null> | null {
    return planDistrict(ctx, plan);
  }

  @FieldResolver(() => [Indicator], { description: 'Indicators in the document’s order.' })
  indicators(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<Indicator[]> {
    return planIndicators(ctx, plan);
  }
}

@Resolver(() => Indicator)
export class IndicatorResolver {
  @FieldResolver(() => Indicator, {
    nullable: true,
    description: 'The indicator this one is "of which" (其中).',
  })
  parent(@Root() indicator: Indicator, @Ctx() ctx: RequestContext): Promise<Indicator | null> | null {
    return indicator.parentId ? ctx.loaders.indicatorById.load(indicator.parentId) : null;
  }

  @FieldResolver(() => Indicator, {
    nullable: true,
    description: 'For CEILING: the indicator the ceiling is a share of.',
  })
  ceilingOf(@Root() indicator: Indicator, @Ctx() ctx: RequestContext): Promise<Indicator | null> | null {
    return indicator.ceilingOfId ? ctx.loaders.indicatorById.load(indicator.ceilingOfId) : null;
  }

  @FieldResolver(() => Plan)
  async plan(@Root() indicator: Indicator, @Ctx() ctx: RequestContext): Promise<Plan | null> {
    return ctx.loaders.planById.load(indicator.planId);
  }
}
