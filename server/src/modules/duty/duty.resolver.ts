import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { PageArgs, type Page } from '../../graphql/pagination';
import { District } from '../district/district.entity';
import { Organisation } from '../organisation/organisation.entity';
import { Indicator, Plan } from '../plan/plan.entity';
import { Duty, DutyAssignment, DutyListKind, DutyTarget, ResponsibilityItem } from './duty.entity';
import { getDuty, listDuties } from './duty.service';
import { DutyConnection, DutyFilter } from './duty.types';
import { responsibilityMatrix } from './responsibility.service';
import { ResponsibilityMatrix } from './responsibility.types';

@Resolver(() => Duty)
export class DutyResolver {
  @Query(() => DutyConnection, {
    description: '重点工作列表：单位用户只看本单位牵头或配合的重点工作；区县用户看本区县；市级用户看全部。',
  })
  duties(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => DutyFilter, { nullable: true }) filter: DutyFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<Page<Duty>> {
    return listDuties(ctx, filter, page);
  }

  @Query(() => Duty, {
    nullable: true,
    description: '重点工作详情（不可见时为 NOT_FOUND）。',
  })
  duty(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Duty> {
    return getDuty(ctx, id);
  }

  @Query(() => ResponsibilityMatrix, { description: '责任矩阵：区县计划某一清单的重点工作 × 责任单位。' })
  responsibilityMatrix(
    @Ctx() ctx: RequestContext,
    @Arg('planId', () => ID) planId: string,
    @Arg('listKind', () => DutyListKind) listKind: DutyListKind,
  ): Promise<ResponsibilityMatrix> {
    return responsibilityMatrix(ctx, planId, listKind);
  }

  @FieldResolver(() => Plan)
  async plan(@Root() duty: Duty, @Ctx() ctx: RequestContext): Promise<Plan | null> {
    return ctx.loaders.planById.load(duty.planId);
  }

  @FieldResolver(() => District)
  async district(@Root() duty: Duty, @Ctx() ctx: RequestContext): Promise<District | null> {
    return ctx.loaders.districtById.load(duty.districtId);
  }

  @FieldResolver(() => [ResponsibilityItem], { description: 'The 责任清单, by number.' })
  items(@Root() duty: Duty, @Ctx() ctx: RequestContext): Promise<ResponsibilityItem[]> {
    return ctx.loaders.itemsOfDuty.load(duty.id);
  }

  @FieldResolver(() => [DutyTarget], { description: 'Yearly targets, by year.' })
  targets(@Root() duty: Duty, @Ctx() ctx: RequestContext): Promise<DutyTarget[]> {
    return ctx.loaders.targetsOfDuty.load(duty.id);
  }

  @FieldResolver(() => [DutyAssignment], { description: 'Lead unit first, then cooperating units.' })
  assignments(@Root() duty: Duty, @Ctx() ctx: RequestContext): Promise<DutyAssignment[]> {
    return ctx.loaders.assignmentsOfDuty.load(duty.id);
  }
}

@Resolver(() => DutyAssignment)
export class DutyAssignmentResolver {
  @FieldResolver(() => Duty)
  async duty(@Root() assignment: DutyAssignment, @Ctx() ctx: RequestContext): Promise<Duty | null> {
    return ctx.loaders.dutyById.load(assignment.dutyId);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'Null for an assignment to a category.' })
  organisation(
    @Root() assignment: DutyAssignment,
    @Ctx() ctx: RequestContext,
  ): Promise<Organisation | null> | null {
    return assignment.organisationId ? ctx.loaders.organisationById.load(assignment.organisationId) : null;
  }
}

@Resolver(() => DutyTarget)
export class DutyTargetResolver {
  @FieldResolver(() => Indicator, { nullable: true, description: 'The indicator the target counts toward.' })
  indicator(@Root() target: DutyTarget, @Ctx() ctx: RequestContext): Promise<Indicator | null> | null {
    return target.indicatorId ? ctx.loaders.indicatorById.load(target.indicatorId) : null;
  }
}
