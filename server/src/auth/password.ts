import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';

/**
 * Password hashing with argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about
 * 20–40 ms per hash on a server core, run on libuv's thread pool so the event loop stays free.
 * The parameters travel inside each hash, so raising them later keeps old hashes verifiable.
 */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Longest password (and username) the API accepts: longer input is BAD_USER_INPUT, never hashed. */
export const MAX_CREDENTIAL_LENGTH = 100;
/** Shortest password a user may set (docs/auth.md "Passwords"). */
export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

/** Whether `password` matches `hash`; false (never a throw) for a malformed hash. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies `password` against a throw-away hash: a sign-in for an unknown username spends the same
 * time as one with a wrong password, so response time does not tell which usernames exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
  return false;
}

/** Lowest zxcvbn score (0–4) a new password must reach: 2 ≈ 10^6 guesses, "somewhat guessable". */
export const MIN_PASSWORD_SCORE = 2;

let strength: ZxcvbnFactory | undefined;
/** zxcvbn-ts with its common-passwords dictionary (loaded on first use: a few MB). */
function passwordStrength(): ZxcvbnFactory {
  strength ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
  });
  return strength;
}

/**
 * Checks a new password against the policy: 8–100 characters of which at least 8 are not
 * whitespace, at least two of letters, digits and other characters, not the username, and not
 * guessable (zxcvbn-ts score ≥ {@link MIN_PASSWORD_SCORE} with the common-passwords list and the
 * username as dictionary: refuses `password1`, `P@ssw0rd`, `qwerty123`, `1qaz2wsx`…). Returns the
 * problem in Chinese, or null when it is fine.
 * @example passwordProblem('demo-2026', 'demo-city') // null
 */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`;
  if (password.replace(/\s/gu, '').length < MIN_PASSWORD_LENGTH)
    return `密码至少需要 ${MIN_PASSWORD_LENGTH} 个非空白字符`;
  if (password.length > MAX_CREDENTIAL_LENGTH) return `密码不能超过 ${MAX_CREDENTIAL_LENGTH} 个字符`;
  const classes = [/\p{L}/u, /\p{N}/u, /[^\p{L}\p{N}]/u].filter((re) => re.test(password)).length;
  if (classes < 2) return '密码须至少包含字母、数字、符号中的两类';
  if (username && password.toLowerCase() === username.toLowerCase()) return '密码不能与用户名相同';
  if (passwordStrength().check(password, username ? [username] : []).score < MIN_PASSWORD_SCORE)
    return '密码过于常见或容易猜到，请换一个更难猜的密码（例如几个不相关的词加数字）';
  return null;
}
