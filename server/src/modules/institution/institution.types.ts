import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { QualificationKind } from '../qualification/qualification.entity';

/**
 * GraphQL types of the institution module (docs/institutions.md). Rows are read with plain SQL
 * (institution.sql.ts), so these are plain classes, not TypeORM entities. Money leaves the server
 * as yuan strings with two decimals (`"1200.50"`), computed from integer fen: never a Float.
 */

export enum FilingStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  RETURNED = 'RETURNED',
}
registerEnumType(FilingStatus, { name: 'FilingStatus', description: '待审核 / 已通过 / 已退回' });

export enum CertificationBodyType {
  ENTERPRISE = 'ENTERPRISE',
  SOCIAL_ORGANISATION = 'SOCIAL_ORGANISATION',
}
registerEnumType(CertificationBodyType, {
  name: 'CertificationBodyType',
  description: '职业技能等级认定机构类型：企业 / 社会培训评价组织（文件 000 附件2）',
});

export enum ExpiryBucketKind {
  EXPIRED = 'EXPIRED',
  WITHIN_30_DAYS = 'WITHIN_30_DAYS',
  WITHIN_60_DAYS = 'WITHIN_60_DAYS',
  WITHIN_90_DAYS = 'WITHIN_90_DAYS',
}
registerEnumType(ExpiryBucketKind, {
  name: 'ExpiryBucket',
  description: '已过期 / 30 天内 / 60 天内 / 90 天内到期',
});

export enum TrainingTypeKind {
  ENTERPRISE_PRE_JOB = 'ENTERPRISE_PRE_JOB',
  ENTERPRISE_SAFETY_SKILLS = 'ENTERPRISE_SAFETY_SKILLS',
  ENTERPRISE_GENERAL_QUALITY = 'ENTERPRISE_GENERAL_QUALITY',
  ENTERPRISE_SKILL_UPGRADING = 'ENTERPRISE_SKILL_UPGRADING',
  ENTERPRISE_WORK_FOR_TRAINING = 'ENTERPRISE_WORK_FOR_TRAINING',
  NEW_APPRENTICESHIP = 'NEW_APPRENTICESHIP',
  HOUSEHOLD_SERVICE = 'HOUSEHOLD_SERVICE',
  ENTREPRENEURSHIP = 'ENTREPRENEURSHIP',
  HR_SERVICE = 'HR_SERVICE',
  NEW_OCCUPATION = 'NEW_OCCUPATION',
  PROJECT_KEY_GROUPS = 'PROJECT_KEY_GROUPS',
  PROJECT_ENTERPRISE_EMPLOYEES = 'PROJECT_ENTERPRISE_EMPLOYEES',
  PROJECT_HIGH_SKILL = 'PROJECT_HIGH_SKILL',
}
registerEnumType(TrainingTypeKind, {
  name: 'TrainingType',
  description:
    '培训类型：文件 000 附件1 各列（企业职工培训各类、新型学徒制、家服、创业、人力资源、新职业）及文件 003 三类项目制培训',
});

export enum ClassStageKind {
  APPLIED = 'APPLIED',
  RETURNED = 'RETURNED',
  OPEN = 'OPEN',
  COMPLETION_FILED = 'COMPLETION_FILED',
  AUDITED = 'AUDITED',
  SETTLED = 'SETTLED',
}
registerEnumType(ClassStageKind, {
  name: 'ClassStage',
  description: '开班申请待受理 / 已退回 / 已开班 / 结业待审核 / 结业审核通过 / 补贴已结算',
});

export enum CertificateKindEnum {
  VOCATIONAL_QUALIFICATION = 'VOCATIONAL_QUALIFICATION',
  SKILL_LEVEL = 'SKILL_LEVEL',
  SPECIAL_ABILITY = 'SPECIAL_ABILITY',
  TRAINING_ONLY = 'TRAINING_ONLY',
}
registerEnumType(CertificateKindEnum, {
  name: 'CertificateKind',
  description: '职业资格证书 / 职业技能等级证书 / 专项职业能力证书 / 仅培训合格证书',
});

