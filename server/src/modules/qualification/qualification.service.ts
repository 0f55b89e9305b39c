import type { RequestContext } from '../../context/context';
import { findOneInScope } from '../../db/scoped';
import { Organisation } from '../organisation/organisation.entity';
import type { Qualification } from './qualification.entity';

/**
 * Qualifications of an organisation (batched), within the viewer's districts. Every reader of the
 * district sees them: licences, certification-body filings and catalogue listings are published
 * by the authorities anyway, and departments and the district check them against duties.
 */
export function qualificationsOfOrganisation(
  ctx: RequestContext,
  organisation: Organisation,
): Promise<Qualification[]> {
  return ctx.loaders.qualificationsOfOrganisation.load(organisation.id);
}

/** Qualifications of the organisation `organisationId`; NOT_FOUND outside the viewer's scope. */
export async function qualificationsByOrganisationId(
  ctx: RequestContext,
  organisationId: string,
): Promise<Qualification[]> {
  const organisation = await findOneInScope(ctx, Organisation, organisationId, { cityLevel: true });
  return qualificationsOfOrganisation(ctx, organisation);
}
