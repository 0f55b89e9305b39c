import { isSignedIn } from '../../auth/rules';
import type { RuleMap } from '../../graphql/permissions';

/** Who may call the catalogue module's fields. */
export const catalogueRules: RuleMap = {
  Query: {
    /** Any signed-in user; the plan must be readable (else NOT_FOUND), entries of the viewer's districts. */
    catalogue: isSignedIn,
  },
};
