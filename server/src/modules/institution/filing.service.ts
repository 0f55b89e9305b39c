import { expiryBucket, daysBetween, validityProblem } from '@skills/domain';
import { today } from '../../clock';
import type { RequestContext } from '../../context/context';
import { isUuid } from '../../db/scoped';
import { BadInputError, ConflictError, NotFoundError } from '../../graphql/errors';
import { recordAudit } from '../audit/audit.service';
import { QualificationKind } from '../qualification/qualification.entity';
import {
  accessTo,
  affectedRows,
  canRead,
  fullDistrictIds,
  organisationForViewer,
  ownOrganisationIds,
  requireDistrictAdmin,
  requireOwn,
} from './institution.access';
import {
  ExpiryBucketKind,
  FilingStatus,
  type ExpiringQualification,
  type QualificationFiling,
  type QualificationFilingInput,
} from './institution.types';

const FILING_COLUMNS = `f.id, f.organisation_id AS "organisationId", f.district_id AS "districtId",
  f.qualification_id AS "qualificationId", f.kind, f.number, f.issuer,
  to_char(f.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(f.valid_to, 'YYYY-MM-DD') AS "validTo",
  f.scope, f.certification_body_type AS "certificationBodyType", f.catalogue_entry_id AS "catalogueEntryId",
  c.occupation, f.status, f.review_reason AS "reviewReason", f.filed_at AS "filedAt",
  f.reviewed_at AS "reviewedAt", f.version, o.name AS "organisationName"`;
const FILING_FROM = `qualification_filing f JOIN organisation o ON o.id = f.organisation_id
  LEFT JOIN catalogue_entry c ON c.id = f.catalogue_entry_id`;

const MAX_TEXT = 200;
function required(value: string, field: string, label: string): string {
  const t = value.trim();
  if (!t) throw new BadInputError(`请填写${label}`, { field });
  if (t.length > MAX_TEXT) throw new BadInputError(`${label}不能超过 ${MAX_TEXT} 个字`, { field });
  return t;
}

/**
 * Files a new qualification or a change to one (资质备案): nothing is applied until the district
 * approves. Only the organisation's own admin files. For APPROVED_OCCUPATION the occupation must
 * be an entry of the organisation's own district's catalogue (file 003); a certification body says
 * whether it is an enterprise or a social training-evaluation organisation (file 000 annex 2).
 */
