import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { PageArgs, type Page } from '../../graphql/pagination';
import { District } from '../district/district.entity';
import { DutyAssignment } from '../duty/duty.entity';
import { Qualification } from '../qualification/qualification.entity';
import { qualificationsOfOrganisation } from '../qualification/qualification.service';
import { Organisation, OrganisationAlias } from './organisation.entity';
import {
  getOrganisation,
  listOrganisations,
  organisationAliases,
  organisationAssignments,
  organisationDutyCount,
} from './organisation.service';
import { OrganisationConnection, OrganisationFilter } from './organisation.types';

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => OrganisationConnection, {
    description: '单位列表：市级用户看全部；其他用户看其可见区县的单位及市级单位。',
  })
  organisations(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => OrganisationFilter, { nullable: true }) filter: OrganisationFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<Page<Organisation>> {
    return listOrganisations(ctx, filter, page);
  }

  @Query(() => Organisation, {
    nullable: true,
    description: '单位详情（不在可见范围内时为 NOT_FOUND）。',
  })
  organisation(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Organisation> {
    return getOrganisation(ctx, id);
  }

  @FieldResolver(() => District, { nullable: true, description: 'Null for city-level bodies.' })
  district(@Root() organisation: Organisation, @Ctx() ctx: RequestContext): Promise<District | null> | null {
    return organisation.districtId ? ctx.loaders.districtById.load(organisation.districtId) : null;
  }

  @FieldResolver(() => [OrganisationAlias])
  aliases(@Root() organisation: Organisation, @Ctx() ctx: RequestContext): Promise<OrganisationAlias[]> {
    return organisationAliases(ctx, organisation);
  }

  @FieldResolver(() => [DutyAssignment], {
    description:
      'Duties where this organisation leads or cooperates, directly or (enterprise and institution lists) through its category; only duties the viewer may read.',
  })
  duties(@Root() organisation: Organisation, @Ctx() ctx: RequestContext): Promise<DutyAssignment[]> {
    return organisationAssignments(ctx, organisation);
  }

  @FieldResolver(() => Int, {
    description:
      'Number of duties where this organisation leads or cooperates, counted whether or not the viewer may read them (duties shows only those the viewer may read).',
  })
  dutyCount(@Root() organisation: Organisation, @Ctx() ctx: RequestContext): Promise<number> {
    return organisationDutyCount(ctx, organisation);
  }

  @FieldResolver(() => [Qualification])
  qualifications(@Root() organisation: Organisation, @Ctx() ctx: RequestContext): Promise<Qualification[]> {
    return qualificationsOfOrganisation(ctx, organisation);
  }
}
