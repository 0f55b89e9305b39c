import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { District } from '../district/district.entity';
import { CatalogueEntry } from './catalogue.entity';
import { catalogueOfPlan } from './catalogue.service';

@Resolver(() => CatalogueEntry)
export class CatalogueResolver {
  @Query(() => [CatalogueEntry], { description: '项目制培训目录（计划不在可见范围内时为 NOT_FOUND）。' })
  catalogue(@Ctx() ctx: RequestContext, @Arg('planId', () => ID) planId: string): Promise<CatalogueEntry[]> {
    return catalogueOfPlan(ctx, planId);
  }

  @FieldResolver(() => District)
  async district(@Root() entry: CatalogueEntry, @Ctx() ctx: RequestContext): Promise<District | null> {
    return ctx.loaders.districtById.load(entry.districtId);
  }
}
