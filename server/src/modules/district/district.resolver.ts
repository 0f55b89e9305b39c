import { Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { District } from './district.entity';
import { listDistricts } from './district.service';

@Resolver(() => District)
export class DistrictResolver {
  @Query(() => [District], { description: '区县列表（全市共享参考数据），按市级文件顺序。' })
  districts(@Ctx() ctx: RequestContext): Promise<District[]> {
    return listDistricts(ctx);
  }
}
