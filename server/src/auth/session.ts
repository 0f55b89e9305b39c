import { createHash, randomBytes } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import type { AppConfig } from '../config/env';

/** Name of the session cookie (httpOnly, SameSite=Lax, Secure when config.cookieSecure). */
export const SESSION_COOKIE = 'skills_session';

/** A session token: 32 random bytes, base64url (43 characters). */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new random session token. Only its hash is stored ({@link hashToken}). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 of a token: what user_session.token_hash holds. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * The session token a request carries: `Authorization: Bearer <token>` (scripts) first, else the
 * `skills_session` cookie (the browser client). Anything not shaped like a token is ignored, so a
 * malformed header never reaches the database.
 */
export function tokenFromRequest(req: Request | undefined): string | null {
  if (!req) return null;
  const header = req.headers?.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] && TOKEN_PATTERN.test(match[1])) return match[1];
  }
  const cookie = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof cookie === 'string' && TOKEN_PATTERN.test(cookie) ? cookie : null;
}

function cookieOptions(config: AppConfig): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, path: '/' };
}

/** Sets the session cookie on the response (no-op without an HTTP response, e.g. in-process tests). */
export function setSessionCookie(
  res: Response | undefined,
  config: AppConfig,
  token: string,
  expiresAt: Date,
) {
  res?.cookie(SESSION_COOKIE, token, { ...cookieOptions(config), expires: expiresAt });
}

/** Clears the session cookie (sign-out). */
export function clearSessionCookie(res: Response | undefined, config: AppConfig) {
  res?.clearCookie(SESSION_COOKIE, cookieOptions(config));
}

/** The caller's address for the per-address sign-in throttle (express `req.ip`; null in-process). */
export function clientAddress(req: Request | undefined): string | null {
  return req?.ip ?? req?.socket?.remoteAddress ?? null;
}

/** The User-Agent header, shortened for storage. */
export function userAgentOf(req: Request | undefined): string | null {
  const ua = req?.headers?.['user-agent'];
  return typeof ua === 'string' ? ua.slice(0, 300) : null;
}
