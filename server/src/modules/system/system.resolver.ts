import { Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { SystemStatus } from './system.types';
import { systemStatus } from './system.service';

@Resolver()
export class SystemResolver {
  @Query(() => SystemStatus, { description: 'Version of the server and state of its database.' })
  systemStatus(@Ctx() ctx: RequestContext): Promise<SystemStatus> {
    return systemStatus(ctx);
  }
}
