import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Duty } from '../duty/duty.entity';
import { AssignmentRole } from '../duty/duty.entity';
import { Organisation } from '../organisation/organisation.entity';
import { ReportingPeriod } from './period.entity';
import { ProgressReport, ReportStatus } from './report.entity';

@InputType({ description: '一个责任清单条目的进展说明' })
export class ReportItemInput {
  @Field(() => ID)
  responsibilityItemId: string;

  @Field()
  narrative: string;
}

@InputType({
  description:
    '保存报送草稿：新建时给 dutyId 与 periodId（及多单位用户的 organisationId）；修改时给 reportId 与读取时的 expectedVersion。',
})
export class SaveReportInput {
  @Field(() => ID, { nullable: true, description: 'The report to change; absent: a new report.' })
  reportId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The version the change is based on (required with reportId).',
  })
  expectedVersion?: number | null;

  @Field(() => ID, { nullable: true })
  dutyId?: string | null;

  @Field(() => ID, { nullable: true })
  periodId?: string | null;

  @Field(() => ID, { nullable: true, description: 'For a user acting for several organisations.' })
  organisationId?: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Whole number ≥ 0 in the duty’s unit; null where the duty has no numeric target.',
  })
  value?: number | null;

  @Field({ defaultValue: '' })
  narrative: string;

  @Field(() => [ReportItemInput], {
    nullable: true,
    description: 'The narratives of the responsibility items (all of them).',
  })
  items?: ReportItemInput[] | null;
}

export enum TaskState {
  TODO = 'TODO',
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  RETURNED = 'RETURNED',
  APPROVED = 'APPROVED',
  OVERDUE = 'OVERDUE',
}
registerEnumType(TaskState, {
  name: 'TaskState',
  description:
    '待填报 TODO / 草稿 DRAFT / 已提交 SUBMITTED / 已退回 RETURNED / 已通过 APPROVED / 逾期 OVERDUE',
});

/** 我的任务: one duty of the viewer's organisation, with its current period. */
@ObjectType({ description: '我的任务：本单位承担的一项重点工作及当前报送期' })
export class ReportingTask {
  @Field(() => Duty)
  duty: Duty;

  @Field(() => Organisation)
  organisation: Organisation;

  @Field(() => AssignmentRole)
  role: AssignmentRole;

  @Field(() => ReportingPeriod, {
    description: 'The first opened period still needing the unit’s action, else the latest opened one.',
  })
  period: ReportingPeriod;

  @Field(() => ProgressReport, { nullable: true, description: 'The unit’s latest revision for that period.' })
  report: ProgressReport | null;

  @Field(() => TaskState)
  state: TaskState;

  @Field(() => Int, { description: 'Periods past due with nothing submitted.' })
  overdueCount: number;

  @Field(() => Int)
  year: number;

  @Field(() => Float, { nullable: true, description: 'The duty’s target for the year, if numeric.' })
  yearTarget: number | null;

  @Field(() => String, { nullable: true })
  unit: string | null;

  @Field(() => Int, { description: 'Sum of the unit’s submitted (and approved) numbers in the year.' })
  yearValue: number;

  @Field(() => Int, { description: 'Of which approved.' })
  approvedValue: number;
}

/** One expected reporter of a duty in a period, with its latest report. */
@ObjectType({ description: '一个责任单位在某报送期的报送' })
export class DutyContribution {
  @Field(() => Organisation)
  organisation: Organisation;

  @Field(() => AssignmentRole)
  role: AssignmentRole;

  @Field(() => ProgressReport, { nullable: true })
  report: ProgressReport | null;
}

@ObjectType({ description: '一项重点工作在某报送期的全部报送：牵头单位汇总数 + 各单位贡献' })
export class DutyPeriodReports {
  @Field(() => Duty)
  duty: Duty;

  @Field(() => ReportingPeriod)
  period: ReportingPeriod;

  @Field(() => Int, {
    nullable: true,
    description: 'The duty’s figure: the LEAD unit’s consolidated number (never a sum of the contributions).',
  })
  figure: number | null;

  @Field(() => [DutyContribution], { description: 'Lead first; only the units the viewer may read.' })
  contributions: DutyContribution[];
}

@InputType()
export class ReviewFilter {
  @Field(() => ID, { nullable: true })
  planId?: string | null;

  @Field(() => ID, { nullable: true })
  periodId?: string | null;

  @Field(() => ID, { nullable: true })
  dutyId?: string | null;

  @Field(() => ID, { nullable: true })
  organisationId?: string | null;

  @Field(() => [ReportStatus], {
    nullable: true,
    description: 'Default: SUBMITTED and RESUBMITTED (waiting for review).',
  })
  statuses?: ReportStatus[] | null;
}

export enum ChaseState {
  NOT_SUBMITTED = 'NOT_SUBMITTED',
  LATE = 'LATE',
}
registerEnumType(ChaseState, { name: 'ChaseState', description: '未报送 NOT_SUBMITTED / 逾期报送 LATE' });

@ObjectType({ description: '催办清单的一行' })
export class ChaseRow {
  @Field(() => ReportingPeriod)
  period: ReportingPeriod;

  @Field(() => Duty)
  duty: Duty;

  @Field(() => Organisation)
  organisation: Organisation;

  @Field(() => AssignmentRole)
  role: AssignmentRole;

  @Field(() => ChaseState)
  state: ChaseState;

  @Field(() => Int, { description: 'Days after the due date: submitted late by, or overdue by (today).' })
  daysLate: number;

  @Field(() => ReportStatus, { nullable: true })
  reportStatus: ReportStatus | null;

  @Field(() => Date, { nullable: true })
  lastReminderAt: Date | null;
}

@InputType()
export class ChaseFilter {
  @Field(() => ID, { nullable: true })
  planId?: string | null;

  @Field(() => ID, { nullable: true })
  periodId?: string | null;

  @Field(() => ID, { nullable: true })
  dutyId?: string | null;

  @Field(() => ID, { nullable: true })
  organisationId?: string | null;
}

@InputType({ description: '发送催办' })
export class SendReminderInput {
  @Field(() => ID)
  organisationId: string;

  @Field(() => ID, { nullable: true })
  periodId?: string | null;

  @Field(() => ID, { nullable: true })
  dutyId?: string | null;

  @Field(() => String, { nullable: true, description: 'Default: a sentence naming the duty and period.' })
  message?: string | null;
}
