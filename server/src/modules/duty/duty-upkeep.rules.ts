import { isDistrictAdmin } from '../../auth/rules';
import type { RuleMap } from '../../graphql/permissions';

/**
 * Who may edit duties: district admins only; the service checks that the duty lies in a district
 * they administer (another district's duty: NOT_FOUND). The city does not edit district duties:
 * districts own their responsibility matrices (docs/domain-model.md "Duty upkeep").
 */
export const dutyUpkeepRules: RuleMap = {
  Mutation: {
    updateDuty: isDistrictAdmin,
    setDutyTarget: isDistrictAdmin,
    removeDutyTarget: isDistrictAdmin,
  },
};
