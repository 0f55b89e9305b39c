import { isSignedIn } from '../../auth/rules';
import type { RuleMap } from '../../graphql/permissions';

/** Who may call the to-do module's fields. */
export const todoRules: RuleMap = {
  Query: {
    /** Any signed-in user: the sources read only what concerns the viewer's own grants. */
    myTodos: isSignedIn,
  },
};
