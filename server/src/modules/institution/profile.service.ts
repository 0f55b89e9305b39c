import { usccProblem } from '@skills/domain';
import type { RequestContext } from '../../context/context';
import { BadInputError, ConflictError } from '../../graphql/errors';
import { recordAudit } from '../audit/audit.service';
import { affectedRows, organisationForViewer, requireOwn } from './institution.access';
import type { OrganisationProfile, OrganisationProfileInput } from './institution.types';

const INSTITUTION_CATEGORIES = [
  'PUBLIC_VOCATIONAL_SCHOOL',
  'TECHNICAL_COLLEGE',
  'PRIVATE_TRAINING_SCHOOL',
  'ENTERPRISE_TRAINING_CENTRE',
  'PUBLIC_TRAINING_BASE',
];
const ENTERPRISE_CATEGORIES = ['STATE_OWNED_ENTERPRISE', 'ABOVE_SCALE_ENTERPRISE', 'OTHER_ENTERPRISE'];

const PROFILE_COLUMNS = `id AS "organisationId", district_id AS "districtId", name, kind, category,
  registered_name AS "registeredName", address, contact_person AS "contactPerson",
  contact_phone AS "contactPhone", social_credit_code AS "socialCreditCode",
  licence_number AS "licenceNumber", profile_version AS version`;

/** The profile of an institution or enterprise: its district's admins and viewers, the city, and its own admin. */
export async function getOrganisationProfile(
  ctx: RequestContext,
  organisationId: string,
): Promise<OrganisationProfile> {
  const { org } = await organisationForViewer(ctx, organisationId);
  const [row] = (await ctx.db.query(`SELECT ${PROFILE_COLUMNS} FROM organisation WHERE id = $1`, [
    org.id,
  ])) as OrganisationProfile[];
  return row!;
}

const MAX_TEXT = 200;

/** Trimmed text or null; BAD_USER_INPUT when longer than {@link MAX_TEXT}. */
function text(value: string | null | undefined, field: string): string | null {
  const t = value?.trim() ?? '';
  if (t.length > MAX_TEXT) throw new BadInputError(`${field} 不能超过 ${MAX_TEXT} 个字`, { field });
  return t === '' ? null : t;
}

/**
 * Updates the profile of the viewer's own institution or enterprise (a profile is kept, not filed:
 * only qualifications go through the district's review). Optimistic concurrency on `version`.
 */
export async function updateOrganisationProfile(
  ctx: RequestContext,
  organisationId: string,
  version: number,
  input: OrganisationProfileInput,
): Promise<OrganisationProfile> {
  const { org, access } = await organisationForViewer(ctx, organisationId);
  requireOwn(access, '修改机构信息');
  const categories = org.kind === 'ENTERPRISE' ? ENTERPRISE_CATEGORIES : INSTITUTION_CATEGORIES;
  const category = input.category === undefined ? org.category : input.category;
  if (category !== null && !categories.includes(category)) {
    throw new BadInputError(`类别 ${category} 不适用于该单位`, { field: 'category' });
  }
  const code = text(input.socialCreditCode, 'socialCreditCode')?.toUpperCase() ?? null;
  if (code !== null) {
    const problem = usccProblem(code);
    if (problem) throw new BadInputError(problem, { field: 'socialCreditCode' });
  }
  const phone = text(input.contactPhone, 'contactPhone');
  if (phone !== null && !/^[0-9+\-() ]{5,30}$/.test(phone)) {
    throw new BadInputError('联系电话格式不正确', { field: 'contactPhone' });
  }
  const before = await getOrganisationProfile(ctx, org.id);
  const rows = await ctx.db.query(
    `UPDATE organisation SET registered_name = $3, category = $4, address = $5, contact_person = $6,
        contact_phone = $7, social_credit_code = $8, licence_number = $9,
        profile_version = profile_version + 1, profile_updated_at = $10
      WHERE id = $1 AND profile_version = $2 RETURNING id`,
    [
      org.id,
      version,
      text(input.registeredName, 'registeredName'),
      category,
      text(input.address, 'address'),
      text(input.contactPerson, 'contactPerson'),
      phone,
      code,
      text(input.licenceNumber, 'licenceNumber'),
      ctx.clock.now(),
    ],
  );
  if (!affectedRows(rows)) throw new ConflictError('机构信息已被他人修改，请刷新后重试');
  const after = await getOrganisationProfile(ctx, org.id);
  await recordAudit(ctx, {
    entityType: 'ORGANISATION_PROFILE',
    entityId: org.id,
    action: 'UPDATE',
    districtId: org.districtId,
    organisationId: org.id,
    before,
    after,
  });
  return after;
}
