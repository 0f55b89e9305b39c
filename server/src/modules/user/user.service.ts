import { In, QueryFailedError, type EntityManager } from 'typeorm';
import { readAsAuthenticator } from '../../auth/authenticate';
import {
  hashPassword,
  MAX_CREDENTIAL_LENGTH,
  passwordProblem,
  verifyAgainstDummy,
  verifyPassword,
} from '../../auth/password';
import {
  pruneAuthTables,
  reserveSignInAttempt,
  settleAttempt,
  sleep,
  throttleFor,
} from '../../auth/rate-limit';
import {
  clearSessionCookie,
  clientAddress,
  hashToken,
  newSessionToken,
  setSessionCookie,
  userAgentOf,
} from '../../auth/session';
import { DISTRICT_ROLES, ORGANISATION_ROLES, Role } from '../../auth/viewer';
import type { RequestContext } from '../../context/context';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../../graphql/errors';
import { recordAudit } from '../audit/audit.service';
import { District } from '../district/district.entity';
import { Organisation, OrganisationKind } from '../organisation/organisation.entity';
import { normaliseUsername, usernameProblem } from './accounts';
import { User, UserGrant } from './user.entity';
import type { CreateUserInput, GrantInput, SignInPayload, UserAccount, UserGrantView } from './user.types';

/**
 * Accounts, grants and sessions (docs/auth.md). Every function takes the request context first and
 * reads and writes through `ctx.db` (the operation's transaction, row-level security applied),
 * except where a comment says why not: the sign-in throttle's bookkeeping and the authenticator's
 * own reads run on the pool (`ctx.dataSource`).
 *
 * Who may manage whom: a CITY_ADMIN manages every user and grant; a DISTRICT_ADMIN the users holding
 * a grant in a district they administer, and only grants in those districts. A user or grant
 * outside the caller's reach answers NOT_FOUND, as if it did not exist.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: string | null | undefined): value is string => !!value && UUID.test(value);

/** The same answer for an unknown username and a wrong password: no user enumeration. */
const BAD_CREDENTIALS = '用户名或密码错误';
const MAX_DISPLAY_NAME = 50;

// ---------------------------------------------------------------------------------------------
// Scope of the caller

/** Districts the caller administers, or 'ALL' for a city admin. */
function managedDistricts(ctx: RequestContext): 'ALL' | string[] {
  if (ctx.viewer?.grants.some((g) => g.role === Role.CITY_ADMIN)) return 'ALL';
  return ctx.scope.adminDistrictIds;
}

function managesDistrict(ctx: RequestContext, districtId: string | null): boolean {
  const managed = managedDistricts(ctx);
  return managed === 'ALL' || (districtId !== null && managed.includes(districtId));
}

function requireViewer(ctx: RequestContext) {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer;
}

// ---------------------------------------------------------------------------------------------
// Reading accounts

/**
 * Loads accounts with their grants (district and organisation joined) in two statements, in the
 * order of `userIds`. `showGrant` picks the grants the caller may see.
 */
export async function loadAccounts(
  db: EntityManager,
  userIds: string[],
  showGrant: (grant: UserGrant) => boolean = () => true,
): Promise<UserAccount[]> {
  if (!userIds.length) return [];
  const users = await db.getRepository(User).find({ where: { id: In(userIds) } });
  const grants = await db.getRepository(UserGrant).find({
    where: { userId: In(userIds) },
    relations: { district: true, organisation: true },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  const byUser = new Map<string, UserGrantView[]>();
  for (const grant of grants) {
    if (!showGrant(grant)) continue;
    const list = byUser.get(grant.userId) ?? [];
    list.push({
      id: grant.id,
      role: grant.role,
      districtId: grant.districtId,
      district: grant.district ?? null,
      organisationId: grant.organisationId,
      organisation: grant.organisation ?? null,
      createdAt: grant.createdAt,
    });
    byUser.set(grant.userId, list);
  }
  const byId = new Map(users.map((u) => [u.id, u]));
  return userIds
    .map((id) => byId.get(id))
    .filter((u): u is User => !!u)
    .map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      active: u.active,
      createdAt: u.createdAt,
      grants: byUser.get(u.id) ?? [],
    }));
}

/** One account as the caller may see it (grants of their districts only, for a district admin). */
async function managedAccount(ctx: RequestContext, userId: string): Promise<UserAccount> {
  const [account] = await loadAccounts(ctx.db, [userId], (g) => managesDistrict(ctx, g.districtId));
  if (!account) throw new NotFoundError('用户不存在或无权访问');
  return account;
}

