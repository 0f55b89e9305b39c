import { Role } from '../../auth/viewer';
import type { RequestContext } from '../../context/context';
import { isUuid } from '../../db/scoped';
import { ForbiddenError, NotFoundError } from '../../graphql/errors';

/**
 * Who may do what with an institution's or enterprise's rows (profile, filings, classes). The
 * graphql-shield rule only checks the caller's role; these decisions check WHICH organisation and
 * district. Row-level security (district) is the second wall; within a district it cannot tell one
 * institution from another, so the organisation check lives here.
 */

/** An organisation as the access checks need it. */
export interface OrganisationRef {
  id: string;
  districtId: string;
  name: string;
  kind: string;
  category: string | null;
}

/** How the viewer relates to an organisation. */
export type OrganisationAccess = 'CITY' | 'DISTRICT_ADMIN' | 'DISTRICT_VIEWER' | 'OWN' | 'NONE';

/** The viewer's relation to an organisation of `districtId`. */
export function accessTo(
  ctx: RequestContext,
  organisationId: string,
  districtId: string,
): OrganisationAccess {
  const grants = ctx.viewer?.grants ?? [];
  if (grants.some((g) => g.role === Role.DISTRICT_ADMIN && g.districtId === districtId))
    return 'DISTRICT_ADMIN';
  if (grants.some((g) => g.role === Role.CITY_ADMIN)) return 'CITY';
  if (grants.some((g) => g.role === Role.VIEWER && g.districtId === districtId)) return 'DISTRICT_VIEWER';
  if (
    grants.some(
      (g) =>
        (g.role === Role.INSTITUTION_ADMIN || g.role === Role.ENTERPRISE_ADMIN) &&
        g.organisationId === organisationId,
    )
  ) {
    return 'OWN';
  }
  return 'NONE';
}

/** Whether the viewer reads an organisation's profile, filings and classes. */
export const canRead = (a: OrganisationAccess) => a !== 'NONE';

/**
 * Reads an organisation (institution or enterprise) within the request's districts. NOT_FOUND when
 * it is outside them, malformed, or when the viewer may not read its institution rows: another
 * institution of the same district answers exactly like one of another district.
 */
export async function organisationForViewer(
  ctx: RequestContext,
  organisationId: string,
): Promise<{ org: OrganisationRef; access: OrganisationAccess }> {
  if (!isUuid(organisationId)) throw new NotFoundError();
  const [row] = (await ctx.db.query(
    `SELECT id, district_id AS "districtId", name, kind, category FROM organisation
      WHERE id = $1 AND district_id IS NOT NULL AND kind IN ('TRAINING_INSTITUTION', 'ENTERPRISE')
        AND ($2 OR district_id = ANY($3::uuid[]))`,
    [organisationId, ctx.scope.readsAllDistricts, ctx.scope.readableDistrictIds],
  )) as OrganisationRef[];
  if (!row) throw new NotFoundError('单位不存在或无权访问');
  const access = accessTo(ctx, row.id, row.districtId);
  if (!canRead(access)) throw new NotFoundError('单位不存在或无权访问');
  return { org: row, access };
}

/** Refuses unless the viewer administers the organisation itself (institution/enterprise admin). */
export function requireOwn(access: OrganisationAccess, what: string): void {
  if (access !== 'OWN') throw new ForbiddenError(`只有本机构（企业）管理员可以${what}`);
}

/** Refuses unless the viewer is the district admin of the row's district (a city admin only reads). */
export function requireDistrictAdmin(access: OrganisationAccess, what: string): void {
  if (access !== 'DISTRICT_ADMIN') throw new ForbiddenError(`只有所在区县的管理员可以${what}`);
}

/** Organisation ids of the viewer's institution/enterprise grants. */
export function ownOrganisationIds(ctx: RequestContext): string[] {
  return (ctx.viewer?.grants ?? [])
    .filter((g) => g.role === Role.INSTITUTION_ADMIN || g.role === Role.ENTERPRISE_ADMIN)
    .map((g) => g.organisationId)
    .filter((id): id is string => id !== null);
}

/** Districts the viewer reads in full (district admin, viewer), or null for the city (all). */
export function fullDistrictIds(ctx: RequestContext): string[] | null {
  const grants = ctx.viewer?.grants ?? [];
  if (grants.some((g) => g.role === Role.CITY_ADMIN)) return null;
  return [
    ...new Set(
      grants
        .filter((g) => (g.role === Role.DISTRICT_ADMIN || g.role === Role.VIEWER) && g.districtId)
        .map((g) => g.districtId as string),
    ),
  ];
}

/** Districts the viewer administers. */
export function adminDistrictIds(ctx: RequestContext): string[] {
  return ctx.scope.adminDistrictIds;
}

/** Row count of an UPDATE ... RETURNING through TypeORM's postgres driver ([rows, count]). */
export function affectedRows(result: unknown): number {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[1];
  }
  return Array.isArray(result) ? result.length : 0;
}
