import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { Duty } from './duty.entity';
import { DutyTargetChange } from './duty-target-change.entity';
import { removeDutyTarget, setDutyTarget, updateDuty } from './duty-upkeep.service';
import { RemoveDutyTargetInput, SetDutyTargetInput, UpdateDutyInput } from './duty-upkeep.types';

@Resolver(() => Duty)
export class DutyUpkeepResolver {
  @Mutation(() => Duty, {
    description: '修改重点工作（名称、责任清单、牵头和配合单位）。仅本区县管理员；需给出版本号。',
  })
  updateDuty(@Ctx() ctx: RequestContext, @Arg('input') input: UpdateDutyInput): Promise<Duty> {
    return updateDuty(ctx, input);
  }

  @Mutation(() => Duty, { description: '设置重点工作某年目标（需填写原因，保留修改记录）。仅本区县管理员。' })
  setDutyTarget(@Ctx() ctx: RequestContext, @Arg('input') input: SetDutyTargetInput): Promise<Duty> {
    return setDutyTarget(ctx, input);
  }

  @Mutation(() => Duty, { description: '删除重点工作某年目标（需填写原因，保留修改记录）。仅本区县管理员。' })
  removeDutyTarget(@Ctx() ctx: RequestContext, @Arg('input') input: RemoveDutyTargetInput): Promise<Duty> {
    return removeDutyTarget(ctx, input);
  }

  @FieldResolver(() => [DutyTargetChange], { description: 'Changes of the yearly targets, newest first.' })
  targetHistory(@Root() duty: Duty, @Ctx() ctx: RequestContext): Promise<DutyTargetChange[]> {
    return ctx.loaders.targetChangesOfDuty.load(duty.id);
  }
}

@Resolver(() => DutyTargetChange)
export class DutyTargetChangeResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Who changed it; null for an import without a user.',
  })
  changedByName(@Root() change: DutyTargetChange, @Ctx() ctx: RequestContext): Promise<string | null> | null {
    return change.changedBy ? ctx.loaders.userDisplayName.load(change.changedBy) : null;
  }
}
