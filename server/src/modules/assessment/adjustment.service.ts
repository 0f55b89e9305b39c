import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { isUuid } from '../../db/scoped';
import { BadInputError, ForbiddenError, NotFoundError } from '../../graphql/errors';
import { recordAudit } from '../audit/audit.service';

@InputType({ description: '考核得分的人工调整' })
export class AssessmentAdjustmentInput {
  @Field(() => ID)
  criterionId: string;

  @Field(() => ID)
  districtId: string;

  @Field(() => ID, { nullable: true, description: 'Null: the district’s score within the city.' })
  organisationId?: string | null;

  @Field(() => Int)
  year: number;

  @Field(() => Float, { description: 'Points added (negative: deducted); 0 removes the adjustment.' })
  points: number;

  @Field({ description: 'Required: why (shown in the score breakdown and the audit log).' })
  reason: string;
}

@ObjectType({ description: '考核得分的人工调整' })
export class AssessmentAdjustment {
  @Field(() => ID, { nullable: true, description: 'Null when the adjustment was removed (points 0).' })
  id: string | null;

  @Field(() => ID)
  criterionId: string;

  @Field(() => ID)
  districtId: string;

  @Field(() => ID, { nullable: true })
  organisationId: string | null;

  @Field(() => Int)
  year: number;

  @Field(() => Float)
  points: number;

  @Field()
  reason: string;
}

/**
 * Sets the manual adjustment of one criterion's points for a district (within the city: the
 * criterion must be a city criterion and the caller the city) or an organisation (within its
 * district: a criterion of that district, the caller its DISTRICT_ADMIN). A reason is required;
 * points 0 removes the adjustment. Audited (ASSESSMENT_ADJUSTMENT SET / DELETE) with the reason.
 */
export async function adjustAssessmentScore(
  ctx: RequestContext,
  input: AssessmentAdjustmentInput,
): Promise<AssessmentAdjustment> {
  const organisationId = input.organisationId ?? null;
  if (![input.criterionId, input.districtId, organisationId ?? input.districtId].every(isUuid))
    throw new BadInputError('编号格式不正确');
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 500)
    throw new BadInputError('请填写调整理由（2 至 500 字）', { argument: 'reason' });
  if (!Number.isFinite(input.points) || Math.abs(input.points) > 1000)
    throw new BadInputError('调整分值不合理', { argument: 'points' });
  const [criterion] = (await ctx.db.query(
    `SELECT c.id, c.plan_id, c.district_id, p.start_year, p.end_year FROM assessment_criterion c
       JOIN plan p ON p.id = c.plan_id WHERE c.id = $1`,
    [input.criterionId],
  )) as {
    id: string;
    plan_id: string;
    district_id: string | null;
    start_year: number;
    end_year: number | null;
  }[];
  if (!criterion) throw new NotFoundError('考核标准不存在或不在可见范围内');
  if (input.year < criterion.start_year || (criterion.end_year !== null && input.year > criterion.end_year))
    throw new BadInputError(`年份 ${input.year} 不在该考核标准所属计划的年度范围内`, { argument: 'year' });
  if (organisationId === null) {
    // A district's score within the city is the city's to adjust, on a city criterion.
    if (!ctx.scope.writesCity) throw new ForbiddenError('只有市级管理员可以调整区县得分');
    if (criterion.district_id !== null)
      throw new BadInputError('区县得分只能按市级考核标准调整', { argument: 'criterionId' });
  } else {
    // A unit's score within its district is the district admin's, on that district's criterion.
    if (!ctx.scope.adminDistrictIds.includes(input.districtId)) {
      if (ctx.scope.readsAllDistricts || ctx.scope.readableDistrictIds.includes(input.districtId))
        throw new ForbiddenError('只有本区县的区县管理员可以调整单位得分');
      throw new NotFoundError('区县不存在或不在可见范围内');
    }
    if (criterion.district_id !== input.districtId)
      throw new BadInputError('单位得分只能按本区县的考核标准调整', { argument: 'criterionId' });
    const [org] = (await ctx.db.query(`SELECT id FROM organisation WHERE id = $1 AND district_id = $2`, [
      organisationId,
      input.districtId,
    ])) as { id: string }[];
    if (!org) throw new NotFoundError('单位不存在或不在可见范围内');
  }
  const key = [input.criterionId, input.districtId, organisationId, input.year];
  const [before] = (await ctx.db.query(
    `SELECT id, points::float8 AS points, reason FROM assessment_adjustment
      WHERE criterion_id = $1 AND district_id = $2 AND organisation_id IS NOT DISTINCT FROM $3 AND year = $4`,
    key,
  )) as { id: string; points: number; reason: string }[];
  let id: string | null = null;
  if (input.points === 0) {
    if (before) await ctx.db.query(`DELETE FROM assessment_adjustment WHERE id = $1`, [before.id]);
  } else if (before) {
    await ctx.db.query(
      `UPDATE assessment_adjustment SET points = $2, reason = $3, created_by = $4, created_at = now() WHERE id = $1`,
      [before.id, input.points, reason, ctx.viewer!.userId],
    );
    id = before.id;
  } else {
    const [row] = (await ctx.db.query(
      `INSERT INTO assessment_adjustment (plan_id, criterion_id, district_id, organisation_id, year, points, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        criterion.plan_id,
        input.criterionId,
        input.districtId,
        organisationId,
        input.year,
        input.points,
        reason,
        ctx.viewer!.userId,
      ],
    )) as { id: string }[];
    id = row!.id;
  }
  const after = {
    criterionId: input.criterionId,
    districtId: input.districtId,
    organisationId,
    year: input.year,
    points: input.points,
    reason,
  };
  await recordAudit(ctx, {
    entityType: 'ASSESSMENT_ADJUSTMENT',
    entityId: id ?? before?.id ?? null,
    action: input.points === 0 ? 'DELETE' : 'SET',
    districtId: input.districtId,
    organisationId,
    before: before ?? null,
    after,
    reason,
  });
  return { id, ...after };
}