export async function fileQualification(
  ctx: RequestContext,
  input: QualificationFilingInput,
): Promise<QualificationFiling> {
  const { org, access } = await organisationForViewer(ctx, input.organisationId);
  requireOwn(access, '申报资质备案');
  if (input.qualificationId) {
    if (!isUuid(input.qualificationId)) throw new NotFoundError('资质不存在');
    const [q] = (await ctx.db.query(`SELECT kind FROM qualification WHERE id = $1 AND organisation_id = $2`, [
      input.qualificationId,
      org.id,
    ])) as { kind: string }[];
    if (!q) throw new NotFoundError('资质不存在');
    if (q.kind !== input.kind) throw new BadInputError('变更备案不能改变资质类型', { field: 'kind' });
  }
  const number = required(input.number, 'number', '证书/备案编号');
  const issuer = required(input.issuer, 'issuer', '发证/备案机关');
  const validTo = input.validTo?.trim() || null;
  const problem = validityProblem(input.validFrom.trim(), validTo);
  if (problem)
    throw new BadInputError(problem, { field: problem.includes('早于') ? 'validTo' : 'validFrom' });
  const scope = input.scope?.trim() || null;
  if (scope && scope.length > 1000) throw new BadInputError('范围不能超过 1,000 个字', { field: 'scope' });

  let bodyType: string | null = null;
  if (input.kind === QualificationKind.CERTIFICATION_BODY) {
    if (!input.certificationBodyType) {
      throw new BadInputError('请选择认定机构类型（企业 / 社会培训评价组织）', {
        field: 'certificationBodyType',
      });
    }
    bodyType = input.certificationBodyType;
  } else if (input.certificationBodyType) {
    throw new BadInputError('只有职业技能等级认定机构备案需要选择机构类型', {
      field: 'certificationBodyType',
    });
  }
  let catalogueEntryId: string | null = null;
  if (input.kind === QualificationKind.APPROVED_OCCUPATION) {
    catalogueEntryId = await catalogueEntryOfDistrict(ctx, input.catalogueEntryId, org.districtId);
  } else if (input.catalogueEntryId) {
    throw new BadInputError('只有批准职业需要选择目录中的职业', { field: 'catalogueEntryId' });
  }

  let inserted: { id: string }[];
  try {
    inserted = (await ctx.db.query(
      `INSERT INTO qualification_filing (district_id, organisation_id, qualification_id, kind, number,
          issuer, valid_from, valid_to, scope, certification_body_type, catalogue_entry_id, filed_by, filed_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        org.districtId,
        org.id,
        input.qualificationId ?? null,
        input.kind,
        number,
        issuer,
        input.validFrom.trim(),
        validTo,
        scope,
        bodyType,
        catalogueEntryId,
        ctx.viewer?.userId ?? null,
        ctx.clock.now(),
      ],
    )) as { id: string }[];
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new ConflictError('该资质已有一份待审核的备案，请等待区县审核后再申报');
    }
    throw error;
  }
  const filing = await filingById(ctx, inserted[0]!.id);
  await recordAudit(ctx, {
    entityType: 'QUALIFICATION_FILING',
    entityId: filing.id,
    action: 'FILE',
    districtId: org.districtId,
    organisationId: org.id,
    after: filing,
  });
  return filing;
}

/**
 * A catalogue entry of `districtId` (the project-training catalogue of file 003): BAD_USER_INPUT
 * when missing or from another district's catalogue (the caller chose from the wrong list).
 */
export async function catalogueEntryOfDistrict(
  ctx: RequestContext,
  catalogueEntryId: string | null | undefined,
  districtId: string,
): Promise<string> {
  if (!catalogueEntryId) {
    throw new BadInputError('请从本区县的项目制培训目录中选择职业（工种）', { field: 'catalogueEntryId' });
  }
  const [entry] = isUuid(catalogueEntryId)
    ? ((await ctx.db.query(`SELECT id FROM catalogue_entry WHERE id = $1 AND district_id = $2`, [
        catalogueEntryId,
        districtId,
      ])) as { id: string }[])
    : [];
  if (!entry) {
    throw new BadInputError('所选职业不在本区县的项目制培训目录中', { field: 'catalogueEntryId' });
  }
  return entry.id;
}

async function filingById(ctx: RequestContext, id: string): Promise<QualificationFiling> {
  const [row] = (await ctx.db.query(`SELECT ${FILING_COLUMNS} FROM ${FILING_FROM} WHERE f.id = $1`, [
    id,
  ])) as QualificationFiling[];
  if (!row) throw new NotFoundError('备案不存在或无权访问');
  return row;
}

/** A filing the viewer may see (its organisation's admin, the district, the city); else NOT_FOUND. */
async function visibleFiling(ctx: RequestContext, id: string) {
  if (!isUuid(id)) throw new NotFoundError('备案不存在或无权访问');
  const filing = await filingById(ctx, id);
  const access = accessTo(ctx, filing.organisationId, filing.districtId);
  if (!canRead(access)) throw new NotFoundError('备案不存在或无权访问');
  return { filing, access };
}

/**
 * Filings visible to the viewer, newest first: an institution or enterprise admin sees its own
 * organisation's; district admins and viewers their district's; the city all. Department heads see
 * none. Narrowed by organisation and status.
 */
export async function listFilings(
  ctx: RequestContext,
  organisationId: string | null | undefined,
  status: FilingStatus | null | undefined,
): Promise<QualificationFiling[]> {
  const districts = fullDistrictIds(ctx);
  const own = ownOrganisationIds(ctx);
  if (organisationId && !isUuid(organisationId)) return [];
  return (await ctx.db.query(
    `SELECT ${FILING_COLUMNS} FROM ${FILING_FROM}
      WHERE ($1::uuid[] IS NULL OR f.district_id = ANY($1::uuid[]) OR f.organisation_id = ANY($2::uuid[]))
        AND ($3::uuid IS NULL OR f.organisation_id = $3) AND ($4::text IS NULL OR f.status = $4)
      ORDER BY f.filed_at DESC, f.id LIMIT 500`,
    [districts, own, organisationId ?? null, status ?? null],
  )) as QualificationFiling[];
}

/** The filings of one qualification (every version, newest first). */
export async function filingsOfQualification(ctx: RequestContext, qualificationId: string) {
  return (await ctx.db.query(
    `SELECT ${FILING_COLUMNS} FROM ${FILING_FROM} WHERE f.qualification_id = $1 ORDER BY f.filed_at DESC`,
    [qualificationId],
  )) as QualificationFiling[];
}

/**
 * Approves a pending filing (district admin of its district): a new qualification is created, or
 * the qualification takes the filed values; the filing stays as the record of this version.
 */
export async function approveFiling(ctx: RequestContext, id: string, version: number) {
  const { filing, access } = await visibleFiling(ctx, id);
  requireDistrictAdmin(access, '审核资质备案');
  if (filing.status !== FilingStatus.PENDING) throw new ConflictError('该备案已审核');
  let qualificationId = filing.qualificationId;
  const values = [
    filing.kind,
    filing.number,
    filing.issuer,
    filing.validFrom,
    filing.validTo,
    filing.scope,
    filing.certificationBodyType,
    filing.catalogueEntryId,
    filing.id,
  ];
  const updated = await ctx.db.query(
    `UPDATE qualification_filing SET status = 'APPROVED', reviewed_by = $3, reviewed_at = $4, version = version + 1
      WHERE id = $1 AND version = $2 AND status = 'PENDING' RETURNING id`,
    [filing.id, version, ctx.viewer?.userId ?? null, ctx.clock.now()],
  );
  if (!affectedRows(updated)) throw new ConflictError('该备案已被他人处理，请刷新后重试');
  let before: unknown = null;
  if (qualificationId) {
    [before] = (await ctx.db.query(`SELECT * FROM qualification WHERE id = $1`, [
      qualificationId,
    ])) as unknown[];
    await ctx.db.query(
      `UPDATE qualification SET kind = $2, number = $3, issuer = $4, valid_from = $5, valid_to = $6, scope = $7,
          certification_body_type = $8, catalogue_entry_id = $9, approved_filing_id = $10, status = 'APPROVED',
          version = version + 1, updated_at = $11
        WHERE id = $1`,
      [qualificationId, ...values, ctx.clock.now()],
    );
  } else {
    const [row] = (await ctx.db.query(
      `INSERT INTO qualification (organisation_id, district_id, kind, number, issuer, valid_from, valid_to, scope,
          certification_body_type, catalogue_entry_id, approved_filing_id, status, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'APPROVED', $12, $12) RETURNING id`,
      [filing.organisationId, filing.districtId, ...values, ctx.clock.now()],
    )) as { id: string }[];
    qualificationId = row!.id;
    await ctx.db.query(`UPDATE qualification_filing SET qualification_id = $2 WHERE id = $1`, [
      filing.id,
      qualificationId,
    ]);
  }
  const after = await filingById(ctx, filing.id);
  await recordAudit(ctx, {
    entityType: 'QUALIFICATION_FILING',
    entityId: filing.id,
    action: 'APPROVE',
    districtId: filing.districtId,
    organisationId: filing.organisationId,
    before: { filing, qualification: before },
    after,
  });
  return after;
}

/** Returns a pending filing with a reason (district admin of its district); nothing is applied. */
export async function returnFiling(ctx: RequestContext, id: string, version: number, reason: string) {
  const { filing, access } = await visibleFiling(ctx, id);
  requireDistrictAdmin(access, '审核资质备案');
  const why = reason.trim();
  if (!why) throw new BadInputError('退回时请填写原因', { field: 'reason' });
  if (why.length > 1000) throw new BadInputError('原因不能超过 1,000 个字', { field: 'reason' });
  if (filing.status !== FilingStatus.PENDING) throw new ConflictError('该备案已审核');
  const updated = await ctx.db.query(
    `UPDATE qualification_filing SET status = 'RETURNED', review_reason = $3, reviewed_by = $4, reviewed_at = $5,
        version = version + 1
      WHERE id = $1 AND version = $2 AND status = 'PENDING' RETURNING id`,
    [filing.id, version, why, ctx.viewer?.userId ?? null, ctx.clock.now()],
  );
  if (!affectedRows(updated)) throw new ConflictError('该备案已被他人处理，请刷新后重试');
  const after = await filingById(ctx, filing.id);
  await recordAudit(ctx, {
    entityType: 'QUALIFICATION_FILING',
    entityId: filing.id,
    action: 'RETURN',
    districtId: filing.districtId,
    organisationId: filing.organisationId,
    before: filing,
    after,
    reason: why,
  });
  return after;
}

/**
 * Approved qualifications that end within `withinDays` days (30, 60 or 90) or have ended, for the
 * viewer's own organisations and the districts it reads in full (or one organisation of them).
 * Expired = from the day after the last valid day (ctx.clock).
 */
export async function expiringQualifications(
  ctx: RequestContext,
  withinDays: number,
  organisationId: string | null | undefined,
): Promise<ExpiringQualification[]> {
  if (![30, 60, 90].includes(withinDays)) {
    throw new BadInputError('到期提醒的天数只能是 30、60 或 90', { field: 'withinDays' });
  }
  if (organisationId) await organisationForViewer(ctx, organisationId);
  const now = today(ctx.clock);
  const districts = fullDistrictIds(ctx);
  const rows = (await ctx.db.query(
    `SELECT q.id AS "qualificationId", q.organisation_id AS "organisationId", o.name AS "organisationName",
        q.kind, q.number, to_char(q.valid_to, 'YYYY-MM-DD') AS "validTo"
      FROM qualification q JOIN organisation o ON o.id = q.organisation_id
      WHERE q.status IN ('APPROVED', 'EXPIRED') AND q.valid_to IS NOT NULL
        AND q.valid_to <= $1::date + $2::int
        AND ($3::uuid[] IS NULL OR q.district_id = ANY($3::uuid[]) OR q.organisation_id = ANY($4::uuid[]))
        AND ($5::uuid IS NULL OR q.organisation_id = $5)
      ORDER BY q.valid_to, o.name, q.id LIMIT 1000`,
    [now, withinDays, districts, ownOrganisationIds(ctx), organisationId ?? null],
  )) as Omit<ExpiringQualification, 'daysLeft' | 'bucket'>[];
  return rows.map((r) => ({
    ...r,
    daysLeft: daysBetween(now, r.validTo),
    bucket: expiryBucket(r.validTo, now) as unknown as ExpiryBucketKind,
  }));
}
