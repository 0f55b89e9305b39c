import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env';
import { AppError } from '../graphql/errors';
import type { LoginOutcome } from '../modules/user/user.entity';

/**
 * The sign-in throttle (docs/auth.md "Sign-in throttle"). Failed attempts are counted per username
 * (known or not, so a lock tells nothing about whether an account exists) and per client address:
 *
 * - `maxFailuresPerAccount` failures of one username within `windowMs`, counted since the
 *   username's last successful sign-in, lock the username for `lockMs` after the last of them;
 * - `maxFailuresPerAddress` failures from one address within `windowMs` (any usernames, successes
 *   do not reset it) refuse that address for `lockMs` likewise;
 * - a failure is answered after `failureDelayMs(n)`, n = the username's failures in the window.
 *
 * While locked, even the right password is refused (TOO_MANY_REQUESTS) and the refusal is recorded
 * as LOCKED, which does not extend the lock. The attempts live in `login_attempt`, written on the
 * pool directly: the sign-in mutation's transaction rolls back on the error it answers with.
 */
export interface SignInThrottle {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMs: number;
  lockMs: number;
  failureDelayMs(failuresInWindow: number): number;
}

const MINUTE = 60_000;

export const DEFAULT_THROTTLE: SignInThrottle = {
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 20,
  windowMs: 15 * MINUTE,
  lockMs: 15 * MINUTE,
  // 0 ms for the first failure, then 250 ms more per failure, at most 1 s: the delay holds the
  // mutation's pooled connection, so it stays short; the lock does the real work.
  failureDelayMs: (n) => Math.min(Math.max(n - 1, 0) * 250, 1000),
};

/** The throttle in force: no delay under NODE_ENV=test (tests stay fast), the limits unchanged. */
export function throttleFor(config: Pick<AppConfig, 'NODE_ENV'>): SignInThrottle {
  return config.NODE_ENV === 'test' ? { ...DEFAULT_THROTTLE, failureDelayMs: () => 0 } : DEFAULT_THROTTLE;
}

/** Answer to a sign-in while its username or address is locked. */
export class TooManyRequestsError extends AppError {
  constructor(message: string, until: Date, now: Date) {
    super('TOO_MANY_REQUESTS', message, {
      retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
      lockedUntil: until.toISOString(),
    });
  }
}

/**
 * When a series of failures (ascending epoch ms) locks: the latest `failure[i] + lockMs` over every
 * run of `max` consecutive failures that fits within `windowMs`. Null when no run does.
 * @example lockedUntil([0, 1, 2, 3, 4], 5, 10, 100) // 104
 */
export function lockedUntil(
  failures: number[],
  max: number,
  windowMs: number,
  lockMs: number,
): number | null {
  let until: number | null = null;
  for (let i = max - 1; i < failures.length; i++) {
    const first = failures[i - max + 1]!;
    const last = failures[i]!;
    if (last - first <= windowMs) until = Math.max(until ?? 0, last + lockMs);
  }
  return until;
}

/** "15:42" in China Standard Time, how the message tells a person when to come back. */
const clock = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

function retryText(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / MINUTE));
  return `请于 ${clock.format(until)}（北京时间）后重试（约 ${minutes} 分钟后）`;
}

/** What the throttle knows about an attempt before the password is checked. */
export interface ThrottleState {
  /** Failures of the username within the window, since its last success (this attempt included). */
  accountFailures: number;
  now: Date;
  /** The `login_attempt` row of this attempt: recorded as FAILURE until {@link settleAttempt}. */
  attemptId: string;
}

/**
 * Per-username queue of this process: reservations of one username run one after the other
 * without holding a database connection while they wait (the advisory lock inside covers other
 * processes sharing the database).
 */
const queues = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  try {
    return await run;
  } finally {
    if (queues.get(key) === tail) queues.delete(key);
  }
}

/**
 * Reserves an attempt atomically, before the password is checked: under a per-username lock
 * (in-process queue + `pg_advisory_xact_lock`) it reads the failures and either refuses with
 * TOO_MANY_REQUESTS (recorded as LOCKED) or records this attempt as a FAILURE at once, which
 * {@link settleAttempt} turns into SUCCESS or INACTIVE afterwards. So concurrent attempts for one
 * username see each other: at most `maxFailuresPerAccount` passwords are checked before the lock,
 * however many arrive at once. Runs in one short transaction on the pool, never the request's.
 */
