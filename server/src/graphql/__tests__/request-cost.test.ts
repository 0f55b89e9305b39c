import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { seedTenants, type Tenants } from '../../../test/support/fixtures';
import { countStatements, type SqlCounter } from '../../../test/support/sql-counter';
import { viewerOfToken } from '../../auth/authenticate';
import { hashToken } from '../../auth/session';
import { EMPTY_SCOPE } from '../../auth/viewer';
import { beginStatement } from '../../db/tenant';

/**
 * The per-request floor (issue 8), in SQL statements sent to PostgreSQL, counted on the pool:
 * authentication is ONE statement (session, user and grants through app_session_viewer), an
 * operation that reads no table sends nothing else, and an operation that does read opens its
 * transaction with ONE round trip (BEGIN, READ ONLY and the scope) and ends it with COMMIT.
 */
describe('statements per request', () => {
  let db: TestDatabase;
  let api: TestApi;
  let counter: SqlCounter;
  let t: Tenants;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await seedTenants(db.dataSource);
    api = await createTestApi(db.appDataSource);
    token = randomBytes(32).toString('base64url');
    await db.dataSource.query(
      `INSERT INTO user_session (user_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 hour')`,
      [t.users.wulongAdmin.id, hashToken(token)],
    );
    counter = countStatements(db.appDataSource);
  });
  afterAll(async () => {
    counter.stop();
    await db.drop();
  });

  it('authenticates in one statement, outside any transaction', async () => {
    const { result: viewer, statements } = await counter.measure(() =>
      viewerOfToken(db.appDataSource, token),
    );
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/app_session_viewer/);
    expect(viewer?.username).toBe(t.users.wulongAdmin.username);
    expect(viewer?.grants.map((g) => g.role)).toEqual(['DISTRICT_ADMIN']);
    // An unknown token: one statement too, and no viewer.
    const unknown = await counter.measure(() => viewerOfToken(db.appDataSource, 'x'.repeat(43)));
    expect(unknown.result).toBeNull();
    expect(unknown.count).toBe(1);
  });

  it('answers a signed-in { __typename } with the authentication statement only', async () => {
    const { result, statements } = await counter.measure(() =>
      api.request<{ __typename: string }>(`{ __typename }`, undefined, { token }),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ __typename: 'Query' });
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/app_session_viewer/);
  });

  it('answers a signed-out { __typename } without any statement', async () => {
    const { result, count } = await counter.measure(() => api.query(`{ __typename }`, undefined, null));
    expect(result.data).toEqual({ __typename: 'Query' });
    expect(count).toBe(0);
  });

  it('answers a signed-in { viewer } with the authentication statement only (no transaction)', async () => {
    const { result, statements } = await counter.measure(() =>
      api.request<{
        viewer: {
          username: string;
          createdAt: string;
          grants: { role: string; createdAt: string; district: { name: string; code: string } | null }[];
        };
      }>(
        `{ viewer { id username displayName createdAt grants { role createdAt district { name code } organisation { name } } } }`,
        undefined,
        { token },
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.viewer.username).toBe(t.users.wulongAdmin.username);
    expect(result.data?.viewer.grants).toEqual([
      expect.objectContaining({
        role: 'DISTRICT_ADMIN',
        district: { name: '武隆区', code: t.districts.wulong.code },
        organisation: null,
      }),
    ]);
    // Dates come back as dates, as from the tables.
    expect(Number.isNaN(Date.parse(result.data!.viewer.createdAt))).toBe(false);
    expect(Number.isNaN(Date.parse(result.data!.viewer.grants[0]!.createdAt))).toBe(false);
    expect(statements, statements.join('\n---\n')).toHaveLength(1);
    expect(statements[0]).toMatch(/app_session_viewer/);
  });

  it('answers a department head’s { viewer } with their organisation from the session', async () => {
    const hrToken = 'h'.repeat(43);
    await db.dataSource.query(
      `INSERT INTO user_session (user_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 hour')`,
      [t.users.wulongHrHead.id, hashToken(hrToken)],
    );
    const { result, count } = await counter.measure(() =>
      api.request<{ viewer: { grants: { organisation: { name: string; kind: string } | null }[] } }>(
        `{ viewer { grants { role districtId organisation { id name kind category } } } }`,
        undefined,
        { token: hrToken },
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.viewer.grants).toEqual([
      expect.objectContaining({
        organisation: expect.objectContaining({ name: t.organisations.wulongHr.name }),
      }),
    ]);
    expect(count).toBe(1);
  });

  it('writes the scope as literals that can only be on/off and uuids', () => {
    const sql = beginStatement(
      { ...EMPTY_SCOPE, readableDistrictIds: [t.districts.wulong.id], writableDistrictIds: [] },
      t.users.wulongAdmin.id,
      true,
    );
    expect(sql).toContain(`set_config('app.read_districts', '{${t.districts.wulong.id}}', true)`);
    expect(sql).toContain(`set_config('app.reads_all', 'off', true)`);
    expect(() =>
      beginStatement({ ...EMPTY_SCOPE, readableDistrictIds: ["x'); DROP TABLE duty; --"] }, null, true),
    ).toThrow(/not a uuid/);
    expect(() => beginStatement(EMPTY_SCOPE, "' OR 1=1", true)).toThrow(/not a uuid/);
  });
});
