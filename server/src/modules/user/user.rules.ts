import { isAdmin, isPublic, isSignedIn } from '../../auth/rules';
import type { RuleMap } from '../../graphql/permissions';

/**
 * Who may call the user module's fields. The rules only look at the caller's roles; which users,
 * districts and organisations they reach is checked by user.service.ts against the TARGET scope.
 */
export const userRules: RuleMap = {
  Query: {
    /** Public: answers null when signed out (the client asks it to know whether to show sign-in). */
    viewer: isPublic,
    /** City and district admins; the service limits a district admin to their districts' users. */
    users: isAdmin,
  },
  Mutation: {
    /** Public by nature; throttled per username and address (auth/rate-limit.ts). */
    signIn: isPublic,
    /** Public so that a client whose session expired can still clear its cookie. */
    signOut: isPublic,
    /** Any signed-in user, for their own account only. */
    changeOwnPassword: isSignedIn,
    /** Admins; the service checks that the first grant lies within the caller's scope. */
    createUser: isAdmin,
    grantRole: isAdmin,
    revokeGrant: isAdmin,
    setUserActive: isAdmin,
  },
};
