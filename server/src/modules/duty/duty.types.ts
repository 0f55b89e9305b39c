import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination';
import { Duty, DutyListKind } from './duty.entity';

@InputType({ description: '重点工作筛选条件（结果始终限于当前用户可见的重点工作）' })
export class DutyFilter {
  @Field(() => ID, { nullable: true })
  planId?: string | null;

  @Field(() => DutyListKind, { nullable: true })
  listKind?: DutyListKind | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only duties where this organisation leads or cooperates, directly or (enterprise and institution lists) through its category.',
  })
  organisationId?: string | null;
}

@ObjectType({ description: '重点工作列表（分页）' })
export class DutyConnection extends ConnectionType(Duty) {}