/**
 * The user `userId` if the caller manages them: a city admin any user; a district admin a user
 * holding at least one grant in a district they administer. Otherwise NOT_FOUND.
 */
async function findManagedUser(ctx: RequestContext, userId: string): Promise<User> {
  const notFound = new NotFoundError('用户不存在或无权访问');
  if (!isUuid(userId)) throw notFound;
  const user = await ctx.db.getRepository(User).findOne({ where: { id: userId } });
  if (!user) throw notFound;
  const managed = managedDistricts(ctx);
  if (managed === 'ALL') return user;
  const [hit] = (await ctx.db.query(
    `SELECT 1 FROM user_grant WHERE user_id = $1 AND district_id = ANY ($2::uuid[]) LIMIT 1`,
    [userId, managed],
  )) as unknown[];
  if (!hit) throw notFound;
  return user;
}

/**
 * `viewer`: the signed-in user with all their grants; null when signed out. Answered from what the
 * session lookup already read (auth/authenticate.ts) when it is there: no statement of its own.
 */
export async function viewerAccount(ctx: RequestContext): Promise<UserAccount | null> {
  if (!ctx.viewer) return null;
  const session = ctx.viewer.account;
  if (session) {
    return {
      id: ctx.viewer.userId,
      username: ctx.viewer.username,
      displayName: ctx.viewer.displayName,
      active: true, // app_session_viewer answers only for an active user
      createdAt: session.createdAt,
      grants: session.grants,
    };
  }
  const [account] = await loadAccounts(ctx.db, [ctx.viewer.userId]);
  return account ?? null;
}

/**
 * `users(districtId)`: a city admin sees every user; a district admin the users holding a grant in a
 * district they administer. `districtId` only narrows: a district the caller does not administer
 * (or a malformed id) gives an empty list, never another district's users.
 */
export async function listUsers(ctx: RequestContext, districtId?: string | null): Promise<UserAccount[]> {
  requireViewer(ctx);
  const managed = managedDistricts(ctx);
  let districts: string[] | null;
  if (districtId !== undefined && districtId !== null) {
    if (!isUuid(districtId) || !managesDistrict(ctx, districtId)) return [];
    districts = [districtId];
  } else {
    districts = managed === 'ALL' ? null : managed;
  }
  if (districts !== null && districts.length === 0) return [];
  const rows = (await ctx.db.query(
    `SELECT u.id FROM app_user u
      WHERE $1::uuid[] IS NULL
         OR EXISTS (SELECT 1 FROM user_grant g WHERE g.user_id = u.id AND g.district_id = ANY ($1::uuid[]))
      ORDER BY u.username`,
    [districts],
  )) as { id: string }[];
  return loadAccounts(
    ctx.db,
    rows.map((r) => r.id),
    (g) => managesDistrict(ctx, g.districtId),
  );
}

// ---------------------------------------------------------------------------------------------
// Sign-in and sign-out

function credentialProblem(value: string, empty: string, label: string): string | null {
  if (!value.trim()) return empty;
  if (value.length > MAX_CREDENTIAL_LENGTH) return `${label}不能超过 ${MAX_CREDENTIAL_LENGTH} 个字符`;
  return null;
}

/**
 * `signIn`: checks the throttle, then the password (argon2id), then opens a session: the token is
 * returned once (for `Authorization: Bearer`) and set as the httpOnly `skills_session` cookie; only
 * its SHA-256 is stored.
 *
 * Answers: BAD_USER_INPUT for empty or overlong input (nothing is recorded); TOO_MANY_REQUESTS while
 * the username or the address is locked; UNAUTHENTICATED "用户名或密码错误" for an unknown username
 * and a wrong password alike (same message, same argon2 work); UNAUTHENTICATED "账号已停用" only to
 * someone who gave the right password of a deactivated account.
 */
