import { isSignedIn } from '../../auth/rules';
import type { RuleMap } from '../../graphql/permissions';

/** Who may call the organisation module's fields. */
export const organisationRules: RuleMap = {
  Query: {
    /** Any signed-in user; the service limits rows to the viewer's districts and city-level bodies. */
    organisations: isSignedIn,
    /** Any signed-in user; another district's organisation is NOT_FOUND (service). */
    organisation: isSignedIn,
  },
};
