import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { CatalogueEntry } from '../catalogue/catalogue.entity';
import { Organisation } from '../organisation/organisation.entity';
import { Qualification } from './qualification.entity';
import { qualificationsByOrganisationId } from './qualification.service';

@Resolver(() => Qualification)
export class QualificationResolver {
  @Query(() => [Qualification], { description: '单位资质（单位不在可见范围内时为 NOT_FOUND）。' })
  qualifications(
    @Ctx() ctx: RequestContext,
    @Arg('organisationId', () => ID) organisationId: string,
  ): Promise<Qualification[]> {
    return qualificationsByOrganisationId(ctx, organisationId);
  }

  @FieldResolver(() => Organisation)
  async organisation(
    @Root() qualification: Qualification,
    @Ctx() ctx: RequestContext,
  ): Promise<Organisation | null> {
    return ctx.loaders.organisationById.load(qualification.organisationId);
  }

  @FieldResolver(() => CatalogueEntry, { nullable: true, description: 'For APPROVED_OCCUPATION.' })
  catalogueEntry(
    @Root() qualification: Qualification,
    @Ctx() ctx: RequestContext,
  ): Promise<CatalogueEntry | null> | null {
    return qualification.catalogueEntryId
      ? ctx.loaders.catalogueEntryById.load(qualification.catalogueEntryId)
      : null;
  }
}
