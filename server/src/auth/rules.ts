import { rule } from 'graphql-shield';
import type { RequestContext } from '../context/context';
import { ForbiddenError, UnauthenticatedError } from '../graphql/errors';
import { Role } from './viewer';

/**
 * The building blocks of the permission map (graphql/permissions.ts). These rules read nothing but
 * the context, so `contextual` caching is safe; a rule that reads arguments or the parent must use
 * `strict` or no cache (graphql-shield once shipped a hole through a contextual default).
 * Rules return our own coded errors: UNAUTHENTICATED signed out, FORBIDDEN signed in.
 *
 * Every rule has a readable, unique name: shield caches contextual rules by name (two rules sharing
 * one would share a cached answer) and the permission snapshot (graphql/__tests__/permissions.snap.txt)
 * prints it.
 */
const signedOut = () => new UnauthenticatedError();
const refused = (ctx: RequestContext) => (ctx.viewer ? new ForbiddenError() : signedOut());

/** Any signed-in user. What they then see is scoped by their grants where the data is read. */
export const isSignedIn = rule('isSignedIn', { cache: 'contextual' })(
  (_parent, _args, ctx: RequestContext) => (ctx.viewer ? true : signedOut()),
);

/** Canonical order of roles in rule names, so hasRole(B, A) and hasRole(A, B) are one rule. */
const ROLE_ORDER = Object.values(Role);
const hasRoleRules = new Map<string, ReturnType<ReturnType<typeof rule>>>();

/**
 * A signed-in user holding one of `roles` (in any scope: the service checks the target scope).
 * Named `hasRole(CITY_ADMIN, DISTRICT_ADMIN)`; the same roles always give the same rule instance
 * (shield refuses two different rules of one name).
 */
export function hasRole(...roles: Role[]) {
  const sorted = [...new Set(roles)].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));
  const name = `hasRole(${sorted.join(', ')})`;
  let existing = hasRoleRules.get(name);
  if (!existing) {
    existing = rule(name, { cache: 'contextual' })((_parent, _args, ctx: RequestContext) => {
      if (!ctx.viewer) return signedOut();
      return ctx.viewer.grants.some((g) => sorted.includes(g.role)) ? true : new ForbiddenError();
    });
    hasRoleRules.set(name, existing);
  }
  return existing;
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
export const objectFieldsOfScopedParent = rule('objectFieldsOfScopedParent', { cache: 'contextual' })(
  () => true,
);

/**
 * Public fields (sign-in, the signed-out `viewer`). A named rule rather than shield's `allow`, so
 * the permission snapshot tells a deliberately public field from anything else.
 */
export const isPublic = rule('isPublic', { cache: 'contextual' })(() => true);

/**
 * Nobody: the fallback rule of the permission map and the rule of a field that is switched off.
 * Answers UNAUTHENTICATED signed out and FORBIDDEN signed in, like every other refusal, rather
 * than shield's generic "Not Authorised!".
 */
export const deny = rule('deny', { cache: 'contextual' })((_parent, _args, ctx: RequestContext) =>
  refused(ctx),
);

/**
 * A readable description of a rule for the permission snapshot: its name, or for shield's logic
 * rules the operator over the names (`and(isSignedIn, hasRole(VIEWER))`).
 */
export function describeRule(value: unknown): string {
  if (value && typeof value === 'object') {
    const named = value as { name?: unknown; getRules?: () => unknown[]; constructor: { name: string } };
    if (typeof named.name === 'string') return named.name;
    const kind = named.constructor.name; // RuleAnd, RuleOr, RuleChain, RuleRace, RuleNot, RuleTrue, RuleFalse
    if (kind === 'RuleTrue') return 'allow';
    if (kind === 'RuleFalse') return 'shield.deny';
    if (typeof named.getRules === 'function') {
      const op = kind.replace(/^Rule/, '').toLowerCase();
      return `${op}(${named.getRules().map(describeRule).join(', ')})`;
    }
  }
  return String(value);
}
