import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { PageArgs, type Page } from '../../graphql/pagination';
import { District } from '../district/district.entity';
import { AuditEvent } from './audit.entity';
import { listAuditEvents } from './audit.query';
import { AuditEventConnection, AuditEventFilter } from './audit.types';

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Query(() => AuditEventConnection, {
    description:
      '操作日志（最新在前）：市级管理员看全部；区县管理员和只读用户看本区县；单位角色无权查看。日志只能由各操作写入，不能修改或删除。',
  })
  auditEvents(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter: AuditEventFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<Page<AuditEvent>> {
    return listAuditEvents(ctx, filter, page);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Display name of the actor; null for the system (import command, seed).',
  })
  actorName(@Root() event: AuditEvent, @Ctx() ctx: RequestContext): Promise<string | null> | null {
    return event.actorUserId ? ctx.loaders.userDisplayName.load(event.actorUserId) : null;
  }

  @FieldResolver(() => District, { nullable: true })
  district(@Root() event: AuditEvent, @Ctx() ctx: RequestContext): Promise<District | null> | null {
    return event.districtId ? ctx.loaders.districtById.load(event.districtId) : null;
  }
}
