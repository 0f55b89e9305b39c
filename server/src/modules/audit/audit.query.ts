import type { RequestContext } from '../../context/context';
import { Role } from '../../auth/viewer';
import { assertUuidArgument, readAccess } from '../../db/scoped';
import { BadInputError } from '../../graphql/errors';
import { paginate, type Page, type PageArgs } from '../../graphql/pagination';
import { AuditEvent } from './audit.entity';
import type { AuditEventFilter } from './audit.types';

const MAX_TEXT = 100;

/**
 * `auditEvents`: the audit log, newest first. A city admin reads every event (city-level events
 * too); a district admin or viewer the events of the districts of their DISTRICT_ADMIN/VIEWER
 * grants, taken from the request's grants, never from arguments. Organisation roles are refused by
 * the rule; an organisation grant's district is not read here even when the same user also holds
 * a district grant elsewhere. Row-level security limits the rows a second time.
 */
export function listAuditEvents(
  ctx: RequestContext,
  filter: AuditEventFilter | undefined,
  page: PageArgs,
): Promise<Page<AuditEvent>> {
  const qb = ctx.db.getRepository(AuditEvent).createQueryBuilder('a');
  const city = ctx.viewer?.grants.some((g) => g.role === Role.CITY_ADMIN) ?? false;
  if (!city) {
    // Why a parameter even when empty: `= ANY('{}')` is false, so nothing leaks by accident.
    qb.andWhere('a.districtId = ANY(CAST(:auditDistricts AS uuid[]))', {
      auditDistricts: readAccess(ctx).fullDistrictIds,
    });
  }
  const text = (value: string | null | undefined, name: string): string | null => {
    const trimmed = value?.trim();
    if (!trimmed) return null;
    if (trimmed.length > MAX_TEXT) throw new BadInputError(`参数 ${name} 过长`, { argument: name });
    return trimmed;
  };
  const entityType = text(filter?.entityType, 'entityType');
  if (entityType) qb.andWhere('a.entityType = :entityType', { entityType: entityType.toUpperCase() });
  const entityId = text(filter?.entityId, 'entityId');
  if (entityId) qb.andWhere('a.entityId = :entityId', { entityId });
  const action = text(filter?.action, 'action');
  if (action) qb.andWhere('a.action = :action', { action: action.toUpperCase() });
  if (filter?.actorUserId) {
    assertUuidArgument(filter.actorUserId, 'actorUserId');
    qb.andWhere('a.actorUserId = :actorUserId', { actorUserId: filter.actorUserId });
  }
  const from = filter?.from ?? null;
  const to = filter?.to ?? null;
  if (from && to && from.getTime() > to.getTime())
    throw new BadInputError('开始时间不能晚于结束时间', { argument: 'filter.from' });
  if (from) qb.andWhere('a.occurredAt >= :from', { from });
  if (to) qb.andWhere('a.occurredAt < :to', { to });
  return paginate(qb, {
    kind: 'auditEvents',
    page,
    keys: [
      // Events are written with the clock's millisecond time, so the ISO text is exact.
      { column: 'a.occurredAt', direction: 'DESC', type: 'string', value: (a) => a.occurredAt.toISOString() },
      { column: 'a.id', direction: 'DESC', type: 'string', value: (a) => a.id },
    ],
  });
}
