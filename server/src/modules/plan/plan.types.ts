import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination';
import { Plan, PlanLevel } from './plan.entity';

@InputType({ description: '计划筛选条件（结果始终限于当前用户可见的计划）' })
export class PlanFilter {
  @Field(() => PlanLevel, { nullable: true })
  level?: PlanLevel | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only this district’s plans (outside the viewer’s scope: none).',
  })
  districtId?: string | null;
}

@ObjectType({ description: '计划列表（分页）' })
export class PlanConnection extends ConnectionType(Plan) {}