export async function reserveSignInAttempt(
  dataSource: DataSource,
  throttle: SignInThrottle,
  username: string,
  ip: string | null,
): Promise<ThrottleState> {
  const result = await oneAtATime(`user:${username}`, () =>
    dataSource.transaction('READ COMMITTED', async (db) => {
      await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('login:' || $1, 0))`, [username]);
      const horizonSeconds = (throttle.windowMs + throttle.lockMs) / 1000;
      const [row] = (await db.query(
        `SELECT extract(epoch FROM now()) * 1000 AS now,
                array(SELECT extract(epoch FROM a.created_at) * 1000 FROM login_attempt a
                       WHERE a.username = $1 AND a.outcome = 'FAILURE'
                         AND a.created_at > now() - make_interval(secs => $3)
                         AND a.created_at > coalesce((SELECT max(s.created_at) FROM login_attempt s
                                                       WHERE s.username = $1 AND s.outcome = 'SUCCESS'), '-infinity')
                       ORDER BY a.created_at) AS account,
                array(SELECT extract(epoch FROM a.created_at) * 1000 FROM login_attempt a
                       WHERE $2::text IS NOT NULL AND a.ip = $2 AND a.outcome = 'FAILURE'
                         AND a.created_at > now() - make_interval(secs => $3)
                       ORDER BY a.created_at) AS address`,
        [username, ip, horizonSeconds],
      )) as { now: string; account: string[]; address: string[] }[];
      const now = Number(row?.now ?? Date.now());
      const account = (row?.account ?? []).map(Number);
      const address = (row?.address ?? []).map(Number);
      const nowDate = new Date(now);

      const accountUntil = lockedUntil(
        account,
        throttle.maxFailuresPerAccount,
        throttle.windowMs,
        throttle.lockMs,
      );
      const addressUntil = lockedUntil(
        address,
        throttle.maxFailuresPerAddress,
        throttle.windowMs,
        throttle.lockMs,
      );
      const refuse = async (until: Date, message: string) => {
        await db.query(`INSERT INTO login_attempt (username, ip, outcome) VALUES ($1, $2, 'LOCKED')`, [
          username,
          ip,
        ]);
        return new TooManyRequestsError(`${message}，${retryText(until, nowDate)}`, until, nowDate);
      };
      // Returned, not thrown: the LOCKED row commits with this transaction.
      if (accountUntil !== null && accountUntil > now)
        return refuse(new Date(accountUntil), '登录失败次数过多，该账号已被临时锁定');
      if (addressUntil !== null && addressUntil > now)
        return refuse(new Date(addressUntil), '当前网络地址登录失败次数过多，已暂时禁止登录');
      const [attempt] = (await db.query(
        `INSERT INTO login_attempt (username, ip, outcome) VALUES ($1, $2, 'FAILURE') RETURNING id`,
        [username, ip],
      )) as { id: string }[];
      return {
        accountFailures: account.filter((t) => t > now - throttle.windowMs).length + 1,
        now: nowDate,
        attemptId: String(attempt!.id),
      };
    }),
  );
  if (result instanceof TooManyRequestsError) throw result;
  return result;
}

/** Settles a reserved attempt once the password was checked: SUCCESS or INACTIVE (FAILURE stays). */
export async function settleAttempt(
  dataSource: DataSource,
  state: ThrottleState,
  outcome: Exclude<LoginOutcome, 'FAILURE' | 'LOCKED'>,
): Promise<void> {
  await dataSource.query(`UPDATE login_attempt SET outcome = $2 WHERE id = $1`, [state.attemptId, outcome]);
}
/** Appends one attempt to `login_attempt` on the pool (committed whatever the mutation does). */
export async function recordAttempt(
  dataSource: DataSource,
  username: string,
  ip: string | null,
  outcome: LoginOutcome,
): Promise<void> {
  await dataSource.query(`INSERT INTO login_attempt (username, ip, outcome) VALUES ($1, $2, $3)`, [
    username,
    ip,
    outcome,
  ]);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long sign-in attempts and ended sessions are kept (audit), in days. */
export const AUTH_RETENTION_DAYS = 30;
const PRUNE_EVERY_MS = 60 * MINUTE;
let lastPrune = 0;

/**
 * Deletes sign-in attempts and ended sessions older than {@link AUTH_RETENTION_DAYS}, at most once
 * an hour per process (called after a successful sign-in; runs on the pool, never fails a request).
 */
export async function pruneAuthTables(dataSource: DataSource, log: Logger, force = false): Promise<void> {
  const now = Date.now();
  if (!force && now - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = now;
  try {
    await dataSource.query(`DELETE FROM login_attempt WHERE created_at < now() - make_interval(days => $1)`, [
      AUTH_RETENTION_DAYS,
    ]);
    await dataSource.query(
      `DELETE FROM user_session
        WHERE expires_at < now() - make_interval(days => $1)
           OR revoked_at < now() - make_interval(days => $1)`,
      [AUTH_RETENTION_DAYS],
    );
  } catch (error) {
    log.warn({ err: error }, 'could not prune old sign-in attempts and sessions');
  }
}
