import { allow, deny, rule } from 'graphql-shield';
import type { RequestContext } from '../context/context';
import { ForbiddenError, UnauthenticatedError } from '../graphql/errors';
import { Role } from './viewer';

/**
 * The building blocks of the permission map (graphql/permissions.ts). These rules read nothing but
 * the context, so `contextual` caching is safe; a rule that reads arguments or the parent must use
 * `strict` or no cache (graphql-shield once shipped a hole through a contextual default).
 * Rules return our own coded errors: UNAUTHENTICATED signed out, FORBIDDEN signed in.
 */
const signedOut = () => new UnauthenticatedError();

/** Any signed-in user. What they then see is scoped by their grants where the data is read. */
export const isSignedIn = rule({ cache: 'contextual' })((_parent, _args, ctx: RequestContext) =>
  ctx.viewer ? true : signedOut(),
);

/** A signed-in user holding one of `roles` (in any scope: the service checks the target scope). */
export function hasRole(...roles: Role[]) {
  return rule(`hasRole:${roles.join(',')}`, { cache: 'contextual' })((_parent, _args, ctx: RequestContext) => {
    if (!ctx.viewer) return signedOut();
    return ctx.viewer.grants.some((g) => roles.includes(g.role)) ? true : new ForbiddenError();
  });
}

export const isCityAdmin = hasRole(Role.CITY_ADMIN);
export const isDistrictAdmin = hasRole(Role.DISTRICT_ADMIN);
/** City or district admin: may manage district data (the service checks which district). */
export const isAdmin = hasRole(Role.CITY_ADMIN, Role.DISTRICT_ADMIN);

/**
 * Fields of non-root object types: the object was reached through a root field whose rule passed
 * and whose service read it within the viewer's scope, so its fields are readable. A sensitive field
 * gets its own rule in its module's map instead.
 */
export const objectFieldsOfScopedParent = allow;

/** Public fields (sign-in). Named so the permission snapshot shows them. */
export const isPublic = allow;
export { deny };
