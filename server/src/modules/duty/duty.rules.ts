import { isSignedIn } from '../../auth/rules';
import type { RuleMap } from '../../graphql/permissions';

/** Who may call the duty module's fields. */
export const dutyRules: RuleMap = {
  Query: {
    /**
     * Any signed-in user; the service limits the rows: the city all, district admins and viewers
     * their district, organisation roles the duties of their organisation (or its category).
     */
    duties: isSignedIn,
    /** As `duties`; a duty the viewer may not read is NOT_FOUND. */
    duty: isSignedIn,
    /** Any signed-in user; the district plan must be in scope (else NOT_FOUND), rows as `duties`. */
    responsibilityMatrix: isSignedIn,
  },
};
