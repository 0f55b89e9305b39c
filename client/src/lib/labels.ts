import type {
  AssessmentMethod,
  AssignmentRole,
  DistrictKind,
  DutyListKind,
  ImportTableKind,
  IndicatorNature,
  OrganisationCategory,
  OrganisationKind,
  PlanLevel,
  QualificationKind,
  QualificationStatus,
  ReportingCadence,
  Role,
  RuleWarningCode,
  RuleWarningSeverity,
  RuralRevitalisationLevel,
} from '../gql/graphql';

/** Chinese labels of every enum of the API, in one place. */

export const ROLE_LABELS: Record<Role, string> = {
  CITY_ADMIN: '市人力社保局',
  DISTRICT_ADMIN: '区县管理员',
  VIEWER: '审计财政只读',
  DEPARTMENT_HEAD: '部门负责人',
  INSTITUTION_ADMIN: '培训机构管理员',
  ENTERPRISE_ADMIN: '企业管理员',
};

/** Roles in the order they are offered. */
export const ROLES: Role[] = [
  'CITY_ADMIN',
  'DISTRICT_ADMIN',
  'VIEWER',
  'DEPARTMENT_HEAD',
  'INSTITUTION_ADMIN',
  'ENTERPRISE_ADMIN',
];

export const PLAN_LEVEL_LABELS: Record<PlanLevel, string> = {
  CITY: '市级',
  DISTRICT: '区县级',
};

export const CADENCE_LABELS: Record<ReportingCadence, string> = {
  MONTHLY: '月报',
  QUARTERLY: '季报',
  ANNUAL: '年报',
};

export const INDICATOR_NATURE_LABELS: Record<IndicatorNature, string> = {
  MINIMUM: '最低目标',
  CEILING: '上限',
  EXPECTED: '预期性',
};

export const INDICATOR_NATURE_COLORS: Record<IndicatorNature, string> = {
  MINIMUM: 'blue',
  CEILING: 'orange',
  EXPECTED: 'default',
};

export const DUTY_LIST_KIND_LABELS: Record<DutyListKind, string> = {
  DEPARTMENT: '部门',
  ENTERPRISE: '企业',
  INSTITUTION: '培训机构',
};

export const DUTY_LIST_KIND_LONG_LABELS: Record<DutyListKind, string> = {
  DEPARTMENT: '部门责任清单',
  ENTERPRISE: '企业责任清单',
  INSTITUTION: '培训机构责任清单',
};

export const DUTY_LIST_KINDS: DutyListKind[] = ['DEPARTMENT', 'ENTERPRISE', 'INSTITUTION'];

export const ASSIGNMENT_ROLE_LABELS: Record<AssignmentRole, string> = {
  LEAD: '牵头',
  COOPERATING: '配合',
};

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  GOVERNMENT_DEPARTMENT: '政府部门',
  MASS_ORGANISATION: '群团组织',
  ENTERPRISE: '企业',
  TRAINING_INSTITUTION: '培训机构',
  SUBDISTRICT_OR_TOWN: '街道/乡镇',
  OTHER: '其他',
};

export const ORGANISATION_KINDS: OrganisationKind[] = [
  'GOVERNMENT_DEPARTMENT',
  'MASS_ORGANISATION',
  'ENTERPRISE',
  'TRAINING_INSTITUTION',
  'SUBDISTRICT_OR_TOWN',
  'OTHER',
];

export const ORGANISATION_CATEGORY_LABELS: Record<OrganisationCategory, string> = {
  STATE_OWNED_ENTERPRISE: '国有企业',
  ABOVE_SCALE_ENTERPRISE: '规上企业',
  OTHER_ENTERPRISE: '其他企业',
  ALL_ENTERPRISES: '各类企业',
  PUBLIC_VOCATIONAL_SCHOOL: '公办职业院校',
  TECHNICAL_COLLEGE: '技工院校',
  PRIVATE_TRAINING_SCHOOL: '民办职业培训学校',
  ENTERPRISE_TRAINING_CENTRE: '企业培训中心',
  PUBLIC_TRAINING_BASE: '公共实训基地',
  ALL_TRAINING_INSTITUTIONS: '各类培训机构',
  INDUSTRY_AUTHORITIES: '各行业主管部门',
  RELEVANT_DEPARTMENTS: '有关部门',
  SUBDISTRICTS_AND_TOWNS: '各街道、乡镇',
};

export const DISTRICT_KIND_LABELS: Record<DistrictKind, string> = {
  DISTRICT: '区',
  COUNTY: '县',
  NEW_AREA: '新区',
  DEVELOPMENT_ZONE: '开发区',
};

export const RURAL_REVITALISATION_LABELS: Record<RuralRevitalisationLevel, string> = {
  NATIONAL: '国家乡村振兴重点帮扶县',
  MUNICIPAL: '市级乡村振兴重点帮扶区县',
  REFERENCE: '参照执行',
};

export const QUALIFICATION_KIND_LABELS: Record<QualificationKind, string> = {
  SCHOOL_LICENCE: '办学许可证',
  CERTIFICATION_BODY: '职业技能等级认定机构备案',
  SUBSIDISED_CATALOGUE_LISTING: '补贴性培训目录',
  APPROVED_OCCUPATION: '项目制培训批准职业',
  ASSESSMENT_GRADE: '评估等级',
};

export const QUALIFICATION_STATUS_LABELS: Record<QualificationStatus, string> = {
  PENDING_REVIEW: '待审核',
  APPROVED: '已批准',
  EXPIRED: '已过期',
  REVOKED: '已撤销',
};

export const QUALIFICATION_STATUS_COLORS: Record<QualificationStatus, string> = {
  PENDING_REVIEW: 'gold',
  APPROVED: 'green',
  EXPIRED: 'default',
  REVOKED: 'red',
};

export const RULE_WARNING_CODE_LABELS: Record<RuleWarningCode, string> = {
  TOTAL_MISMATCH: '合计不符',
  OF_WHICH_EXCEEDS_PARENT: '其中项超过所属项',
  CEILING_EXCEEDED: '超过上限',
  MINIMUM_NOT_MET: '低于最低目标',
  TARGET_GAP: '目标缺口',
  UNMATCHED_NAME: '名称未识别',
  ALIAS_MATCH: '按别名识别',
  UNPARSED_TARGET: '目标无法识别',
  MIXED_UNITS: '目标单位不一致',
  ROW_SKIPPED: '未导入的行',
  ROW_REMOVED: '已删除的记录',
  MANUAL_EDIT_OVERWRITTEN: '手工修改已被覆盖',
};

export const RULE_WARNING_SEVERITY_LABELS: Record<RuleWarningSeverity, string> = {
  WARNING: '需要关注',
  INFO: '仅供记录',
};

export const ASSESSMENT_METHOD_LABELS: Record<AssessmentMethod, string> = {
  COMPLETION_RATIO: '完成率',
  MINIMUM_MET: '达到最低目标',
  CEILING_RESPECTED: '未超上限',
  REPORTED_ON_TIME: '按时报送',
  CHECKLIST_DONE: '清单完成',
};

/** 是 / 否 */
export function yesNo(value: boolean): string {
  return value ? '是' : '否';
}

export const IMPORT_TABLE_KIND_LABELS: Record<ImportTableKind, string> = {
  ALLOCATION: '分配表（区县 × 指标，含合计行）',
  DUTY_LIST: '责任清单（序号、重点工作、责任清单、牵头单位、责任单位、目标任务）',
  TASK_LIST: '任务清单（责任单位，首个为牵头）',
  INDICATOR_LIST: '指标表',
  CATALOGUE: '项目制培训目录',
};
