import { hasRole, isDistrictAdmin } from '../../auth/rules';
import { Role } from '../../auth/viewer';
import type { RuleMap } from '../../graphql/permissions';

/** Who may call the monitoring module's fields. */
export const monitoringRules: RuleMap = {
  Query: {
    /**
     * The city, district admins and district viewers (auditors); the service scopes the rows to the
     * districts they read in full. Organisation users (department heads, institutions, enterprises)
     * see their own duties elsewhere, not other units' figures.
     */
    cityDashboard: hasRole(Role.CITY_ADMIN, Role.DISTRICT_ADMIN, Role.VIEWER),
    districtDashboard: hasRole(Role.CITY_ADMIN, Role.DISTRICT_ADMIN, Role.VIEWER),
    monitoringExport: hasRole(Role.CITY_ADMIN, Role.DISTRICT_ADMIN, Role.VIEWER),
  },
  Mutation: {
    /** The district admin of the statistic's / target's district (checked in the service). */
    setOfficialStatistic: isDistrictAdmin,
    setDutyTargetIndicator: isDistrictAdmin,
  },
};
