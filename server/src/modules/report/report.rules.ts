import { hasRole, isDistrictAdmin, isSignedIn } from '../../auth/rules';
import { Role } from '../../auth/viewer';
import type { RuleMap } from '../../graphql/permissions';

/** Roles that report on duties (their organisation's). */
const isReportingUnit = hasRole(Role.DEPARTMENT_HEAD, Role.INSTITUTION_ADMIN, Role.ENTERPRISE_ADMIN);
/** Roles that read whole districts' reports. */
const readsDistrictReports = hasRole(Role.CITY_ADMIN, Role.DISTRICT_ADMIN, Role.VIEWER);

/**
 * Who may call the reporting cycle's fields. The rules check roles; the services check the TARGET:
 * the report's organisation (units change only their own), the report's or plan's district
 * (reviewers and lockers administer it), and reads through the report visibility condition.
 */
export const reportRules: RuleMap = {
  Query: {
    /** Any signed-in user; a plan out of scope is NOT_FOUND. */
    reportingPeriods: isSignedIn,
    /** Any signed-in user; organisations see their own tasks (others an empty list). */
    myReportingTasks: isSignedIn,
    /** Any signed-in user; NOT_FOUND unless the viewer reads the report (own unit, lead, district). */
    progressReport: isSignedIn,
    /** Any signed-in user who reads the duty; contributions limited to what the viewer may read. */
    dutyReports: isSignedIn,
    /** City, district admins, viewers: their districts' latest revisions. */
    reviewQueue: readsDistrictReports,
    /** City, district admins, viewers: who has not reported, who reported late. */
    chaseList: readsDistrictReports,
  },
  Mutation: {
    /** District admins of the plan's district (service). */
    ensureReportingPeriods: isDistrictAdmin,
    setPlanReportDueDays: isDistrictAdmin,
    lockReportingPeriod: isDistrictAdmin,
    unlockReportingPeriod: isDistrictAdmin,
    /** Reporting units, for their own organisation only (service). */
    saveReportDraft: isReportingUnit,
    submitReport: isReportingUnit,
    startReportRevision: isReportingUnit,
    /** District admins of the report's district (service). */
    approveReport: isDistrictAdmin,
    returnReport: isDistrictAdmin,
    sendReminder: isDistrictAdmin,
    /** Users of the reminded organisation (service). */
    markReminderRead: isSignedIn,
  },
};
