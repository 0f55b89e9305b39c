import { hasRole } from '../../auth/rules';
import { Role } from '../../auth/viewer';
import type { RuleMap } from '../../graphql/permissions';

/** Who may call the audit module's fields. There is no mutation: events are written by the mutations they record. */
export const auditRules: RuleMap = {
  Query: {
    /**
     * City admins (every event), district admins and viewers (their districts' events; the service
     * takes the districts from the scope). Organisation roles are refused here.
     */
    auditEvents: hasRole(Role.CITY_ADMIN, Role.DISTRICT_ADMIN, Role.VIEWER),
  },
};