export async function signIn(
  ctx: RequestContext,
  rawUsername: string,
  password: string,
): Promise<SignInPayload> {
  const problem =
    credentialProblem(rawUsername, '请输入用户名', '用户名') ??
    credentialProblem(password, '请输入密码', '密码');
  if (problem) throw new BadInputError(problem);
  const username = normaliseUsername(rawUsername);
  const ip = clientAddress(ctx.req);
  const throttle = throttleFor(ctx.config);

  // Bookkeeping on the pool, not ctx.db: a failed sign-in answers with an error, which rolls the
  // mutation's transaction back, and the failure must be remembered all the same. The attempt is
  // reserved (recorded as a failure) atomically before the password is checked, so concurrent
  // attempts cannot pass the throttle's limit (auth/rate-limit.ts).
  const state = await reserveSignInAttempt(ctx.dataSource, throttle, username, ip);

  const user = await ctx.db.getRepository(User).findOne({ where: { username } });
  const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!user || !valid) {
    const delay = throttle.failureDelayMs(state.accountFailures);
    if (delay > 0) await sleep(delay);
    throw new UnauthenticatedError(BAD_CREDENTIALS);
  }
  if (!user.active) {
    await settleAttempt(ctx.dataSource, state, 'INACTIVE');
    throw new UnauthenticatedError('账号已停用，请联系管理员');
  }

  const token = newSessionToken();
  const [session] = (await ctx.db.query(
    `INSERT INTO user_session (user_id, token_hash, expires_at, ip, user_agent)
     VALUES ($1, $2, now() + make_interval(secs => $3), $4, $5)
     RETURNING id, expires_at AS "expiresAt"`,
    [user.id, hashToken(token), ctx.config.SESSION_TTL_HOURS * 3600, ip, userAgentOf(ctx.req)],
  )) as { id: string; expiresAt: Date }[];
  await settleAttempt(ctx.dataSource, state, 'SUCCESS');
  void pruneAuthTables(ctx.dataSource, ctx.log);
  setSessionCookie(ctx.res, ctx.config, token, session!.expiresAt);
  ctx.log.info({ userId: user.id, sessionId: session!.id }, 'signed in');

  // The request is still signed out (empty scope), so the new user's grants are read the way the
  // authenticator reads them (its own read-only transaction, filtered by this one user).
  const [account] = await readAsAuthenticator(ctx.dataSource, user.id, (db) => loadAccounts(db, [user.id]));
  return { token, expiresAt: session!.expiresAt, user: account! };
}

/**
 * `signOut`: revokes the session of the request (if any) and clears the cookie. Public, so that a
 * client with an expired session can still clear its cookie; answers whether a session was revoked.
 */
