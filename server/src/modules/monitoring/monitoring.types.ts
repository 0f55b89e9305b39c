import type { ProgressStatus as DomainProgressStatus } from '@skills/domain';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { District } from '../district/district.entity';
import { Duty } from '../duty/duty.entity';
import { Organisation } from '../organisation/organisation.entity';
import { Indicator, Plan } from '../plan/plan.entity';
import { RuleWarning } from '../plan/warning.types';

export enum ProgressStatus {
  NORMAL = 'NORMAL',
  WATCH = 'WATCH',
  LAGGING = 'LAGGING',
  DONE = 'DONE',
  NO_TARGET = 'NO_TARGET',
}
registerEnumType(ProgressStatus, {
  name: 'ProgressStatus',
  description: '正常 NORMAL / 关注 WATCH / 滞后 LAGGING / 已完成 DONE / 无目标 NO_TARGET',
});
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _statusMatch: Same<`${ProgressStatus}`, DomainProgressStatus> = true;

/**
 * Where an actual comes from (monitoring.sources.ts): the roll-up of approved reports of the
 * duties linked to the indicator, and the official statistic of the district HR bureau. The
 * training-class ledger adds CLASS_LEDGER.
 */
export enum ActualSource {
  REPORTS = 'REPORTS',
  OFFICIAL = 'OFFICIAL',
  CLASS_LEDGER = 'CLASS_LEDGER',
}
registerEnumType(ActualSource, {
  name: 'ActualSource',
  description:
    '报表汇总 REPORTS / 统计数（区人力社保局录入）OFFICIAL / 机构台账（培训班按文件计数规则、认定机构备案）CLASS_LEDGER',
});

@ObjectType({ description: '某一来源的完成数' })
export class SourcedActual {
  @Field(() => ActualSource)
  source: ActualSource;

  @Field(() => Float)
  value: number;
}

@ObjectType({ description: '某区县（或全市）某指标某年的目标、完成数（分来源）、完成率与状态' })
export class IndicatorProgress {
  @Field(() => ID)
  indicatorId: string;

  @Field(() => ID, { nullable: true, description: 'Null: the city total.' })
  districtId: string | null;

  @Field(() => Float, { nullable: true, description: 'The allocation (target) for the year.' })
  target: number | null;

  @Field(() => [SourcedActual], { description: 'Each source apart, as entered or rolled up.' })
  sources: SourcedActual[];

  @Field(() => Float, { nullable: true, description: 'Roll-up of approved lead reports of linked duties.' })
  reported: number | null;

  @Field(() => Float, { nullable: true, description: 'The official statistic (统计数).' })
  official: number | null;

  @Field(() => String, { nullable: true, description: 'Date of the official figure (YYYY-MM-DD).' })
  officialAsOf: string | null;

  @Field(() => String, { nullable: true })
  officialNote: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The actual that counts: the official figure where present, else the reports.',
  })
  actual: number | null;

  @Field(() => Float, { nullable: true, description: 'official − reported, where both exist.' })
  difference: number | null;

  @Field(() => Float, { nullable: true, description: 'Sum of the duty targets linked to the indicator.' })
  dutyTargets: number | null;

  @Field(() => Float, { nullable: true, description: 'actual / target (not capped).' })
  completion: number | null;

  @Field(() => ProgressStatus)
  status: ProgressStatus;
}

@ObjectType({ description: '得分构成：一项考核标准' })
export class ScoreLine {
  @Field(() => ID, { nullable: true, description: 'Null: the implicit criterion (average completion).' })
  criterionId: string | null;

  @Field()
  name: string;

  @Field()
  method: string;

  @Field(() => Float)
  weight: number;

  @Field(() => Float, { description: 'Points by the method, before adjustment.' })
  points: number;

  @Field(() => Float, { description: 'Manual adjustment (0 when none).' })
  adjustment: number;

  @Field(() => String, { nullable: true })
  adjustmentReason: string | null;
}

@ObjectType({ description: '区县得分与排名' })
export class DistrictScore {
  @Field(() => District)
  district: District;

  @Field(() => Float)
  score: number;

  @Field(() => Int)
  rank: number;

  @Field(() => [ScoreLine])
  breakdown: ScoreLine[];
}

@ObjectType({ description: '单位得分与排名' })
export class OrganisationScore {
  @Field(() => Organisation)
  organisation: Organisation;

  @Field(() => Float)
  score: number;

  @Field(() => Int)
  rank: number;

