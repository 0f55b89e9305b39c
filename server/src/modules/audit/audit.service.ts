import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../context/context';
import { Role, type Grant, type Viewer } from '../../auth/viewer';

/** What a mutation records about itself (audit_event; docs/domain-model.md "Audit event"). */
export interface AuditRecord {
  /** The kind of row: 'PLAN', 'DUTY', 'DUTY_TARGET', 'PROGRESS_REPORT', 'USER', 'GRANT', … */
  entityType: string;
  entityId: string | null;
  /** What was done: 'CREATE', 'UPDATE', 'DELETE', 'SUBMIT', 'APPROVE', 'RETURN', 'IMPORT', … */
  action: string;
  /** The tenant of the row; null for city-level rows (city plans, city users). */
  districtId: string | null;
  organisationId?: string | null;
  /** The row as it was and as it became (plain JSON; secrets are removed by `redact`). */
  before?: unknown;
  after?: unknown;
  /** Why, where the action needs one (a return, a target change, a manual adjustment). */
  reason?: string | null;
}

/** Keys whose values never reach the audit log, at any depth. */
const SECRET_KEY = /password|passwd|token|secret|hash|cookie|authorization|content_?base64/i;

/** A copy of `value` without secrets, Dates as ISO strings, and nothing that is not JSON. */
export function redact(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : value;
  }
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return value.map(redact);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'function') continue;
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(inner);
  }
  return out;
}

/**
 * The grant an action was taken under: for a district's row, the viewer's grant in that district
 * (a district admin's before an organisation role's); for a city-level row, the city grant.
 */
export function grantUsed(viewer: Viewer, districtId: string | null): Grant | null {
  const order = [
    Role.CITY_ADMIN,
    Role.DISTRICT_ADMIN,
    Role.DEPARTMENT_HEAD,
    Role.INSTITUTION_ADMIN,
    Role.ENTERPRISE_ADMIN,
    Role.VIEWER,
  ];
  const candidates = viewer.grants
    .filter((g) => g.role === Role.CITY_ADMIN || (districtId !== null && g.districtId === districtId))
    .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  if (districtId !== null) {
    const local = candidates.find((g) => g.districtId === districtId);
    if (local && local.role === Role.DISTRICT_ADMIN) return local;
  }
  return candidates[0] ?? viewer.grants[0] ?? null;
}

/** Who did it, as the audit log records it. */
export interface AuditActor {
  userId: string | null;
  role: string | null;
  grantId: string | null;
  requestId: string | null;
  at: Date;
}

/**
 * The actor of work done outside a request (the import command line, the first-start seed): no
 * user, no grant; `requestId` names the process (`cli:import`, `seed`), so the log tells them apart.
 */
export function systemActor(requestId: string, at: Date = new Date()): AuditActor {
  return { userId: null, role: null, grantId: null, requestId, at };
}

/**
 * Records an audit event in the mutation's own transaction (`ctx.db`), so the event exists exactly
 * when the change does: a mutation that fails rolls both back.
 *
 * @example
 *   await recordAudit(ctx, { entityType: 'DUTY', entityId: duty.id, action: 'UPDATE',
 *     districtId: duty.districtId, before, after: updated, reason });
 */
export async function recordAudit(ctx: RequestContext, record: AuditRecord): Promise<void> {
  const grant = ctx.viewer ? grantUsed(ctx.viewer, record.districtId) : null;
  await writeAuditEvent(
    ctx.db,
    {
      userId: ctx.viewer?.userId ?? null,
      role: grant?.role ?? null,
      grantId: grant?.id ?? null,
      requestId: ctx.requestId,
      at: ctx.clock.now(),
    },
    record,
  );
}

/**
 * Writes one audit event on `db` (which must be the transaction of the change it records). Used by
 * {@link recordAudit} and by work outside requests ({@link systemActor}).
 */
export async function writeAuditEvent(
  db: EntityManager,
  actor: AuditActor,
  record: AuditRecord,
): Promise<void> {
  await db.query(
    `INSERT INTO audit_event (occurred_at, actor_user_id, actor_role, actor_grant_id, district_id,
       organisation_id, entity_type, entity_id, action, before, after, reason, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      actor.at,
      actor.userId,
      actor.role,
      actor.grantId,
      record.districtId,
      record.organisationId ?? null,
      record.entityType,
      record.entityId,
      record.action,
      record.before === undefined ? null : JSON.stringify(redact(record.before)),
      record.after === undefined ? null : JSON.stringify(redact(record.after)),
      record.reason ?? null,
      actor.requestId,
    ],
  );
}