export async function signOut(ctx: RequestContext): Promise<boolean> {
  clearSessionCookie(ctx.res, ctx.config);
  if (!ctx.viewer || !isUuid(ctx.viewer.sessionId)) return false;
  const rows = (await ctx.db.query(
    `UPDATE user_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
    [ctx.viewer.sessionId],
  )) as [unknown[], number] | unknown[];
  ctx.log.info({ sessionId: ctx.viewer.sessionId }, 'signed out');
  return affected(rows) > 0;
}

/** Row count of an UPDATE ... RETURNING through TypeORM's postgres driver ([rows, count]). */
function affected(result: unknown): number {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[1];
  return Array.isArray(result) ? result.length : 0;
}

/**
 * `changeOwnPassword`: the current password is checked (a wrong one counts toward the sign-in
 * throttle of the username, so a stolen session cannot be used to guess it), the new one against the
 * policy; every other session of the user is revoked.
 */
export async function changeOwnPassword(
  ctx: RequestContext,
  currentPassword: string,
  newPassword: string,
): Promise<boolean> {
  const viewer = requireViewer(ctx);
  const problem = credentialProblem(currentPassword, '请输入当前密码', '密码');
  if (problem) throw new BadInputError(problem);
  const ip = clientAddress(ctx.req);
  const throttle = throttleFor(ctx.config);
  const state = await reserveSignInAttempt(ctx.dataSource, throttle, viewer.username, ip);
  const user = await ctx.db.getRepository(User).findOne({ where: { id: viewer.userId } });
  if (!user) throw new UnauthenticatedError();
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    const delay = throttle.failureDelayMs(state.accountFailures);
    if (delay > 0) await sleep(delay);
    throw new BadInputError('当前密码不正确', { field: 'currentPassword' });
  }
  // The right current password: the reserved attempt was no failure.
  await settleAttempt(ctx.dataSource, state, 'SUCCESS');
  const policy = passwordProblem(newPassword, user.username);
  if (policy) throw new BadInputError(policy, { field: 'newPassword' });
  if (newPassword === currentPassword)
    throw new BadInputError('新密码不能与当前密码相同', { field: 'newPassword' });
  await ctx.db.query(
    `UPDATE app_user SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE id = $1`,
    [user.id, await hashPassword(newPassword)],
  );
  await ctx.db.query(
    `UPDATE user_session SET revoked_at = now()
      WHERE user_id = $1 AND id IS DISTINCT FROM $2::uuid AND revoked_at IS NULL`,
    [user.id, isUuid(viewer.sessionId) ? viewer.sessionId : null],
  );
  ctx.log.info({ userId: user.id }, 'password changed; other sessions revoked');
  // The fact of the change only: neither password nor hash reaches the log.
  await recordAudit(ctx, {
    entityType: 'USER',
    entityId: user.id,
    action: 'CHANGE_PASSWORD',
    districtId: await userDistrict(ctx, user.id),
    after: { username: user.username, otherSessionsRevoked: true },
  });
  return true;
}

// ---------------------------------------------------------------------------------------------
// Managing users and grants

/** Which organisation kinds each organisation role may be granted for. */
const ROLE_ORGANISATION_KINDS: Partial<Record<Role, OrganisationKind[]>> = {
  [Role.DEPARTMENT_HEAD]: [
    OrganisationKind.GOVERNMENT_DEPARTMENT,
    OrganisationKind.MASS_ORGANISATION,
    OrganisationKind.SUBDISTRICT_OR_TOWN,
    OrganisationKind.OTHER,
  ],
  [Role.INSTITUTION_ADMIN]: [OrganisationKind.TRAINING_INSTITUTION],
  [Role.ENTERPRISE_ADMIN]: [OrganisationKind.ENTERPRISE],
};

const ROLE_LABEL: Record<Role, string> = {
  [Role.CITY_ADMIN]: '市级管理员',
  [Role.DISTRICT_ADMIN]: '区县管理员',
  [Role.VIEWER]: '只读用户',
  [Role.DEPARTMENT_HEAD]: '部门负责人',
  [Role.INSTITUTION_ADMIN]: '培训机构管理员',
  [Role.ENTERPRISE_ADMIN]: '企业管理员',
};

/** A grant the caller may give, with its scope completed (an organisation role's district). */
interface GrantTarget {
  role: Role;
  districtId: string | null;
  organisationId: string | null;
}

/**
 * Checks that the caller may grant `input` and completes its scope. This checks the TARGET scope
 * (the district or organisation being granted), not only the caller's role — Vendure's
 * assignPromotionsToChannel once checked only the latter:
 *
 * - CITY_ADMIN: only a city admin grants it; no district or organisation.
 * - DISTRICT_ADMIN / VIEWER: a district the caller administers (a city admin: any), FORBIDDEN
 *   otherwise (districts are public reference data, so there is nothing to hide).
 * - organisation roles: an organisation of a district the caller administers; another district's
 *   organisation answers NOT_FOUND; its kind must fit the role; a given districtId must be its
 *   district. Nobody can thus grant above their own role or outside their scope.
 */
async function grantTarget(ctx: RequestContext, input: GrantInput): Promise<GrantTarget> {
  const role = input.role;
  const districtId = input.districtId ?? null;
  const organisationId = input.organisationId ?? null;
  if (role === Role.CITY_ADMIN) {
    if (districtId || organisationId) throw new BadInputError('市级管理员的授权不指定区县或单位');
    if (managedDistricts(ctx) !== 'ALL') throw new ForbiddenError('只有市级管理员可以授予市级管理员角色');
    return { role, districtId: null, organisationId: null };
  }
  if (DISTRICT_ROLES.includes(role)) {
    if (organisationId) throw new BadInputError(`${ROLE_LABEL[role]}的授权只指定区县，不指定单位`);
    if (!districtId) throw new BadInputError(`请指定${ROLE_LABEL[role]}所属的区县`);
    const district = isUuid(districtId)
      ? await ctx.db.getRepository(District).findOne({ where: { id: districtId } })
      : null;
    if (!district) throw new NotFoundError('区县不存在');
    if (!managesDistrict(ctx, district.id)) throw new ForbiddenError('只能在本人管理的区县内授权');
    return { role, districtId: district.id, organisationId: null };
  }
  if (ORGANISATION_ROLES.includes(role)) {
    if (!organisationId) throw new BadInputError(`请指定${ROLE_LABEL[role]}所属的单位`);
    const organisation = isUuid(organisationId)
      ? await ctx.db.getRepository(Organisation).findOne({ where: { id: organisationId } })
      : null;
    // Another district's organisation answers as if it did not exist (row-level security hides it
    // too; this check does not rely on that).
    if (!organisation || (organisation.districtId !== null && !managesDistrict(ctx, organisation.districtId)))
      throw new NotFoundError('单位不存在或无权访问');
    if (organisation.districtId === null)
      throw new BadInputError(`${organisation.name}是市级单位，不属于任何区县，不能授予单位角色`);
    if (districtId && districtId !== organisation.districtId)
      throw new BadInputError('指定的区县与单位所属区县不一致');
    if (!ROLE_ORGANISATION_KINDS[role]?.includes(organisation.kind))
      throw new BadInputError(`${organisation.name}的单位类型不适合授予${ROLE_LABEL[role]}角色`);
    return { role, districtId: organisation.districtId, organisationId: organisation.id };
  }
  throw new BadInputError('未知角色');
}

function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driver = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } })
    ?.driverError;
  return (
    error instanceof QueryFailedError &&
    driver?.code === '23505' &&
    (constraint === undefined || driver.constraint === constraint)
  );
}

async function insertGrant(ctx: RequestContext, userId: string, target: GrantTarget): Promise<string> {
  const [existing] = (await ctx.db.query(
    `SELECT 1 FROM user_grant WHERE user_id = $1 AND role = $2
        AND district_id IS NOT DISTINCT FROM $3::uuid AND organisation_id IS NOT DISTINCT FROM $4::uuid`,
    [userId, target.role, target.districtId, target.organisationId],
  )) as unknown[];
  if (existing) throw new ConflictError('该用户已有此授权');
  try {
    const [row] = (await ctx.db.query(
      `INSERT INTO user_grant (user_id, role, district_id, organisation_id, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [userId, target.role, target.districtId, target.organisationId, ctx.viewer?.userId ?? null],
    )) as { id: string }[];
    return row!.id;
  } catch (error) {
    if (isUniqueViolation(error, 'user_grant_unique')) throw new ConflictError('该用户已有此授权');
    throw error;
  }
}

