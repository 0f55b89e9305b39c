import { isSignedIn } from '../../auth/rules';
import type { RuleMap } from '../../graphql/permissions';

/** Who may call the district module's fields. */
export const districtRules: RuleMap = {
  Query: {
    /** The district list is shared reference data: any signed-in user. */
    districts: isSignedIn,
  },
};
