import { isSignedIn } from '../../auth/rules';
import type { RuleMap } from '../../graphql/permissions';

/** Who may call the assessment module's fields. */
export const assessmentRules: RuleMap = {
  Query: {
    /** Any signed-in user; the plan must be readable (else NOT_FOUND). */
    assessmentCriteria: isSignedIn,
  },
};