/**
 * `createUser`: a new account with its first grant (checked by {@link grantTarget} before anything is
 * written). A username that exists (in any district: usernames are global) answers CONFLICT.
 */
export async function createUser(ctx: RequestContext, input: CreateUserInput): Promise<UserAccount> {
  const viewer = requireViewer(ctx);
  const username = normaliseUsername(input.username);
  const usernameIssue = usernameProblem(username);
  if (usernameIssue) throw new BadInputError(usernameIssue, { field: 'username' });
  const displayName = input.displayName.trim();
  if (!displayName) throw new BadInputError('请输入姓名或显示名称', { field: 'displayName' });
  if (displayName.length > MAX_DISPLAY_NAME)
    throw new BadInputError(`显示名称不能超过 ${MAX_DISPLAY_NAME} 个字符`, { field: 'displayName' });
  const policy = passwordProblem(input.password, username);
  if (policy) throw new BadInputError(policy, { field: 'password' });
  const target = await grantTarget(ctx, input.grant);

  const [taken] = (await ctx.db.query(`SELECT 1 FROM app_user WHERE username = $1`, [username])) as unknown[];
  if (taken) throw new ConflictError(`用户名 ${username} 已被使用`, { field: 'username' });
  let userId: string;
  try {
    const [row] = (await ctx.db.query(
      `INSERT INTO app_user (username, display_name, password_hash, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
      [username, displayName, await hashPassword(input.password), viewer.userId],
    )) as { id: string }[];
    userId = row!.id;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError(`用户名 ${username} 已被使用`, { field: 'username' });
    throw error;
  }
  const grantId = await insertGrant(ctx, userId, target);
  ctx.log.info({ userId, role: target.role, districtId: target.districtId }, 'user created');
  await recordAudit(ctx, {
    entityType: 'USER',
    entityId: userId,
    action: 'CREATE',
    districtId: target.districtId,
    organisationId: target.organisationId,
    after: { username, displayName, active: true, grant: { id: grantId, ...target } },
  });
  return managedAccount(ctx, userId);
}

/** `grantRole`: adds a grant to a user the caller manages (see {@link grantTarget} for what). */
export async function grantRole(
  ctx: RequestContext,
  userId: string,
  input: GrantInput,
): Promise<UserAccount> {
  requireViewer(ctx);
  const user = await findManagedUser(ctx, userId);
  const target = await grantTarget(ctx, input);
  const grantId = await insertGrant(ctx, user.id, target);
  ctx.log.info({ userId: user.id, role: target.role, districtId: target.districtId }, 'role granted');
  await recordAudit(ctx, {
    entityType: 'GRANT',
    entityId: grantId,
    action: 'CREATE',
    districtId: target.districtId,
    organisationId: target.organisationId,
    after: { userId: user.id, username: user.username, ...target },
  });
  return managedAccount(ctx, user.id);
}

/**
 * `revokeGrant`: removes a grant of the caller's districts (a city admin: any). Another district's
 * grant answers NOT_FOUND. Nobody revokes their own grant (an admin cannot lock themself out).
 */
export async function revokeGrant(ctx: RequestContext, grantId: string): Promise<UserAccount> {
  const viewer = requireViewer(ctx);
  const notFound = new NotFoundError('授权不存在或无权访问');
  if (!isUuid(grantId)) throw notFound;
  const grant = await ctx.db.getRepository(UserGrant).findOne({ where: { id: grantId } });
  if (!grant || !managesDistrict(ctx, grant.districtId)) throw notFound;
  if (grant.userId === viewer.userId) throw new BadInputError('不能撤销自己的授权');
  // The same check as granting: a district admin could give this grant, so may take it back.
  if (grant.role === Role.CITY_ADMIN && managedDistricts(ctx) !== 'ALL') throw notFound;
  await ctx.db.query(`DELETE FROM user_grant WHERE id = $1`, [grant.id]);
  ctx.log.info({ userId: grant.userId, grantId: grant.id, role: grant.role }, 'grant revoked');
  await recordAudit(ctx, {
    entityType: 'GRANT',
    entityId: grant.id,
    action: 'DELETE',
    districtId: grant.districtId,
    organisationId: grant.organisationId,
    before: {
      userId: grant.userId,
      role: grant.role,
      districtId: grant.districtId,
      organisationId: grant.organisationId,
    },
  });
  return managedAccount(ctx, grant.userId);
}

/**
 * `setUserActive`: (de)activates a user the caller manages; deactivation revokes their sessions.
 * A district admin may do so only for users whose every grant lies in districts they administer:
 * an account shared with another district or the city is the city admin's to switch off.
 */
export async function setUserActive(
  ctx: RequestContext,
  userId: string,
  active: boolean,
): Promise<UserAccount> {
  const viewer = requireViewer(ctx);
  const user = await findManagedUser(ctx, userId);
  if (user.id === viewer.userId) throw new BadInputError('不能停用或启用自己的账号');
  const managed = managedDistricts(ctx);
  if (managed !== 'ALL') {
    // The user's grants in other districts are hidden from this transaction by row-level security,
    // yet they decide the answer: read the districts (only they, never shown) as the authenticator.
    const districts = await readAsAuthenticator(ctx.dataSource, viewer.userId, async (db) =>
      (
        (await db.query(`SELECT DISTINCT district_id FROM user_grant WHERE user_id = $1`, [user.id])) as {
          district_id: string | null;
        }[]
      ).map((r) => r.district_id),
    );
    if (districts.some((d) => d === null || !managed.includes(d)))
      throw new ForbiddenError('该用户在其他区县或全市范围也有授权，只能由市级管理员停用或启用');
  }
  await ctx.db.query(`UPDATE app_user SET active = $2, updated_at = now() WHERE id = $1`, [user.id, active]);
  if (!active)
    await ctx.db.query(
      `UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
      [user.id],
    );
  ctx.log.info({ userId: user.id, active }, active ? 'user activated' : 'user deactivated');
  await recordAudit(ctx, {
    entityType: 'USER',
    entityId: user.id,
    action: active ? 'ACTIVATE' : 'DEACTIVATE',
    districtId: await userDistrict(ctx, user.id),
    before: { username: user.username, active: user.active },
    after: { username: user.username, active },
  });
  return managedAccount(ctx, user.id);
}

/**
 * The district an event about a user's account is filed under (users have no tenant of their own):
 * for a district admin the first of the admin's districts the user holds a grant in; otherwise the
 * district of the user's grants when there is exactly one (a user changing their own password);
 * null (a city-level event, read by city admins) for a user of several districts or of none.
 */
async function userDistrict(ctx: RequestContext, userId: string): Promise<string | null> {
  const rows = (await ctx.db.query(
    `SELECT DISTINCT district_id FROM user_grant WHERE user_id = $1 AND district_id IS NOT NULL ORDER BY district_id`,
    [userId],
  )) as { district_id: string }[];
  const districts = rows.map((r) => r.district_id);
  const managed = managedDistricts(ctx);
  const administered = managed === 'ALL' ? undefined : districts.find((d) => managed.includes(d));
  if (administered) return administered;
  return districts.length === 1 ? districts[0]! : null;
}