@ObjectType({ description: '机构/企业信息（机构管理员维护）' })
export class OrganisationProfile {
  @Field(() => ID)
  organisationId: string;
  @Field(() => ID)
  districtId: string;
  @Field({ description: 'Canonical name.' })
  name: string;
  @Field(() => String, { nullable: true, description: '登记名称' })
  registeredName: string | null;
  @Field(() => String, { nullable: true })
  kind: string;
  @Field(() => String, { nullable: true })
  category: string | null;
  @Field(() => String, { nullable: true })
  address: string | null;
  @Field(() => String, { nullable: true })
  contactPerson: string | null;
  @Field(() => String, { nullable: true })
  contactPhone: string | null;
  @Field(() => String, { nullable: true, description: '统一社会信用代码 (GB 32100-2015)' })
  socialCreditCode: string | null;
  @Field(() => String, { nullable: true, description: '办学许可证/营业执照编号' })
  licenceNumber: string | null;
  @Field(() => Int)
  version: number;
}

@InputType({ description: '机构/企业信息' })
export class OrganisationProfileInput {
  @Field(() => String, { nullable: true })
  registeredName?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Institutions: PUBLIC_VOCATIONAL_SCHOOL … PUBLIC_TRAINING_BASE; enterprises: STATE_OWNED_ENTERPRISE, ABOVE_SCALE_ENTERPRISE, OTHER_ENTERPRISE.',
  })
  category?: string | null;
  @Field(() => String, { nullable: true })
  address?: string | null;
  @Field(() => String, { nullable: true })
  contactPerson?: string | null;
  @Field(() => String, { nullable: true })
  contactPhone?: string | null;
  @Field(() => String, { nullable: true })
  socialCreditCode?: string | null;
  @Field(() => String, { nullable: true })
  licenceNumber?: string | null;
}

@ObjectType({ description: '资质备案（一次申报的版本，待区县审核）' })
export class QualificationFiling {
  @Field(() => ID)
  id: string;
  @Field(() => ID)
  organisationId: string;
  @Field(() => ID)
  districtId: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The qualification it changes; set on approval for a new one.',
  })
  qualificationId: string | null;
  @Field(() => QualificationKind)
  kind: QualificationKind;
  @Field()
  number: string;
  @Field()
  issuer: string;
  @Field()
  validFrom: string;
  @Field(() => String, { nullable: true })
  validTo: string | null;
  @Field(() => String, { nullable: true })
  scope: string | null;
  @Field(() => CertificationBodyType, { nullable: true })
  certificationBodyType: CertificationBodyType | null;
  @Field(() => ID, { nullable: true })
  catalogueEntryId: string | null;
  @Field(() => String, { nullable: true, description: 'Occupation of the catalogue entry.' })
  occupation: string | null;
  @Field(() => FilingStatus)
  status: FilingStatus;
  @Field(() => String, { nullable: true })
  reviewReason: string | null;
  @Field()
  filedAt: Date;
  @Field(() => Date, { nullable: true })
  reviewedAt: Date | null;
  @Field(() => Int)
  version: number;
  @Field({ description: 'Name of the organisation.' })
  organisationName: string;
}

@InputType({ description: '资质备案申报' })
export class QualificationFilingInput {
  @Field(() => ID)
  organisationId: string;
  @Field(() => ID, {
    nullable: true,
    description: 'An existing qualification to change; omit for a new one.',
  })
  qualificationId?: string | null;
  @Field(() => QualificationKind)
  kind: QualificationKind;
  @Field()
  number: string;
  @Field()
  issuer: string;
  @Field({ description: 'YYYY-MM-DD' })
  validFrom: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; none = no end' })
  validTo?: string | null;
  @Field(() => String, { nullable: true })
  scope?: string | null;
  @Field(() => CertificationBodyType, { nullable: true, description: 'Required for CERTIFICATION_BODY.' })
  certificationBodyType?: CertificationBodyType | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Required for APPROVED_OCCUPATION: the district catalogue entry.',
  })
  catalogueEntryId?: string | null;
}