  @Field(() => [ScoreLine])
  breakdown: ScoreLine[];
}

@ObjectType({ description: '监测表的一行：一个区县' })
export class DistrictProgressRow {
  @Field(() => District)
  district: District;

  @Field(() => [IndicatorProgress], { description: 'One per indicator, in the order of `indicators`.' })
  cells: IndicatorProgress[];

  @Field(() => Float, {
    nullable: true,
    description: 'Average completion over indicators with a target, each capped at 100%.',
  })
  completion: number | null;

  @Field(() => ProgressStatus, { description: 'The worst status of the row.' })
  status: ProgressStatus;

  @Field(() => Int)
  warningCount: number;
}

@ObjectType({ description: '全市监测：区县 × 指标' })
export class CityDashboard {
  @Field(() => Plan)
  plan: Plan;

  @Field(() => Int)
  year: number;

  @Field({ description: 'The date the figures were computed for (Chongqing).' })
  today: string;

  @Field(() => Float, { description: 'Expected progress for the time elapsed (0..1).' })
  expectedProgress: number;

  @Field()
  ceilingReading: string;

  @Field(() => [Indicator])
  indicators: Indicator[];

  @Field(() => [DistrictProgressRow])
  rows: DistrictProgressRow[];

  @Field(() => [IndicatorProgress], { description: 'City totals: the sum of the visible districts.' })
  totals: IndicatorProgress[];

  @Field(() => [RuleWarning], { description: 'On targets and on actuals.' })
  warnings: RuleWarning[];

  @Field(() => [DistrictScore])
  ranking: DistrictScore[];
}

@ObjectType({ description: '重点工作进度' })
export class DutyProgress {
  @Field(() => Duty)
  duty: Duty;

  @Field(() => Organisation, { nullable: true, description: 'The lead organisation (null: a category).' })
  lead: Organisation | null;

  @Field(() => String, { nullable: true, description: 'The lead as written.' })
  leadText: string | null;

  @Field(() => Float, { nullable: true })
  target: number | null;

  @Field(() => Float, { nullable: true })
  actual: number | null;

  @Field(() => Float, { nullable: true })
  completion: number | null;

  @Field(() => Float)
  expectedProgress: number;

  @Field(() => Int, { description: 'Due periods of the year without a report from the lead.' })
  missedPeriods: number;

  @Field(() => ProgressStatus)
  status: ProgressStatus;
}

@ObjectType({ description: '状态计数' })
export class StatusCount {
  @Field(() => ProgressStatus)
  status: ProgressStatus;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: '区县监测' })
export class DistrictDashboard {
  @Field(() => District)
  district: District;

  @Field(() => Int)
  year: number;

  @Field()
  today: string;

  @Field(() => Plan, { nullable: true, description: 'The city plan whose allocation is compared.' })
  plan: Plan | null;

  @Field(() => [Indicator])
  indicators: Indicator[];

  @Field(() => [IndicatorProgress], { description: 'The district against its allocation.' })
  progress: IndicatorProgress[];

  @Field(() => [RuleWarning])
  warnings: RuleWarning[];

  @Field(() => [DutyProgress])
  duties: DutyProgress[];

  @Field(() => [StatusCount])
  dutiesByStatus: StatusCount[];

  @Field(() => [OrganisationScore])
  units: OrganisationScore[];

  @Field(() => Int, { description: 'Lead assignments with a due period unreported (the chase list).' })
  chaseCount: number;
}

@ObjectType({ description: '统计数' })
export class OfficialStatistic {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  districtId: string;

  @Field(() => ID)
  indicatorId: string;

  @Field(() => Int)
  year: number;

  @Field(() => Float)
  value: number;

  @Field()
  note: string;

  @Field()
  asOf: string;

  @Field(() => Int)
  version: number;
}

@InputType({ description: '录入统计数' })
export class OfficialStatisticInput {
  @Field(() => ID)
  districtId: string;

  @Field(() => ID)
  indicatorId: string;

  @Field(() => Int)
  year: number;

  @Field(() => Float)
  value: number;

  @Field({ defaultValue: '' })
  note: string;

  @Field({ description: 'Date of the figure (YYYY-MM-DD).' })
  asOf: string;

  @Field(() => Int, { nullable: true, description: 'The version read, to update an existing figure.' })
  version?: number | null;
}

@ObjectType({ description: '导出的文件' })
export class ExportedFile {
  @Field()
  fileName: string;

  @Field()
  contentType: string;

  @Field()
  contentBase64: string;
}
