import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env';
import { createDataSource } from '../../src/db/data-source';
import { appUrlFrom } from '../../src/db/roles';
import { LIMITS } from '../../src/graphql/limits';
import { encodeCursor } from '../../src/graphql/pagination';
import { buildAppSchema } from '../../src/graphql/schema';
import { createHttpApp, type HttpApp } from '../../src/http/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { FIXTURE_PASSWORD, seedTenants, type Tenants } from '../support/fixtures';
import { SEEDED_TEMPLATE } from '../support/templates';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  } | null;
}

/**
 * The attacks of issue 9, each sent over HTTP to an in-process server (the real express app,
 * Apollo Server, limits and pool of 20 connections, on a seeded database): each gets its coded
 * answer, the server answers `{ __typename }` right afterwards, and memory stays bounded.
 */
describe('attacks', () => {
  let db: TestDatabase;
  let t: Tenants;
  let pool: DataSource;
  let dev: HttpApp;
  let prod: HttpApp;
  let devUrl: string;
  let prodUrl: string;
  let viewerToken: string;
  const logLines: string[] = [];
  let rssBefore: number;
  let clientDist: string;

  const listen = async (app: HttpApp) => {
    await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  };

  async function send(
    base: string,
    body: unknown,
    headers: Record<string, string> = {},
    path = '/graphql',
  ): Promise<Answer> {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    let parsed: Answer['body'] = null;
    try {
      parsed = JSON.parse(text) as Answer['body'];
    } catch {
      /* not JSON: the assertion shows the text */
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  }
  const gql = (query: string, variables?: Record<string, unknown>, token?: string, base = devUrl) =>
    send(base, { query, variables }, token ? { authorization: `Bearer ${token}` } : {});
  const code = (answer: Answer) => answer.body?.errors?.[0]?.extensions?.code;

  /** The server still answers a trivial query afterwards (a generous bound: no flaky timing). */
  async function stillAnswers() {
    const answer = await fetch(`${devUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(5000),
    });
    expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });
  }

  beforeAll(async () => {
    db = await createTestDatabase(SEEDED_TEMPLATE);
    t = await seedTenants(db.dataSource);
    // The server's pool size (server.ts), not the tests' small default.
    pool = createDataSource(appUrlFrom(db.url), { poolSize: 20 });
    await pool.initialize();
    const log = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });
    const schema = await buildAppSchema();
    dev = await createHttpApp({
      config: { ...loadConfig({ NODE_ENV: 'test' }), cookieSecure: false },
      dataSource: pool,
      log,
      schema,
    });
    // A stand-in for the built client, so that `/` is served as in production.
    clientDist = fs.mkdtempSync(path.join(os.tmpdir(), 'skills-client-'));
    fs.writeFileSync(path.join(clientDist, 'index.html'), '<!doctype html><div id="root"></div>');
    prod = await createHttpApp({
      config: { ...loadConfig({ NODE_ENV: 'production' }), cookieSecure: false, CLIENT_DIST: clientDist },
      dataSource: pool,
      log,
      schema,
    });
    devUrl = await listen(dev);
    prodUrl = await listen(prod);
    const signIn = await gql(
      `mutation ($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }`,
      {
        u: t.users.wulongViewer.username,
        p: FIXTURE_PASSWORD,
      },
    );
    viewerToken = (signIn.body?.data?.signIn as { token: string }).token;
    global.gc?.();
    rssBefore = process.memoryUsage().rss;
  });
  afterAll(async () => {
    await dev?.apollo.stop();
    await prod?.apollo.stop();
    if (pool?.isInitialized) await pool.destroy();
    await db?.drop();
    if (clientDist) fs.rmSync(clientDist, { recursive: true, force: true });
  });

  it('nested duty { assignments { duty … } } from a VIEWER: QUERY_TOO_COMPLEX before execution', async () => {
    const [duty] = (await db.dataSource.query(
      `SELECT d.id FROM duty d JOIN duty_assignment a ON a.duty_id = d.id GROUP BY d.id ORDER BY count(*) DESC LIMIT 1`,
    )) as { id: string }[];
    let selection = 'id title';
    for (let i = 0; i < 5; i++) selection = `id title assignments { assigneeText duty { ${selection} } }`;
    const answer = await gql(`query { duty(id: "${duty!.id}") { ${selection} } }`, undefined, viewerToken);
    expect(code(answer), answer.text.slice(0, 300)).toBe('QUERY_TOO_COMPLEX');
    expect(answer.status).toBe(400);
    await stillAnswers();
  });

  it('1,000 aliases of allocationMatrix: refused (token and alias limits)', async () => {
    const [plan] = (await db.dataSource.query(`SELECT id FROM plan WHERE code = 'CQ-2021-GUIDANCE'`)) as {
      id: string;
    }[];
    const fields = (n: number) =>
      Array.from(
        { length: n },
        (_, i) => `m${i}: allocationMatrix(planId: "${plan!.id}", year: 2021) { rows { cells { value } } }`,
      ).join('\n');
    const thousand = await gql(`query { ${fields(1000)} }`, undefined, viewerToken);
    expect(code(thousand), thousand.text.slice(0, 300)).toBe('QUERY_TOO_COMPLEX');
    const few = await gql(`query { ${fields(LIMITS.maxAliases + 1)} }`, undefined, viewerToken);
    expect(code(few), few.text.slice(0, 300)).toBe('QUERY_TOO_COMPLEX');
    expect(few.body?.errors?.[0]?.extensions?.limit).toBe('aliases');
    await stillAnswers();
  });

  it('a 10 MB document of tokens, signed out: refused by size before parsing', async () => {
    const answer = await gql(`query { ${'__typename '.repeat(1_000_000)} }`);
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'documentBytes',
    });
    const tokens = await gql(`query { ${'__typename '.repeat(3000)} }`);
    expect(code(tokens), tokens.text.slice(0, 300)).toBe('QUERY_TOO_COMPLEX');
    await stillAnswers();
  });

  it('text with NUL or a lone surrogate, a tampered cursor, a malformed id: BAD_USER_INPUT, never INTERNAL', async () => {
    const search = `query ($s: String) { organisations(filter: { search: $s }) { nodes { id } } }`;
    for (const bad of ['a\u0000b', 'x\uD800y', '\uDC00']) {
      const answer = await gql(search, { s: bad }, viewerToken);
      expect(code(answer), answer.text).toBe('BAD_USER_INPUT');
    }
    const literal = await gql(
      `query { organisations(filter: { search: "a\\u0000b" }) { nodes { id } } }`,
      undefined,
      viewerToken,
    );
    expect(code(literal), literal.text).toBe('BAD_USER_INPUT');
    const first = await gql(
      `query { organisations(first: 1) { pageInfo { endCursor } } }`,
      undefined,
      viewerToken,
    );
    const cursor = (first.body?.data?.organisations as { pageInfo: { endCursor: string } }).pageInfo
      .endCursor;
    const [payload, mac] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify({ k: 'organisations', v: ['\u0000', 'not-a-uuid'] })).toString(
      'base64url',
    );
    for (const after of [
      `${forged}.${mac}`,
      `${payload}x.${mac}`,
      'garbage',
      encodeCursor('plans', ['x']),
      '.'.repeat(5000),
    ]) {
      const answer = await gql(
        `query ($a: String) { organisations(after: $a) { nodes { id } } }`,
        { a: after },
        viewerToken,
      );
      expect(code(answer), answer.text).toBe('BAD_USER_INPUT');
    }
    for (const id of ['not-a-uuid', '0', "'; DROP TABLE duty; --", '00000000-0000-0000-0000-00000000000g']) {
      const answer = await gql(
        `query ($id: ID!) { duty(id: $id) { id } organisation(id: $id) { id } }`,
        { id },
        viewerToken,
      );
      // Refused at the edge, before any resolver (graphql/input-guard.ts): one coded error.
      expect(
        answer.body?.errors?.map((e) => e.extensions?.code),
        answer.text,
      ).toEqual(['BAD_USER_INPUT']);
      expect(answer.status).toBe(400);
    }
    const displayName = await gql(
      `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: {
          username: 'nul-user',
          displayName: 'a\u0000b',
          password: 'initial-pass-1',
          grant: { role: 'VIEWER', districtId: t.districts.wulong.id },
        },
      },
      viewerToken,
    );
    expect(code(displayName), displayName.text).toBe('BAD_USER_INPUT');
    await stillAnswers();
  });

  it('bodies: over the limit a GraphQL-shaped 413, a file just under 10 MB still reaches the importer, not JSON a 400', async () => {
    const huge = await send(devUrl, {
      query: 'mutation ($x: String) { __typename }',
      variables: { x: 'a'.repeat(16 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/application\/json/);
    expect(code(huge)).toBe('PAYLOAD_TOO_LARGE');
    const nearly = await gql(
      `mutation ($input: ImportFileInput!) { importPlanFile(input: $input) { rowsRead } }`,
      {
        input: {
          fileName: 'big.csv',
          contentBase64: Buffer.alloc(9.5 * 1024 * 1024, 0x41).toString('base64'),
          planCode: 'WULONG-2019',
          kind: 'DUTY_LIST',
        },
      },
      viewerToken,
    );
    expect(nearly.status).not.toBe(413);
    expect(code(nearly), nearly.text.slice(0, 300)).toBe('FORBIDDEN'); // a viewer: refused by the rules, not the size
    const broken = await send(devUrl, '{"query": ');
    expect(broken.status).toBe(400);
    expect(code(broken)).toBe('BAD_REQUEST');
    const batch = await send(devUrl, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(batch.status).toBe(400);
    await stillAnswers();
  });

  it('production: no field suggestions, no introspection, security headers on every response', async () => {
    const typo = await gql(`{ viewr { id } }`, undefined, undefined, prodUrl);
    expect(typo.text).not.toMatch(/Did you mean/);
    expect(code(typo)).toBe('GRAPHQL_VALIDATION_FAILED');
    const devTypo = await gql(`{ viewr { id } }`);
    expect(devTypo.text).toMatch(/Did you mean/);
    const introspection = await gql(`{ __schema { types { name } } }`, undefined, undefined, prodUrl);
    expect(introspection.body?.errors?.length).toBeGreaterThan(0);
    for (const where of ['/', '/plans/1', '/graphql', '/healthz', '/livez']) {
      const response = await fetch(`${prodUrl}${where}`, { headers: { accept: 'application/json' } });
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, where).toMatch(/default-src 'self'/);
      expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const health = await fetch(`${prodUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, database: 'up' });
  });

  it('50 concurrent wrong sign-ins for one username: at most 5 password checks, others keep answering', async () => {
    const username = t.users.beibeiViewer.username;
    const burst = Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        gql(`mutation ($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }`, {
          u: username,
          p: `wrong-password-${i}`,
        }),
      ),
    );
    // Meanwhile another user's request is answered (pool not exhausted by the waiting sign-ins).
    const other = await gql(`query { viewer { username } }`, undefined, viewerToken);
    expect(other.body?.data?.viewer).toEqual({ username: t.users.wulongViewer.username });
    const answers = await burst;
    const codes = answers.map(code);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(5);
    expect(
      codes.every((c) => c === 'UNAUTHENTICATED' || c === 'TOO_MANY_REQUESTS'),
      codes.join(','),
    ).toBe(true);
    const [checked] = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM login_attempt WHERE username = $1 AND outcome = 'FAILURE'`,
      [username],
    )) as { n: number }[];
    expect(checked!.n).toBe(5);
    await stillAnswers();
  });

  it('logs no unexpected error for any of the attacks, and memory stayed bounded', () => {
    const errors = logLines.filter((l) => /"level":50/.test(l));
    expect(errors, errors.join('\n').slice(0, 2000)).toEqual([]);
    global.gc?.();
    const grown = process.memoryUsage().rss - rssBefore;
    console.log(`memory growth over the attacks: ${Math.round(grown / 1024 / 1024)} MB`);
    expect(grown).toBeLessThan(400 * 1024 * 1024);
  });
});
