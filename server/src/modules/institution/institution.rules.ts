import { hasRole, isSignedIn } from '../../auth/rules';
import { Role } from '../../auth/viewer';
import type { RuleMap } from '../../graphql/permissions';

const ownAdmin = hasRole(Role.INSTITUTION_ADMIN, Role.ENTERPRISE_ADMIN);
const institutionAdmin = hasRole(Role.INSTITUTION_ADMIN);
const districtAdmin = hasRole(Role.DISTRICT_ADMIN);
const districtReaders = hasRole(Role.CITY_ADMIN, Role.DISTRICT_ADMIN, Role.VIEWER);

/**
 * Who may call the institution module's fields. The rule checks the role; the service checks which
 * organisation and district (institution.access.ts): another institution's rows are NOT_FOUND.
 */
export const institutionRules: RuleMap = {
  Query: {
    /** Own admin, the district's admins and viewers, the city (service). */
    organisationProfile: isSignedIn,
    /** Own organisation's filings, or the district's (service); department heads see none. */
    qualificationFilings: isSignedIn,
    expiringQualifications: isSignedIn,
    /** District and city users only. */
    institutionDirectory: districtReaders,
    trainingClasses: isSignedIn,
    trainingClass: isSignedIn,
    /** District-wide figures: district and city users. */
    classLedgerActuals: districtReaders,
    certificationBodyActuals: districtReaders,
  },
  Mutation: {
    /** The organisation's own admin (service checks which organisation). */
    updateOrganisationProfile: ownAdmin,
    fileQualification: ownAdmin,
    /** The district admin of the filing's district (service). */
    approveQualificationFiling: districtAdmin,
    returnQualificationFiling: districtAdmin,
    applyForTrainingClass: institutionAdmin,
    resubmitTrainingClass: institutionAdmin,
    fileClassCompletion: institutionAdmin,
    /** 受理开班申请, 过程监管, 结业审核, 资金拨付: the district admin of the class's district. */
    approveTrainingClass: districtAdmin,
    returnTrainingClass: districtAdmin,
    recordClassVisit: districtAdmin,
    recordClassAdvance: districtAdmin,
    returnClassCompletion: districtAdmin,
    auditClassCompletion: districtAdmin,
    recordClassFinalSubsidy: districtAdmin,
  },
};
