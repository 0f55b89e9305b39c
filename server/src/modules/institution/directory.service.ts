import { isIsoDate, qualificationInForce } from '@skills/domain';
import { today } from '../../clock';
import type { RequestContext } from '../../context/context';
import { isUuid } from '../../db/scoped';
import { BadInputError } from '../../graphql/errors';
import { fullDistrictIds } from './institution.access';
import type { DirectoryEntry, DirectoryFilter, DirectoryQualification } from './institution.types';

/**
 * The directory of institutions and enterprises, for district users (admins, viewers: their
 * districts) and the city (all): by category, qualification kind, approved occupation and validity.
 * Organisation roles get nothing (the rule refuses them already). Two statements.
 */
export async function searchDirectory(
  ctx: RequestContext,
  filter: DirectoryFilter | null | undefined,
): Promise<DirectoryEntry[]> {
  const validOn = filter?.validOn?.trim() || today(ctx.clock);
  if (!isIsoDate(validOn))
    throw new BadInputError(`日期“${validOn}”无效，应为 YYYY-MM-DD`, { field: 'validOn' });
  const occupation = filter?.occupation?.trim() || null;
  if (occupation && occupation.length > 100)
    throw new BadInputError('职业不能超过 100 个字', { field: 'occupation' });
  if (filter?.districtId && !isUuid(filter.districtId)) return [];
  const onlyValid = filter?.onlyValid ?? false;
  const districts = fullDistrictIds(ctx);
  const orgs = (await ctx.db.query(
    `SELECT o.id AS "organisationId", o.district_id AS "districtId", o.name, o.kind, o.category
      FROM organisation o
      WHERE o.kind IN ('TRAINING_INSTITUTION', 'ENTERPRISE') AND o.district_id IS NOT NULL
        AND ($1::uuid[] IS NULL OR o.district_id = ANY($1::uuid[]))
        AND ($2::uuid IS NULL OR o.district_id = $2) AND ($3::text IS NULL OR o.category = $3)
      ORDER BY o.name, o.id LIMIT 500`,
    [districts, filter?.districtId ?? null, filter?.category ?? null],
  )) as Omit<DirectoryEntry, 'qualifications'>[];
  if (!orgs.length) return [];
  const qualifications = (await ctx.db.query(
    `SELECT q.id, q.organisation_id AS "organisationId", q.kind, q.number, q.status,
        to_char(q.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(q.valid_to, 'YYYY-MM-DD') AS "validTo",
        c.occupation
      FROM qualification q LEFT JOIN catalogue_entry c ON c.id = q.catalogue_entry_id
      WHERE q.organisation_id = ANY($1::uuid[]) ORDER BY q.kind, q.valid_to NULLS LAST, q.id`,
    [orgs.map((o) => o.organisationId)],
  )) as (DirectoryQualification & { organisationId: string; status: string; validFrom: string | null })[];
  const wantsQualification = Boolean(filter?.qualificationKind || occupation || onlyValid);
  const result: DirectoryEntry[] = [];
  for (const org of orgs) {
    const own = qualifications
      .filter((q) => q.organisationId === org.organisationId)
      .map((q) => ({
        id: q.id,
        kind: q.kind,
        number: q.number,
        validTo: q.validTo,
        occupation: q.occupation,
        inForce: qualificationInForce(
          { approved: q.status === 'APPROVED', validFrom: q.validFrom, validTo: q.validTo },
          validOn,
        ),
      }));
    const matching = own.filter(
      (q) =>
        (!filter?.qualificationKind || q.kind === filter.qualificationKind) &&
        (!occupation || (q.occupation ?? '').includes(occupation)) &&
        (!onlyValid || q.inForce),
    );
    if (wantsQualification && !matching.length) continue;
    result.push({ ...org, qualifications: wantsQualification ? matching : own });
  }
  return result;
}
