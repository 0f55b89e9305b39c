import { isSignedIn } from '../../auth/rules';
import type { RuleMap } from '../../graphql/permissions';

/**
 * Who may call the evidence module's fields. Which files a user reaches is decided by the owner's
 * rule (evidence.registry.ts): the module that owns the row knows who may read and change it.
 */
export const evidenceRules: RuleMap = {
  Query: {
    /** Any signed-in user; NOT_FOUND unless the owner's rule lets the viewer read the owner. */
    evidenceFiles: isSignedIn,
  },
  Mutation: {
    /** Any signed-in user; NOT_FOUND unless the owner's rule lets the viewer attach files now. */
    uploadEvidence: isSignedIn,
    /** As uploadEvidence, for the file's owner. */
    deleteEvidence: isSignedIn,
  },
};
