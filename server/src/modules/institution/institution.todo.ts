import { expiryBucket, type ExpiryBucket } from '@skills/domain';
import { today } from '../../clock';
import type { RequestContext } from '../../context/context';
import { registerTodoSource } from '../todo/todo.service';
import { expiringQualifications } from './filing.service';

/** A 待办 item, in the shape of the to-do list (modules/todo). */
export interface QualificationTodo {
  kind: string;
  title: string;
  detail: string;
  dueOn: string | null;
  link: string;
  entityId: string | null;
}

const KIND_LABELS: Record<string, string> = {
  SCHOOL_LICENCE: '办学许可证',
  CERTIFICATION_BODY: '职业技能等级认定机构备案',
  SUBSIDISED_CATALOGUE_LISTING: '补贴性职业培训机构目录',
  APPROVED_OCCUPATION: '项目制培训批准职业',
  ASSESSMENT_GRADE: '评估等级',
};
const BUCKET_LABELS: Record<ExpiryBucket, string> = {
  EXPIRED: '已过期',
  WITHIN_30_DAYS: '30 天内到期',
  WITHIN_60_DAYS: '60 天内到期',
  WITHIN_90_DAYS: '90 天内到期',
};

/**
 * The to-do source "qualifications expiring": for an institution or enterprise admin its own
 * qualifications, for a district admin the district's, ending within 90 days or expired (the
 * lead wires this into modules/todo's list of sources).
 */
export async function qualificationTodos(ctx: RequestContext): Promise<QualificationTodo[]> {
  const now = today(ctx.clock);
  const rows = await expiringQualifications(ctx, 90, null);
  // An institution's own page, or the district's directory of institutions (client routes).
  const ownOrganisation = (organisationId: string) => ctx.scope.organisationIds.includes(organisationId);
  return rows.map((q) => {
    const bucket = expiryBucket(q.validTo, now)!;
    return {
      kind: 'QUALIFICATION_EXPIRING',
      title: `${KIND_LABELS[q.kind] ?? q.kind}${BUCKET_LABELS[bucket]}`,
      detail: `${q.organisationName} ${q.number ?? ''} 有效期至 ${q.validTo}`.trim(),
      dueOn: q.validTo,
      link: ownOrganisation(q.organisationId) ? '/institution' : '/institutions',
      entityId: q.qualificationId,
    };
  });
}

registerTodoSource('QUALIFICATION_EXPIRING', qualificationTodos);
