import { isSignedIn } from '../../auth/rules';
import type { RuleMap } from '../../graphql/permissions';

/** Who may call the qualification module's fields. */
export const qualificationRules: RuleMap = {
  Query: {
    /** Any signed-in user; an organisation outside the viewer's districts is NOT_FOUND (service). */
    qualifications: isSignedIn,
  },
};
