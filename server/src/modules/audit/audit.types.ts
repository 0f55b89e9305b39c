import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination';
import { AuditEvent } from './audit.entity';

@InputType({ description: '操作日志筛选条件（均可省略；结果始终限于当前用户可读的区县）' })
export class AuditEventFilter {
  @Field(() => String, { nullable: true, description: 'DUTY, DUTY_TARGET, USER, GRANT, IMPORT_RUN, …' })
  entityType?: string | null;

  @Field(() => String, { nullable: true })
  entityId?: string | null;

  @Field(() => String, { nullable: true, description: 'CREATE, UPDATE, DELETE, IMPORT, …' })
  action?: string | null;

  @Field(() => ID, { nullable: true })
  actorUserId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Events at or after this time.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Events before this time.' })
  to?: Date | null;
}

@ObjectType({ description: '操作日志（分页，最新在前）' })
export class AuditEventConnection extends ConnectionType(AuditEvent) {}
