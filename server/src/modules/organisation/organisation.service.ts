import type { RequestContext } from '../../context/context';
import { assertUuidArgument, findOneInScope, readAccess, whereInScope } from '../../db/scoped';
import { BadInputError } from '../../graphql/errors';
import { paginate, type Page, type PageArgs } from '../../graphql/pagination';
import type { DutyAssignment } from '../duty/duty.entity';
import { Organisation, type OrganisationAlias } from './organisation.entity';
import type { OrganisationFilter } from './organisation.types';

/** Longest search text accepted. */
const MAX_SEARCH_LENGTH = 100;

/** `%` and `_` typed by a user are literal characters, not LIKE wildcards. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Lists organisations within the viewer's scope: every organisation for the city; for others the
 * organisations of their readable districts plus city-level ones. A districtId outside the scope
 * simply matches nothing (the filter is AND-ed with the scope, never replaces it).
 * Ordered by name, then id.
 */
export async function listOrganisations(
  ctx: RequestContext,
  filter: OrganisationFilter | undefined,
  page: PageArgs,
): Promise<Page<Organisation>> {
  const qb = ctx.db.getRepository(Organisation).createQueryBuilder('o');
  whereInScope(qb, 'o.districtId', ctx.scope, { cityLevel: true });
  if (filter?.kind) qb.andWhere('o.kind = :kind', { kind: filter.kind });
  if (filter?.category) qb.andWhere('o.category = :category', { category: filter.category });
  if (filter?.districtId) {
    assertUuidArgument(filter.districtId, 'districtId');
    qb.andWhere('o.districtId = :districtId', { districtId: filter.districtId });
  }
  if (filter?.cityLevel === true) qb.andWhere('o.districtId IS NULL');
  if (filter?.cityLevel === false) qb.andWhere('o.districtId IS NOT NULL');
  const search = filter?.search?.trim();
  if (search) {
    if (search.length > MAX_SEARCH_LENGTH) {
      throw new BadInputError(`搜索内容不能超过 ${MAX_SEARCH_LENGTH} 个字`, { argument: 'search' });
    }
    qb.andWhere(
      `(o.name ILIKE :search OR EXISTS (
         SELECT 1 FROM organisation_alias sa WHERE sa.organisation_id = o.id AND sa.alias ILIKE :search))`,
      { search: likePattern(search) },
    );
  }
  return paginate(qb, {
    kind: 'organisations',
    page,
    keys: [
      { column: 'o.name', direction: 'ASC', type: 'string', value: (o) => o.name },
      { column: 'o.id', direction: 'ASC', type: 'string', value: (o) => o.id },
    ],
  });
}

/** One organisation in the viewer's scope; another district's organisation is NOT_FOUND. */
export function getOrganisation(ctx: RequestContext, id: string): Promise<Organisation> {
  return findOneInScope(ctx, Organisation, id, { cityLevel: true });
}

/** Aliases of an organisation (batched). */
export function organisationAliases(
  ctx: RequestContext,
  organisation: Organisation,
): Promise<OrganisationAlias[]> {
  return ctx.loaders.aliasesOfOrganisation.load(organisation.id);
}

/**
 * The duty assignments of an organisation the viewer may read (batched): for a department head,
 * only the duties their own organisation shares with it.
 */
export function organisationAssignments(
  ctx: RequestContext,
  organisation: Organisation,
): Promise<DutyAssignment[]> {
  return ctx.loaders.assignmentsOfOrganisation.load({
    organisationId: organisation.id,
    access: readAccess(ctx),
  });
}

/**
 * How many duties the organisation leads or cooperates on, visible to the viewer or not (a count
 * within the viewer's district scope; the duties themselves stay hidden).
 */
export function organisationDutyCount(ctx: RequestContext, organisation: Organisation): Promise<number> {
  return ctx.loaders.dutyCountOfOrganisation.load(organisation.id);
}