@ObjectType({ description: '即将到期或已过期的资质' })
export class ExpiringQualification {
  @Field(() => ID)
  qualificationId: string;
  @Field(() => ID)
  organisationId: string;
  @Field()
  organisationName: string;
  @Field(() => QualificationKind)
  kind: QualificationKind;
  @Field(() => String, { nullable: true })
  number: string | null;
  @Field()
  validTo: string;
  @Field(() => Int, { description: 'Days from today to the last valid day (negative: expired).' })
  daysLeft: number;
  @Field(() => ExpiryBucketKind)
  bucket: ExpiryBucketKind;
}

@InputType({ description: '机构目录检索条件（结果限于可见区县）' })
export class DirectoryFilter {
  @Field(() => String, { nullable: true })
  category?: string | null;
  @Field(() => QualificationKind, { nullable: true })
  qualificationKind?: QualificationKind | null;
  @Field(() => String, { nullable: true, description: 'Part of an approved occupation.' })
  occupation?: string | null;
  @Field(() => String, { nullable: true, description: 'In force on this day (YYYY-MM-DD); default today.' })
  validOn?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Only qualifications in force on validOn (default false).',
  })
  onlyValid?: boolean | null;
  @Field(() => ID, { nullable: true })
  districtId?: string | null;
}

@ObjectType({ description: '机构目录条目' })
export class DirectoryEntry {
  @Field(() => ID)
  organisationId: string;
  @Field(() => ID)
  districtId: string;
  @Field()
  name: string;
  @Field()
  kind: string;
  @Field(() => String, { nullable: true })
  category: string | null;
  @Field(() => [DirectoryQualification])
  qualifications: DirectoryQualification[];
}

@ObjectType({ description: '目录中的资质' })
export class DirectoryQualification {
  @Field(() => ID)
  id: string;
  @Field(() => QualificationKind)
  kind: QualificationKind;
  @Field(() => String, { nullable: true })
  number: string | null;
  @Field(() => String, { nullable: true })
  validTo: string | null;
  @Field(() => String, { nullable: true })
  occupation: string | null;
  @Field()
  inForce: boolean;
}

@ObjectType({ description: '过程监管记录' })
export class TrainingClassVisit {
  @Field(() => ID)
  id: string;
  @Field()
  visitedOn: string;
  @Field(() => Int, { nullable: true })
  traineesPresent: number | null;
  @Field()
  finding: string;
}

@ObjectType({ description: '培训班' })
export class TrainingClass {
  @Field(() => ID)
  id: string;
  @Field(() => ID)
  districtId: string;
  @Field(() => ID)
  organisationId: string;
  @Field()
  organisationName: string;
  @Field()
  name: string;
  @Field(() => TrainingTypeKind)
  trainingType: TrainingTypeKind;
  @Field(() => ID, { nullable: true })
  catalogueEntryId: string | null;
  @Field(() => String, { nullable: true })
  occupation: string | null;
  @Field(() => Int)
  plannedTrainees: number;
  @Field()
  startsOn: string;
  @Field()
  endsOn: string;
  @Field()
  enterpriseEmployees: boolean;
  @Field()
  advancedLevel: boolean;
  @Field({ description: 'The class subsidy in yuan ("12000.00").' })
  subsidy: string;
  @Field({ description: 'The largest advance allowed: 20% of the subsidy (file 003).' })
  maxAdvance: string;
  @Field(() => ClassStageKind)
  stage: ClassStageKind;
  @Field(() => String, { nullable: true })
  reviewReason: string | null;
  @Field(() => String, { nullable: true })
  openedOn: string | null;
  @Field(() => String, { nullable: true })
  advance: string | null;
  @Field(() => String, { nullable: true })
  advancePaidOn: string | null;
  @Field(() => Int, { nullable: true })
  traineesCompleted: number | null;
  @Field(() => Int, { nullable: true })
  traineesCertified: number | null;
  @Field(() => CertificateKindEnum, { nullable: true })
  certificateKind: CertificateKindEnum | null;
  @Field(() => String, { nullable: true })
  completionFiledOn: string | null;
  @Field(() => String, { nullable: true })
  auditedOn: string | null;
  @Field(() => String, { nullable: true })
  finalSubsidy: string | null;
  @Field(() => String, { nullable: true })
  finalPaidOn: string | null;
  @Field(() => Int)
  version: number;
  @Field(() => [TrainingClassVisit])
  visits: TrainingClassVisit[];
  @Field(() => [ClassCountView], {
    description: 'What the class adds to file 000’s indicators, and by which note.',
  })
  counts: ClassCountView[];
}

