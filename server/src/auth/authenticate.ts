import type { Request } from 'express';
import type { DataSource, EntityManager } from 'typeorm';
import type { ContextDeps } from '../context/context';
import { poolOf } from '../db/data-source';
import { openTenantTransaction } from '../db/tenant';
import { hashToken, tokenFromRequest } from './session';
import type { District } from '../modules/district/district.entity';
import type { Organisation } from '../modules/organisation/organisation.entity';
import { EMPTY_SCOPE, type Grant, type TenantScope, type Viewer } from './viewer';

/**
 * The scope of the authenticator's own reads. Before a request's grants are known there is no scope
 * to apply, yet the grants themselves are tenant rows (user_grant.district_id) that row-level
 * security hides without one. So the authenticator reads with `app.reads_all` on — a deliberate
 * bypass, and the only one in this module: it runs only in {@link readAsAuthenticator}'s read-only
 * transactions, whose every query is filtered by one user's id. (The per-request session lookup,
 * {@link viewerOfToken}, needs no such scope: it is one SECURITY DEFINER function call.)
 */
const AUTHENTICATOR_SCOPE: TenantScope = { ...EMPTY_SCOPE, readsAllDistricts: true };

/**
 * Runs `fn` in a short read-only transaction of its own (not the request's) in which the
 * authenticator may read any user's account and grants. Callers must filter by one user.
 * Used by sign-in to answer with the account it just signed in.
 */
export async function readAsAuthenticator<T>(
  dataSource: DataSource,
  userId: string | null,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const tx = await openTenantTransaction(dataSource, AUTHENTICATOR_SCOPE, userId, true);
  try {
    const result = await fn(tx.manager);
    await tx.commit();
    return result;
  } catch (error) {
    await tx.rollback();
    throw error;
  }
}

interface SessionRow {
  session_id: string;
  user_id: string;
  username: string;
  display_name: string;
  created_at: Date;
  grants: (Grant & { createdAt: string; district: District | null; organisation: Organisation | null })[];
}

/**
 * The viewer of a session token: the session must exist, be neither revoked nor expired, and belong
 * to an active user. ONE statement, outside any transaction: the SQL function app_session_viewer
 * (migrations SessionViewer and SessionAccount, SECURITY DEFINER) reads session, user and grants
 * (each organisation grant with its district, stored beside it), with the district and organisation
 * each grant names, so that the `viewer` query needs nothing more. Null for anything else: the
 * request is then signed out.
 */
export async function viewerOfToken(dataSource: DataSource, token: string): Promise<Viewer | null> {
  const { rows } = await poolOf(dataSource).query<SessionRow>(
    `SELECT session_id, user_id, username, display_name, created_at, grants FROM app_session_viewer($1)`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) return null;
  const grants: Grant[] = row.grants.map((g) => ({
    id: g.id,
    role: g.role,
    districtId: g.districtId,
    organisationId: g.organisationId,
  }));
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    sessionId: row.session_id,
    grants,
    account: {
      createdAt: row.created_at,
      grants: row.grants.map((g, i) => ({
        ...grants[i]!,
        createdAt: new Date(g.createdAt),
        district: g.district,
        organisation: g.organisation,
      })),
    },
  };
}

/**
 * The `authenticate` hook of the request context (context/context.ts): the bearer token or session
 * cookie of the request → its viewer, or null (signed out) when there is none or it is not valid.
 * Reads through `deps.dataSource` directly, before the operation's transaction exists.
 */
export async function authenticate(deps: ContextDeps, req: Request | undefined): Promise<Viewer | null> {
  const token = tokenFromRequest(req);
  if (!token) return null;
  const viewer = await viewerOfToken(deps.dataSource, token);
  if (!viewer) deps.log.debug('session token is unknown, expired or revoked: signed out');
  return viewer;
}
