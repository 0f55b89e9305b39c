import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { FIXTURE_PASSWORD, seedTenants } from '../../../../test/support/fixtures';
import { loadConfig } from '../../../config/env';
import { buildAppSchema } from '../../../graphql/schema';
import { createHttpApp, type HttpApp } from '../../../http/app';
import { createLogger } from '../../../logging/logger';

/** A minimal cookie jar: what a browser would keep and send back for this one origin. */
class CookieJar {
  private cookies = new Map<string, string>();
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = /expires=Thu, 01 Jan 1970/i.test(line) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string) {
    return this.cookies.get(name);
  }
}

describe('sessions over HTTP (cookie and bearer)', () => {
  let db: TestDatabase;
  let http: HttpApp;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTenants(db.dataSource);
    const config = { ...loadConfig({ NODE_ENV: 'test' }), cookieSecure: false };
    http = await createHttpApp({
      config,
      dataSource: db.appDataSource,
      log: createLogger('silent', false),
      schema: await buildAppSchema(),
    });
    await new Promise<void>((resolve) => http.httpServer.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.httpServer.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await http?.apollo.stop();
    await db?.drop();
  });

  async function post(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { response, body: (await response.json()) as any };
  }
  const SIGN_IN = `mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token user { username } } }`;
  const VIEWER = `{ viewer { username } }`;

  it('sets an httpOnly SameSite=Lax session cookie that signs the browser in, until signOut clears it', async () => {
    const jar = new CookieJar();
    const { response, body } = await post(SIGN_IN, { u: 'wulong-admin', p: FIXTURE_PASSWORD });
    expect(body.errors).toBeUndefined();
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('skills_session='));
    expect(setCookie).toBeDefined();
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).toMatch(/Expires=/);
    expect(setCookie).not.toMatch(/Secure/); // cookieSecure is off in this test
    jar.store(response);
    expect(jar.get('skills_session')).toBe(body.data.signIn.token);

    const me = await post(VIEWER, {}, { cookie: jar.header() });
    expect(me.body.data).toEqual({ viewer: { username: 'wulong-admin' } });
    const users = await post(`{ users { username } }`, {}, { cookie: jar.header() });
    expect(users.body.errors).toBeUndefined();

    const out = await post(`mutation { signOut }`, {}, { cookie: jar.header() });
    expect(out.body.data).toEqual({ signOut: true });
    const cleared = out.response.headers.getSetCookie().find((c) => c.startsWith('skills_session='));
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    const stale = jar.header();
    jar.store(out.response);
    expect(jar.get('skills_session')).toBeUndefined();
    // The revoked cookie, replayed, authenticates nobody.
    expect((await post(VIEWER, {}, { cookie: stale })).body.data).toEqual({ viewer: null });
    expect((await post(`{ users { username } }`, {}, { cookie: stale })).body.errors[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('authenticates the returned token as a bearer token (scripts), and bearer wins over a cookie', async () => {
    const a = (await post(SIGN_IN, { u: 'beibei-admin', p: FIXTURE_PASSWORD })).body.data.signIn
      .token as string;
    const b = (await post(SIGN_IN, { u: 'wulong-viewer', p: FIXTURE_PASSWORD })).body.data.signIn
      .token as string;
    const me = await post(VIEWER, {}, { authorization: `Bearer ${a}` });
    expect(me.body.data).toEqual({ viewer: { username: 'beibei-admin' } });
    const both = await post(VIEWER, {}, { authorization: `Bearer ${a}`, cookie: `skills_session=${b}` });
    expect(both.body.data).toEqual({ viewer: { username: 'beibei-admin' } });
    const junk = await post(VIEWER, {}, { authorization: 'Bearer nonsense' });
    expect(junk.body.data).toEqual({ viewer: null });
  });

  it('counts failures per client address over HTTP (the throttle sees req.ip)', async () => {
    await post(SIGN_IN, { u: 'wulong-admin', p: 'wrong-password-1' });
    const [row] = (await db.dataSource.query(
      `SELECT ip FROM login_attempt WHERE username = 'wulong-admin' AND outcome = 'FAILURE' ORDER BY id DESC LIMIT 1`,
    )) as { ip: string }[];
    expect(row?.ip).toMatch(/127\.0\.0\.1/);
  });
});
