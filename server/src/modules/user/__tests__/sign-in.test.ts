import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { FIXTURE_PASSWORD, seedTenants, type Tenants } from '../../../../test/support/fixtures';
import { hashToken } from '../../../auth/session';

const SIGN_IN = `mutation SignIn($username: String!, $password: String!) {
  signIn(username: $username, password: $password) {
    token expiresAt
    user { id username displayName grants { role districtId district { name } organisation { name } } }
  }
}`;
const VIEWER = `{ viewer { id username grants { role district { name } organisation { name } } } }`;

interface SignInData {
  signIn: {
    token: string;
    expiresAt: string;
    user: {
      id: string;
      username: string;
      grants: { role: string; district: { name: string } | null; organisation: { name: string } | null }[];
    };
  };
}
interface ViewerData {
  viewer: {
    id: string;
    username: string;
    grants: { role: string; district: { name: string } | null; organisation: { name: string } | null }[];
  } | null;
}

describe('sign-in, sessions and the sign-in throttle', () => {
  let db: TestDatabase;
  let api: TestApi;
  let t: Tenants;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await seedTenants(db.dataSource);
    api = await createTestApi(db.appDataSource);
  });
  afterAll(async () => {
    await db.drop();
  });
  beforeEach(async () => {
    // Each test starts with no throttle history.
    await db.dataSource.query(`DELETE FROM login_attempt`);
  });

  const signIn = (username: string, password: string, ip?: string) =>
    ip
      ? api.request<SignInData>(SIGN_IN, { username, password }, { ip })
      : api.query<SignInData>(SIGN_IN, { username, password }, null);

  it('signs in with the right password and answers a session token, its expiry and the user with grants', async () => {
    const result = await signIn('wulong-hr-head', FIXTURE_PASSWORD);
    expect(result.errors).toBeUndefined();
    const payload = result.data!.signIn;
    expect(payload.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const hours = (Date.parse(payload.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    expect(payload.user.username).toBe('wulong-hr-head');
    expect(payload.user.grants).toEqual([
      expect.objectContaining({
        role: 'DEPARTMENT_HEAD',
        district: { name: '武隆区' },
        organisation: { name: '区人力社保局' },
      }),
    ]);
  });

  it('stores only the SHA-256 of the token', async () => {
    const { token } = (await signIn('wulong-viewer', FIXTURE_PASSWORD)).data!.signIn;
    const rows = (await db.dataSource.query(`SELECT token_hash FROM user_session WHERE token_hash = $1`, [
      hashToken(token),
    ])) as { token_hash: Buffer }[];
    expect(rows).toHaveLength(1);
    const raw = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM user_session WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'`,
      [token],
    )) as { n: number }[];
    expect(raw[0]!.n).toBe(0);
  });

  it('normalises the username (case, full-width, spaces)', async () => {
    const result = await signIn('  ＷＵＬＯＮＧ-Admin ', FIXTURE_PASSWORD);
    expect(result.errors).toBeUndefined();
    expect(result.data!.signIn.user.username).toBe('wulong-admin');
  });

  it('answers a wrong password and an unknown username alike: UNAUTHENTICATED, same message', async () => {
    const wrong = await signIn('wulong-admin', 'not-the-password-1');
    const unknown = await signIn('nobody-here', 'not-the-password-1');
    expect(wrong.data).toBeNull();
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(wrong.errors?.[0]?.message).toBe('用户名或密码错误');
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  });

  it('rejects empty and overlong input with BAD_USER_INPUT and a Chinese message, recording nothing', async () => {
    const cases: [string, string, string][] = [
      ['', 'x', '请输入用户名'],
      ['   ', 'x', '请输入用户名'],
      ['wulong-admin', '', '请输入密码'],
      ['a'.repeat(101), 'x', '用户名不能超过 100 个字符'],
      ['wulong-admin', 'p'.repeat(101), '密码不能超过 100 个字符'],
    ];
    for (const [username, password, message] of cases) {
      const result = await signIn(username, password);
      expect(result.errors?.[0]?.extensions?.code, message).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toBe(message);
    }
    const [{ n }] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM login_attempt`)) as [
      { n: number },
    ];
    expect(n).toBe(0);
  });

  it('rejects wrong types through GraphQL validation (variables: BAD_USER_INPUT; literals: GRAPHQL_VALIDATION_FAILED)', async () => {
    const byVariable = await api.query(SIGN_IN, { username: 123, password: ['x'] }, null);
    expect(byVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const missing = await api.query(SIGN_IN, { username: 'wulong-admin' }, null);
    expect(missing.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const literal = await api.query(`mutation { signIn(username: 1, password: true) { token } }`, {}, null);
    expect(literal.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('authenticates a bearer token: viewer answers the user with every grant, names resolved', async () => {
    const { token } = (await signIn('wulong-institution-admin', FIXTURE_PASSWORD)).data!.signIn;
    const result = await api.request<ViewerData>(VIEWER, {}, { token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.viewer).toMatchObject({
      username: 'wulong-institution-admin',
      grants: [
        {
          role: 'INSTITUTION_ADMIN',
          district: { name: '武隆区' },
          organisation: { name: '武隆区职业教育中心' },
        },
      ],
    });
  });

  it('authenticates the session cookie the same way', async () => {
    const { token } = (await signIn('beibei-admin', FIXTURE_PASSWORD)).data!.signIn;
    const result = await api.request<ViewerData>(VIEWER, {}, { cookie: token });
    expect(result.data!.viewer?.username).toBe('beibei-admin');
  });

  it('answers viewer null when signed out or with an unknown or malformed token', async () => {
    expect((await api.query<ViewerData>(VIEWER, {}, null)).data).toEqual({ viewer: null });
    expect((await api.request<ViewerData>(VIEWER, {}, { token: 'A'.repeat(43) })).data).toEqual({
      viewer: null,
    });
    expect((await api.request<ViewerData>(VIEWER, {}, { token: 'not a token' })).data).toEqual({
      viewer: null,
    });
  });

  it('a signed-out caller of a protected field gets UNAUTHENTICATED', async () => {
    const result = await api.request(`{ users { id } }`, {}, { token: 'A'.repeat(43) });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('signOut revokes the session: the token no longer authenticates', async () => {
    const { token } = (await signIn('wulong-admin', FIXTURE_PASSWORD)).data!.signIn;
    expect((await api.request<ViewerData>(VIEWER, {}, { token })).data!.viewer?.username).toBe(
      'wulong-admin',
    );
    const out = await api.request<{ signOut: boolean }>(`mutation { signOut }`, {}, { token });
    expect(out).toEqual({ data: { signOut: true } });
    expect((await api.request<ViewerData>(VIEWER, {}, { token })).data).toEqual({ viewer: null });
    // Signing out again (or signed out) is harmless.
    expect((await api.request<{ signOut: boolean }>(`mutation { signOut }`, {}, { token })).data).toEqual({
      signOut: false,
    });
  });

  it('an expired session no longer authenticates', async () => {
    const { token } = (await signIn('wulong-viewer', FIXTURE_PASSWORD)).data!.signIn;
    await db.dataSource.query(
      `UPDATE user_session SET created_at = now() - interval '13 hours', expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [hashToken(token)],
    );
    expect((await api.request<ViewerData>(VIEWER, {}, { token })).data).toEqual({ viewer: null });
  });

  it('a deactivated user: sessions end, and sign-in says the account is disabled only with the right password', async () => {
    const { token } = (await signIn('beibei-viewer', FIXTURE_PASSWORD)).data!.signIn;
    const deactivated = await api.query(
      `mutation($id: ID!) { setUserActive(userId: $id, active: false) { active } }`,
      { id: t.users.beibeiViewer.id },
      t.viewerOf(t.users.beibeiAdmin),
    );
    expect(deactivated.errors).toBeUndefined();
    expect((await api.request<ViewerData>(VIEWER, {}, { token })).data).toEqual({ viewer: null });
    const right = await signIn('beibei-viewer', FIXTURE_PASSWORD);
    expect(right.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(right.errors?.[0]?.message).toBe('账号已停用，请联系管理员');
    const wrong = await signIn('beibei-viewer', 'wrong-password-1');
    expect(wrong.errors?.[0]?.message).toBe('用户名或密码错误');
    await db.dataSource.query(`UPDATE app_user SET active = true WHERE id = $1`, [t.users.beibeiViewer.id]);
  });

  it('locks a username after 5 failures in 15 minutes, even for the right password, with TOO_MANY_REQUESTS', async () => {
    for (let i = 0; i < 5; i++) {
      const result = await signIn('wulong-education-head', `wrong-${i}-password`);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const locked = await signIn('wulong-education-head', FIXTURE_PASSWORD);
    expect(locked.data).toBeNull();
    const error = locked.errors?.[0];
    expect(error?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    expect(error?.message).toMatch(
      /^登录失败次数过多，该账号已被临时锁定，请于 \d\d:\d\d（北京时间）后重试（约 1[45] 分钟后）$/,
    );
    expect(error?.extensions?.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(error?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    // Other accounts are not affected.
    expect((await signIn('wulong-hr-head', FIXTURE_PASSWORD)).errors).toBeUndefined();
    // Refusals while locked do not extend the lock; once 15 minutes have passed, sign-in works.
    await db.dataSource.query(
      `UPDATE login_attempt SET created_at = created_at - interval '15 minutes 1 second' WHERE username = 'wulong-education-head'`,
    );
    expect((await signIn('wulong-education-head', FIXTURE_PASSWORD)).errors).toBeUndefined();
  });

  it('locks unknown usernames the same way (a lock tells nothing about existence)', async () => {
    for (let i = 0; i < 5; i++) await signIn('ghost-user', `wrong-${i}-password`);
    expect((await signIn('ghost-user', 'anything-1')).errors?.[0]?.extensions?.code).toBe(
      'TOO_MANY_REQUESTS',
    );
  });

  it('does not lock for failures spread wider than the window, and a success resets the count', async () => {
    for (let i = 0; i < 4; i++) await signIn('beibei-hr-head', `wrong-${i}-password`);
    await db.dataSource.query(
      `UPDATE login_attempt SET created_at = created_at - interval '16 minutes' WHERE username = 'beibei-hr-head'`,
    );
    await signIn('beibei-hr-head', 'wrong-4-password');
    expect((await signIn('beibei-hr-head', FIXTURE_PASSWORD)).errors).toBeUndefined();
    for (let i = 0; i < 4; i++) await signIn('beibei-hr-head', `wrong-${i}-password`);
    expect((await signIn('beibei-hr-head', FIXTURE_PASSWORD)).errors).toBeUndefined();
  });

  it('refuses an address after 20 failures in 15 minutes, whatever the usernames', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 20; i++) {
      const result = await signIn(`probe-${i}`, 'wrong-password-1', ip);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const refused = await signIn('wulong-admin', FIXTURE_PASSWORD, ip);
    expect(refused.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.errors?.[0]?.message).toMatch(
      /^当前网络地址登录失败次数过多，已暂时禁止登录，请于 .+后重试/,
    );
    // Another address is not affected.
    expect((await signIn('wulong-admin', FIXTURE_PASSWORD, '198.51.100.1')).errors).toBeUndefined();
  });

  it('changeOwnPassword: checks the current password, applies the policy, revokes the other sessions', async () => {
    const first = (await signIn('beibei-admin', FIXTURE_PASSWORD)).data!.signIn.token;
    const second = (await signIn('beibei-admin', FIXTURE_PASSWORD)).data!.signIn.token;
    const change = (current: string, next: string) =>
      api.request<{ changeOwnPassword: boolean }>(
        `mutation($c: String!, $n: String!) { changeOwnPassword(currentPassword: $c, newPassword: $n) }`,
        { c: current, n: next },
        { token: first },
      );
    const wrong = await change('wrong-password-1', 'new-password-2026');
    expect(wrong.errors?.[0]).toMatchObject({
      message: '当前密码不正确',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const weak = await change(FIXTURE_PASSWORD, 'short');
    expect(weak.errors?.[0]).toMatchObject({
      message: '密码至少需要 8 个字符',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const oneClass = await change(FIXTURE_PASSWORD, 'abcdefghij');
    expect(oneClass.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await change(FIXTURE_PASSWORD, 'new-password-2026')).data).toEqual({ changeOwnPassword: true });
    // This session lives on, the other one is revoked; the new password signs in, the old one not.
    expect((await api.request<ViewerData>(VIEWER, {}, { token: first })).data!.viewer?.username).toBe(
      'beibei-admin',
    );
    expect((await api.request<ViewerData>(VIEWER, {}, { token: second })).data).toEqual({ viewer: null });
    expect((await signIn('beibei-admin', FIXTURE_PASSWORD)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await signIn('beibei-admin', 'new-password-2026')).errors).toBeUndefined();
    // Put the fixture password back for the other tests.
    await api.request(
      `mutation($c: String!, $n: String!) { changeOwnPassword(currentPassword: $c, newPassword: $n) }`,
      { c: 'new-password-2026', n: FIXTURE_PASSWORD },
      { token: first },
    );
  });

  it('changeOwnPassword is refused signed out with UNAUTHENTICATED', async () => {
    const result = await api.query(
      `mutation { changeOwnPassword(currentPassword: "a", newPassword: "b") }`,
      {},
      null,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
