import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_SCOPE, Role, type Viewer } from '../../../auth/viewer';
import { fixedClock } from '../../../clock';
import { openTenantTransaction } from '../../../db/tenant';
import type { RequestContext } from '../../../context/context';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { grantUsed, recordAudit, redact } from '../audit.service';

describe('audit events', () => {
  let db: TestDatabase;
  let district: string;
  let otherDistrict: string;
  let userId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const rows = (await db.dataSource.query(
      `INSERT INTO district (code, name, full_name, kind, sort_order)
       VALUES ('500156', '武隆区', '武隆区', 'DISTRICT', 1), ('500109', '北碚区', '北碚区', 'DISTRICT', 2)
       RETURNING id`,
    )) as { id: string }[];
    [district, otherDistrict] = rows.map((r) => r.id) as [string, string];
    const [user] = (await db.dataSource.query(
      `INSERT INTO app_user (username, display_name, password_hash) VALUES ('someone', '某人', '$argon2id$x')
       RETURNING id`,
    )) as { id: string }[];
    userId = user!.id;
  });
  afterAll(() => db.drop());

  const viewer = (role: Role, districtId: string | null): Viewer => ({
    userId,
    username: 'someone',
    displayName: '某人',
    sessionId: 's',
    grants: [{ id: '00000000-0000-0000-0000-0000000000aa', role, districtId, organisationId: null }],
  });

  async function inTransaction<T>(districts: string[], fn: (ctx: RequestContext) => Promise<T>) {
    const scope = { ...EMPTY_SCOPE, readableDistrictIds: districts, writableDistrictIds: districts };
    const tx = await openTenantTransaction(db.appDataSource, scope, null, false);
    const ctx = {
      requestId: 'req-1',
      viewer: viewer(Role.DISTRICT_ADMIN, districts[0] ?? null),
      scope,
      clock: fixedClock('2021-04-11T01:00:00Z'),
      db: tx.manager,
    } as unknown as RequestContext;
    try {
      const out = await fn(ctx);
      await tx.commit();
      return out;
    } catch (error) {
      await tx.rollback();
      throw error;
    }
  }

  it('records actor, grant, clock time and request id, without secrets', async () => {
    await inTransaction([district], (ctx) =>
      recordAudit(ctx, {
        entityType: 'USER',
        entityId: 'u1',
        action: 'UPDATE',
        districtId: district,
        before: { displayName: '甲', passwordHash: '$argon2id$x' },
        after: { displayName: '乙', nested: { token: 'abc' }, at: new Date('2021-01-01T00:00:00Z') },
        reason: '改名',
      }),
    );
    const [event] = (await db.dataSource.query(`SELECT * FROM audit_event`)) as [Record<string, unknown>];
    expect(event).toMatchObject({
      actor_role: 'DISTRICT_ADMIN',
      actor_grant_id: '00000000-0000-0000-0000-0000000000aa',
      district_id: district,
      entity_type: 'USER',
      action: 'UPDATE',
      reason: '改名',
      request_id: 'req-1',
      before: { displayName: '甲', passwordHash: '[redacted]' },
      after: { displayName: '乙', nested: { token: '[redacted]' }, at: '2021-01-01T00:00:00.000Z' },
    });
    expect((event!.occurred_at as Date).toISOString()).toBe('2021-04-11T01:00:00.000Z');
  });

  it('is rolled back with the mutation that failed', async () => {
    const before = (await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n;
    await expect(
      inTransaction([district], async (ctx) => {
        await recordAudit(ctx, { entityType: 'DUTY', entityId: 'd', action: 'UPDATE', districtId: district });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n).toBe(before);
  });

  it('cannot be written for another district, nor changed or deleted by the application role', async () => {
    await expect(
      inTransaction([district], (ctx) =>
        recordAudit(ctx, { entityType: 'DUTY', entityId: 'd', action: 'UPDATE', districtId: otherDistrict }),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      inTransaction([district], (ctx) => ctx.db.query(`UPDATE audit_event SET action = 'X'`)),
    ).rejects.toThrow(/permission denied/);
    await expect(inTransaction([district], (ctx) => ctx.db.query(`DELETE FROM audit_event`))).rejects.toThrow(
      /permission denied/,
    );
  });

  it('reads only events of the scope', async () => {
    await db.dataSource.query(
      `INSERT INTO audit_event (entity_type, action, district_id) VALUES ('DUTY', 'UPDATE', $1)`,
      [otherDistrict],
    );
    const seen = await inTransaction([district], (ctx) =>
      ctx.db.query(`SELECT district_id FROM audit_event`),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r: { district_id: string }) => r.district_id === district)).toBe(true);
  });

  it('redact keeps plain JSON and grantUsed prefers the district admin grant of the row', () => {
    expect(redact({ a: 1n, b: undefined, c: [new Date(0)] })).toEqual({
      a: '1',
      b: null,
      c: ['1970-01-01T00:00:00.000Z'],
    });
    const v: Viewer = {
      ...viewer(Role.DEPARTMENT_HEAD, district),
      grants: [
        { id: 'g1', role: Role.DEPARTMENT_HEAD, districtId: district, organisationId: 'o' },
        { id: 'g2', role: Role.DISTRICT_ADMIN, districtId: district, organisationId: null },
        { id: 'g3', role: Role.VIEWER, districtId: otherDistrict, organisationId: null },
      ],
    };
    expect(grantUsed(v, district)?.id).toBe('g2');
    expect(grantUsed(v, otherDistrict)?.id).toBe('g3');
  });
});