@ObjectType({ description: '培训班计入指标的人数' })
export class ClassCountView {
  @Field()
  indicatorCode: string;
  @Field(() => Int)
  year: number;
  @Field(() => Int)
  trainees: number;
  @Field()
  note: string;
}

@InputType({ description: '开班申请' })
export class TrainingClassInput {
  @Field(() => ID)
  organisationId: string;
  @Field()
  name: string;
  @Field(() => TrainingTypeKind)
  trainingType: TrainingTypeKind;
  @Field(() => ID, {
    nullable: true,
    description: 'Required for project-based training: an entry of the district’s catalogue.',
  })
  catalogueEntryId?: string | null;
  @Field(() => String, { nullable: true, description: 'Occupation, for other types.' })
  occupation?: string | null;
  @Field(() => Int)
  plannedTrainees: number;
  @Field({ description: 'YYYY-MM-DD' })
  startsOn: string;
  @Field({ description: 'YYYY-MM-DD' })
  endsOn: string;
  @Field({ defaultValue: false })
  enterpriseEmployees: boolean;
  @Field({ defaultValue: false, description: '高级工及以上' })
  advancedLevel: boolean;
  @Field({ description: 'The class subsidy in yuan, at most to the fen ("12000.00").' })
  subsidy: string;
}

@InputType({ description: '结业申报' })
export class ClassCompletionInput {
  @Field(() => Int)
  traineesCompleted: number;
  @Field(() => Int)
  traineesCertified: number;
  @Field(() => CertificateKindEnum)
  certificateKind: CertificateKindEnum;
}

@InputType({ description: '过程监管记录' })
export class ClassVisitInput {
  @Field({ description: 'YYYY-MM-DD' })
  visitedOn: string;
  @Field(() => Int, { nullable: true })
  traineesPresent?: number | null;
  @Field()
  finding: string;
}

@InputType({ description: '培训班筛选' })
export class TrainingClassFilter {
  @Field(() => ClassStageKind, { nullable: true })
  stage?: ClassStageKind | null;
  @Field(() => TrainingTypeKind, { nullable: true })
  trainingType?: TrainingTypeKind | null;
  @Field(() => ID, { nullable: true })
  organisationId?: string | null;
}

@ObjectType({ description: '区县 × 指标 × 年度 的实绩（一个来源）' })
export class LedgerActual {
  @Field(() => ID)
  districtId: string;
  @Field(() => ID)
  indicatorId: string;
  @Field()
  indicatorCode: string;
  @Field(() => Int)
  year: number;
  @Field(() => Int)
  value: number;
  @Field(() => Int, {
    nullable: true,
    description: '家服/创业: trainees that count toward the 20% ceiling (file 000 note 2).',
  })
  ceilingCounted: number | null;
  @Field({ description: 'CLASS_LEDGER or CERTIFICATION_BODIES.' })
  source: string;
}
