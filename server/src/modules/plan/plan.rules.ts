import { isSignedIn } from '../../auth/rules';
import type { RuleMap } from '../../graphql/permissions';

/** Who may call the plan module's fields. */
export const planRules: RuleMap = {
  Query: {
    /** Any signed-in user: city plans for all, district plans of the viewer's districts (service). */
    plans: isSignedIn,
    /** Any signed-in user; a district plan of another district is NOT_FOUND (service). */
    plan: isSignedIn,
    /**
     * Any signed-in user: the rows are the districts the viewer may see, and the claimed totals are
     * withheld from viewers who do not see every row (service).
     */
    allocationMatrix: isSignedIn,
  },
};
