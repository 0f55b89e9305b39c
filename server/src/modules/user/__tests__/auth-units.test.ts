import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../../../auth/password';
import { DEFAULT_THROTTLE, lockedUntil, throttleFor } from '../../../auth/rate-limit';
import { describeRule, hasRole, isAdmin } from '../../../auth/rules';
import {
  clearSessionCookie,
  hashToken,
  newSessionToken,
  SESSION_COOKIE,
  setSessionCookie,
  tokenFromRequest,
} from '../../../auth/session';
import { Role } from '../../../auth/viewer';
import { loadConfig } from '../../../config/env';
import { normaliseUsername, usernameProblem } from '../accounts';

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('demo-2026');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword(hash, 'demo-2026')).toBe(true);
    expect(await verifyPassword(hash, 'demo-2027')).toBe(false);
    expect(await verifyPassword('not a hash', 'demo-2026')).toBe(false);
  });

  it('applies the policy: 8–100 characters, two classes, not the username', () => {
    expect(passwordProblem('demo-2026', 'demo-city')).toBeNull();
    expect(passwordProblem('密码安全2026')).toBeNull();
    expect(passwordProblem('short1')).toBe('密码至少需要 8 个字符');
    expect(passwordProblem('a1'.repeat(51))).toBe('密码不能超过 100 个字符');
    expect(passwordProblem('onlyletters')).toBe('密码须至少包含字母、数字、符号中的两类');
    expect(passwordProblem('12345678')).toBe('密码须至少包含字母、数字、符号中的两类');
    expect(passwordProblem('Admin-2026', 'admin-2026')).toBe('密码不能与用户名相同');
  });
  it('refuse common passwords and whitespace padding', () => {
    for (const common of ['password1', 'P@ssw0rd', 'qwerty123', '1qaz2wsx', 'abc12345'])
      expect(passwordProblem(common), common).toMatch(/过于常见/);
    expect(passwordProblem(' '.repeat(8) + '1')).toBe('密码至少需要 8 个非空白字符');
    expect(passwordProblem('\t\t\t\t\t\t\tx1')).toBe('密码至少需要 8 个非空白字符');
    expect(passwordProblem('fixture-pass-2026')).toBeNull();
  });
});

describe('usernames', () => {
  it('normalise to NFKC, trimmed, lower-case', () => {
    expect(normaliseUsername('  ＷＵＬＯＮＧ-Admin ')).toBe('wulong-admin');
  });
  it('must be 3–64 of a-z 0-9 . _ -', () => {
    expect(usernameProblem('wulong.admin_2')).toBeNull();
    expect(usernameProblem('')).toBe('请输入用户名');
    expect(usernameProblem('ab')).not.toBeNull();
    expect(usernameProblem('-abc')).not.toBeNull();
    expect(usernameProblem('张三')).not.toBeNull();
    expect(usernameProblem('a'.repeat(65))).not.toBeNull();
  });
});

describe('session tokens', () => {
  it('are 43 base64url characters; the stored hash is their SHA-256', () => {
    const token = newSessionToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSessionToken()).not.toBe(token);
    expect(hashToken(token)).toHaveLength(32);
  });

  it('come from the bearer header first, else the cookie; malformed values are ignored', () => {
    const token = newSessionToken();
    const other = newSessionToken();
    const req = (headers: Record<string, string>, cookies: Record<string, string> = {}) =>
      ({ headers, cookies }) as unknown as Request;
    expect(tokenFromRequest(req({ authorization: `Bearer ${token}` }))).toBe(token);
    expect(tokenFromRequest(req({ authorization: `bearer ${token}` }))).toBe(token);
    expect(tokenFromRequest(req({}, { [SESSION_COOKIE]: token }))).toBe(token);
    expect(tokenFromRequest(req({ authorization: `Bearer ${token}` }, { [SESSION_COOKIE]: other }))).toBe(
      token,
    );
    expect(tokenFromRequest(req({ authorization: 'Bearer short' }, { [SESSION_COOKIE]: other }))).toBe(other);
    expect(tokenFromRequest(req({ authorization: `Basic ${token}` }))).toBeNull();
    expect(tokenFromRequest(req({}, { [SESSION_COOKIE]: "x' OR 1=1" }))).toBeNull();
    expect(tokenFromRequest(undefined)).toBeNull();
  });

  it('travel in an httpOnly SameSite=Lax cookie, Secure when configured', () => {
    const calls: unknown[][] = [];
    const res = {
      cookie: (...args: unknown[]) => calls.push(['cookie', ...args]),
      clearCookie: (...args: unknown[]) => calls.push(['clear', ...args]),
    } as unknown as Response;
    const expires = new Date('2026-01-01T12:00:00Z');
    setSessionCookie(res, { ...loadConfig({ NODE_ENV: 'test' }), cookieSecure: true }, 'tok', expires);
    setSessionCookie(res, { ...loadConfig({ NODE_ENV: 'test' }), cookieSecure: false }, 'tok', expires);
    clearSessionCookie(res, { ...loadConfig({ NODE_ENV: 'test' }), cookieSecure: true });
    expect(calls).toEqual([
      [
        'cookie',
        SESSION_COOKIE,
        'tok',
        { httpOnly: true, sameSite: 'lax', secure: true, path: '/', expires },
      ],
      [
        'cookie',
        SESSION_COOKIE,
        'tok',
        { httpOnly: true, sameSite: 'lax', secure: false, path: '/', expires },
      ],
      ['clear', SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: true, path: '/' }],
    ]);
    expect(loadConfig({ NODE_ENV: 'production', DEMO_ACCOUNTS: 'false' }).cookieSecure).toBe(true);
  });
});

describe('the sign-in throttle', () => {
  const min = 60_000;
  it('locks after max failures within the window, for lockMs after the last of them', () => {
    expect(lockedUntil([0, 1, 2, 3], 5, 15 * min, 15 * min)).toBeNull();
    expect(lockedUntil([0, 1, 2, 3, 4], 5, 15 * min, 15 * min)).toBe(4 + 15 * min);
    // Five failures spread over more than the window do not lock.
    expect(lockedUntil([0, 4 * min, 8 * min, 12 * min, 16 * min], 5, 15 * min, 15 * min)).toBeNull();
    // A later run of five extends the lock from its own last failure.
    expect(lockedUntil([0, 1, 2, 3, 4, 10 * min], 5, 15 * min, 15 * min)).toBe(25 * min);
  });

  it('delays failures progressively (at most 1 s) outside tests, not at all in tests', () => {
    expect([1, 2, 3, 5, 20].map(DEFAULT_THROTTLE.failureDelayMs)).toEqual([0, 250, 500, 1000, 1000]);
    expect(throttleFor({ NODE_ENV: 'test' }).failureDelayMs(5)).toBe(0);
    expect(throttleFor({ NODE_ENV: 'production' }).failureDelayMs(5)).toBe(1000);
  });
});

describe('rules', () => {
  it('hasRole is one named rule per set of roles, whatever their order', () => {
    expect(hasRole(Role.DISTRICT_ADMIN, Role.CITY_ADMIN)).toBe(isAdmin);
    expect(describeRule(isAdmin)).toBe('hasRole(CITY_ADMIN, DISTRICT_ADMIN)');
  });
});
