import type { AddressInfo } from 'node:net';
import { Client, type Pool, type PoolClient } from 'pg';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi } from '../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { seedTenants, type Tenants } from '../../../test/support/fixtures';
import { loadConfig } from '../../config/env';
import { createDataSource } from '../../db/data-source';
import { appUrlFrom } from '../../db/roles';
import { createHttpApp, type HttpApp } from '../../http/app';
import { MAX_ATTEMPTS } from '../retry';
import { buildAppSchema } from '../schema';

const DEACTIVATE = `mutation Deactivate($id: ID!) { setUserActive(userId: $id, active: false) { id active } }`;

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  sqlState?: string;
  attempt?: number;
  attempts?: number;
}

/**
 * What PostgreSQL does to a mutation's transaction beyond the request's control (issue 9): a
 * deadlock or serialisation failure runs the whole operation again (at most MAX_ATTEMPTS times,
 * graphql/retry.ts), and a COMMIT that fails answers a coded error with data null, never the data
 * the operation computed and never a bare HTTP 500 (graphql/transaction-plugin.ts). Over real HTTP,
 * against real PostgreSQL deadlocks, deferred triggers and a terminated backend.
 */
describe('deadlocks, serialisation failures and failed commits', () => {
  let db: TestDatabase;
  let t: Tenants;
  let app: DataSource;
  let http: HttpApp;
  let url: string;
  let token: string;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await seedTenants(db.dataSource);
    // The server's sessions wait 2 s before they look for a deadlock, the test's own session 60 s:
    // PostgreSQL then always aborts the server's transaction, however slow the machine is.
    await db.dataSource.query(`ALTER DATABASE "${db.name}" SET deadlock_timeout = '2s'`);
    app = createDataSource(appUrlFrom(db.url), { poolSize: 4 });
    await app.initialize();
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
    http = await createHttpApp({
      config: { ...loadConfig({ NODE_ENV: 'test' }), cookieSecure: false },
      dataSource: app,
      log,
      schema: await buildAppSchema(),
    });
    await new Promise<void>((resolve) => http.httpServer.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.httpServer.address() as AddressInfo).port}/graphql`;
    ({ token } = await t.signInAs(await createTestApi(app), 'city-admin'));
  });
  afterEach(async () => {
    await db.dataSource.query(`DROP TRIGGER IF EXISTS test_commit_fault ON audit_event`);
  });
  afterAll(async () => {
    await http?.apollo.stop();
    http?.httpServer.close();
    await app?.destroy();
    await db?.drop();
  });

  async function deactivate(userId: string) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: DEACTIVATE, variables: { id: userId } }),
    });
    const body = (await response.json()) as {
      data?: { setUserActive: { id: string; active: boolean } } | null;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
    return { status: response.status, requestId: response.headers.get('x-request-id'), body };
  }

  async function userState(userId: string) {
    const [user] = (await db.dataSource.query(`SELECT active FROM app_user WHERE id = $1`, [userId])) as {
      active: boolean;
    }[];
    const [audit] = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'DEACTIVATE'`,
      [userId],
    )) as { n: number }[];
    return { active: user!.active, audits: audit!.n };
  }

  /** Waits until a backend of the test database matching `where` shows up; returns its pid. */
  async function backendWhere(where: string): Promise<number> {
    for (let i = 0; i < 500; i++) {
      const rows = (await db.dataSource.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND ${where}`,
      )) as { pid: number }[];
      if (rows[0]) return rows[0].pid;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no backend where ${where}`);
  }

  /**
   * A deferred trigger on audit_event running `body` at COMMIT (as the owner: SECURITY DEFINER,
   * the application role may not use the counting sequence) of every transaction that audits.
   */
  async function atCommit(body: string) {
    await db.dataSource.query(
      `CREATE OR REPLACE FUNCTION test_commit_fault() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
       BEGIN PERFORM nextval('test_commit_attempts'); ${body}; RETURN NULL; END $$`,
    );
    await db.dataSource.query(`DROP SEQUENCE IF EXISTS test_commit_attempts`);
    await db.dataSource.query(`CREATE SEQUENCE test_commit_attempts`);
    await db.dataSource.query(
      `CREATE CONSTRAINT TRIGGER test_commit_fault AFTER INSERT ON audit_event
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_commit_fault()`,
    );
  }
  const commitAttempts = async () =>
    Number(
      (
        (await db.dataSource.query(`SELECT last_value, is_called FROM test_commit_attempts`)) as {
          last_value: string;
          is_called: boolean;
        }[]
      )[0]!.last_value,
    );

  it('a real deadlock aborts the mutation once: it runs again, answers OK, writes exactly once, logs a warning', async () => {
    const target = t.users.wulongViewer;
    const blocker = new Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query(`BEGIN`);
      await blocker.query(`SET LOCAL deadlock_timeout = '60s'`);
      // The mutation will update the user's row, then wait here to insert its audit event…
      await blocker.query(`LOCK TABLE audit_event IN SHARE MODE`);
      const answer = deactivate(target.id);
      await backendWhere(`wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO%audit_event%'`);
      // …while this session waits for the user's row the mutation holds: a deadlock, which the
      // server's backend detects first and is aborted (40P01). Its row lock goes with it.
      await blocker.query(`UPDATE app_user SET display_name = display_name WHERE id = $1`, [target.id]);
      await blocker.query(`ROLLBACK`);
      const { status, requestId, body } = await answer;
      expect(body.errors).toBeUndefined();
      expect(status).toBe(200);
      expect(body.data?.setUserActive).toEqual({ id: target.id, active: false });
      expect(await userState(target.id)).toEqual({ active: false, audits: 1 });
      expect(
        lines.filter((l) => l.requestId === requestId && l.level === 40 && l.sqlState === '40P01'),
      ).toEqual([
        expect.objectContaining({
          msg: 'deadlock or serialisation failure: running the operation again',
          attempt: 1,
        }),
      ]);
      // The deadlock is handled, not a defect: nothing at error level for this request.
      expect(lines.filter((l) => l.requestId === requestId && l.level >= 50)).toEqual([]);
    } finally {
      await blocker.end();
    }
  });

  it(`a serialisation failure that persists: ${MAX_ATTEMPTS} attempts, then CONFLICT (retryable), data unchanged`, async () => {
    const target = t.users.beibeiViewer;
    await atCommit(`RAISE EXCEPTION 'could not serialize access (test)' USING ERRCODE = '40001'`);
    const { status, requestId, body } = await deactivate(target.id);
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toEqual({ code: 'CONFLICT', retryable: true });
    expect(body.errors![0]!.message).toMatch(/冲突.*重试/u);
    expect(status).toBe(200);
    expect(await commitAttempts()).toBe(MAX_ATTEMPTS);
    expect(await userState(target.id)).toEqual({ active: true, audits: 0 });
    const warnings = lines.filter((l) => l.requestId === requestId && l.level === 40);
    expect(warnings.map((l) => l.msg)).toEqual([
      ...Array.from(
        { length: MAX_ATTEMPTS - 1 },
        () => 'deadlock or serialisation failure: running the operation again',
      ),
      'deadlock or serialisation failure persisted: answered CONFLICT (retryable)',
    ]);
  });

  it('the in-process test API retries the same way: a serialisation failure at the first COMMIT only, then OK, written once', async () => {
    const target = t.users.wulongHrHead;
    await atCommit(
      `IF currval('test_commit_attempts') = 1 THEN
         RAISE EXCEPTION 'could not serialize access (test)' USING ERRCODE = '40001';
       END IF`,
    );
    const api = await createTestApi(app, t.viewerOf(t.users.cityAdmin));
    const result = await api.query(DEACTIVATE, { id: target.id });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ setUserActive: { id: target.id, active: false } });
    expect(await commitAttempts()).toBe(2);
    expect(await userState(target.id)).toEqual({ active: false, audits: 1 });
  });

  it('a deferred constraint that fails at COMMIT answers CONFLICT with data null, logged at error level', async () => {
    const target = t.users.beibeiAdmin;
    await atCommit(`RAISE EXCEPTION 'deferred check (test)' USING ERRCODE = '23514'`);
    const { status, requestId, body } = await deactivate(target.id);
    expect(body).toEqual({
      data: null,
      errors: [{ message: expect.stringMatching(/冲突/u), extensions: { code: 'CONFLICT' } }],
    });
    expect(status).toBe(200);
    expect(await commitAttempts()).toBe(1); // not retried: running it again would fail the same way
    expect(await userState(target.id)).toEqual({ active: true, audits: 0 });
    expect(lines.filter((l) => l.requestId === requestId && l.level === 50).map((l) => l.msg)).toEqual([
      'COMMIT failed: nothing the operation wrote was saved',
    ]);
  });

  it('a connection lost during COMMIT answers SERVICE_UNAVAILABLE (retryable, 503) with data null; nothing saved', async () => {
    const target = t.users.wulongAdmin;
    await atCommit(`PERFORM pg_sleep(30)`);
    // Each connection the pool gets back, with the error it was handed back with.
    const releases: { pid: number; error: boolean }[] = [];
    const pool = (app.driver as unknown as { master: Pool }).master;
    const onRelease = (error: Error | undefined, client: PoolClient) =>
      releases.push({ pid: (client as unknown as { processID: number }).processID, error: !!error });
    pool.on('release', onRelease);
    const answer = deactivate(target.id);
    const pid = await backendWhere(`query = 'COMMIT' AND state = 'active'`);
    await db.dataSource.query(`SELECT pg_terminate_backend($1)`, [pid]);
    const { status, requestId, body } = await answer;
    pool.off('release', onRelease);
    // The broken connection went back as broken, so the pool closed it at once: the next request
    // cannot take it before its socket's close arrives.
    // (The same connection may have served the session lookup before: its last release counts.)
    expect(releases.filter((r) => r.pid === pid).at(-1)).toEqual({ pid, error: true });
    expect(body).toEqual({
      data: null,
      errors: [{ message: expect.any(String), extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } }],
    });
    expect(status).toBe(503);
    await db.dataSource.query(`DROP TRIGGER test_commit_fault ON audit_event`);
    expect(await userState(target.id)).toEqual({ active: true, audits: 0 });
    expect(lines.filter((l) => l.requestId === requestId && l.level === 50).map((l) => l.msg)).toContain(
      'COMMIT failed: nothing the operation wrote was saved',
    );
    // The pool dropped the broken connection: the next request is served.
    const again = await deactivate(target.id);
    expect(again.body.errors).toBeUndefined();
    expect(await userState(target.id)).toEqual({ active: false, audits: 1 });
  });
});
