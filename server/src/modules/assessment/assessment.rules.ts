import { isAdmin, isSignedIn } from '../../auth/rules';
import type { RuleMap } from '../../graphql/permissions';

/** Who may call the assessment module's fields. */
export const assessmentRules: RuleMap = {
  Query: {
    /** Any signed-in user; the plan must be readable (else NOT_FOUND). */
    assessmentCriteria: isSignedIn,
  },
  Mutation: {
    /** City admin (district scores) or district admin (unit scores of their district): checked in the service. */
    adjustAssessmentScore: isAdmin,
  },
};
