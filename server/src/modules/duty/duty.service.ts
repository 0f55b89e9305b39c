import type { RequestContext } from '../../context/context';
import {
  assertUuidArgument,
  categoryMatches,
  dutyVisibleCondition,
  findOneInScope,
  readAccess,
  whereInScope,
} from '../../db/scoped';
import { paginate, type Page, type PageArgs } from '../../graphql/pagination';
import { Duty } from './duty.entity';
import type { DutyFilter } from './duty.types';

/**
 * Lists the duties the viewer may read: the city every duty; district admins and viewers their
 * district's; department heads, institution and enterprise admins only the duties where their
 * organisation is assigned (lead or cooperating) or, on enterprise and institution lists, where
 * its category is. Ordered by plan, list, then the document's order.
 */
export function listDuties(
  ctx: RequestContext,
  filter: DutyFilter | undefined,
  page: PageArgs,
): Promise<Page<Duty>> {
  const qb = ctx.db.getRepository(Duty).createQueryBuilder('d');
  whereInScope(qb, 'd.districtId', ctx.scope);
  qb.andWhere(...dutyVisibleCondition('d', readAccess(ctx)));
  if (filter?.planId) {
    assertUuidArgument(filter.planId, 'planId');
    qb.andWhere('d.planId = :planId', { planId: filter.planId });
  }
  if (filter?.listKind) qb.andWhere('d.listKind = :listKind', { listKind: filter.listKind });
  if (filter?.organisationId) {
    assertUuidArgument(filter.organisationId, 'organisationId');
    qb.andWhere(
      `EXISTS (
         SELECT 1 FROM duty_assignment fa
         JOIN organisation fo ON fo.id = :organisationId AND fo.district_id = fa.district_id
         WHERE fa.duty_id = d.id
           AND (fa.organisation_id = fo.id
             OR (d.list_kind IN ('ENTERPRISE', 'INSTITUTION') AND ${categoryMatches('fa', 'fo')})))`,
      { organisationId: filter.organisationId },
    );
  }
  return paginate(qb, {
    kind: 'duties',
    page,
    keys: [
      { column: 'd.planId', direction: 'ASC', type: 'string', value: (d) => d.planId },
      { column: 'd.listKind', direction: 'ASC', type: 'string', value: (d) => d.listKind },
      { column: 'd.sortOrder', direction: 'ASC', type: 'number', value: (d) => d.sortOrder },
      { column: 'd.id', direction: 'ASC', type: 'string', value: (d) => d.id },
    ],
  });
}

/** One duty the viewer may read (same rules as {@link listDuties}); NOT_FOUND otherwise. */
export function getDuty(ctx: RequestContext, id: string): Promise<Duty> {
  const access = readAccess(ctx);
  return findOneInScope(ctx, Duty, id, {
    where: (qb, alias) => qb.andWhere(...dutyVisibleCondition(alias, access)),
  });
}
