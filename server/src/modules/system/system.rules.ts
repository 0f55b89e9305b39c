import type { RuleMap } from '../../graphql/permissions';
import { isSignedIn } from '../../auth/rules';

/** Who may call the system module's fields. */
export const systemRules: RuleMap = {
  Query: {
    /** Version and database state: any signed-in user (the client's status page). */
    systemStatus: isSignedIn,
  },
};
