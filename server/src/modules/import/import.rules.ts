import { isAdmin } from '../../auth/rules';
import type { RuleMap } from '../../graphql/permissions';

/** Who may call the import module's fields. The plan's own scope is checked in importPlanFile. */
export const importRules: RuleMap = {
  Mutation: {
    /** City or district admins; which plan each may import is checked against the target plan. */
    importPlanFile: isAdmin,
  },
};
