import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { GraphQLJSON } from '../../graphql/json';

export enum ReportStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  RETURNED = 'RETURNED',
  RESUBMITTED = 'RESUBMITTED',
  APPROVED = 'APPROVED',
}
registerEnumType(ReportStatus, {
  name: 'ReportStatus',
  description: '草稿 DRAFT / 已提交 SUBMITTED / 已退回 RETURNED / 已重新提交 RESUBMITTED / 已通过 APPROVED',
});

export enum ReportAction {
  SAVE = 'SAVE',
  SUBMIT = 'SUBMIT',
  APPROVE = 'APPROVE',
  RETURN = 'RETURN',
  REVISE = 'REVISE',
}
registerEnumType(ReportAction, {
  name: 'ReportAction',
  description: '保存 SAVE / 提交 SUBMIT / 通过 APPROVE / 退回 RETURN / 更正（新修订版） REVISE',
});

/** bigint comes back from pg as a string. */
const bigintNumber = {
  to: (v: number | null) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/**
 * 进度报送: one organisation's report on one duty assignment for one period (one revision of it).
 * `version` is the optimistic-concurrency counter: every change is an
 * `UPDATE … WHERE id = $1 AND version = $2` (report.service.ts), never TypeORM's save().
 */
@ObjectType({ description: '进度报送' })
@Entity({ name: 'progress_report' })
export class ProgressReport {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  districtId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  periodId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  dutyId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  assignmentId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  organisationId: string;

  @Field(() => Int, { description: '1, then 2, 3 … for corrections after approval.' })
  @Column({ type: 'int' })
  revision: number;

  @Field(() => ReportStatus)
  @Column({ type: 'text' })
  status: ReportStatus;

  @Field(() => Int, {
    nullable: true,
    description:
      'Number achieved in the period, in the duty’s unit; null where the duty has no numeric target.',
  })
  @Column({ type: 'bigint', nullable: true, transformer: bigintNumber })
  value: number | null;

  @Field({ description: 'Overall narrative.' })
  @Column({ type: 'text' })
  narrative: string;

  @Field({ description: 'Submitted after the due date.' })
  @Column({ type: 'boolean' })
  late: boolean;

  @Field(() => Int, { description: 'Optimistic-concurrency version: name it in the next change.' })
  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Field()
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @Field()
  @Column({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  submittedBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The reason of the last return.' })
  @Column({ type: 'text', nullable: true })
  reviewReason: string | null;
}

/** The narrative of one responsibility item (责任清单条目) in a report. */
@ObjectType({ description: '责任清单条目的进展说明' })
@Entity({ name: 'progress_report_item' })
export class ProgressReportItem {
  @PrimaryColumn({ type: 'uuid' })
  reportId: string;

  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid' })
  responsibilityItemId: string;

  @Column({ type: 'uuid' })
  districtId: string;

  @Field()
  @Column({ type: 'text' })
  narrative: string;
}

/** One step of a report's history: one row per version, with who, when, why and the result. */
@ObjectType({ description: '报送记录（每个版本一条）' })
@Entity({ name: 'progress_report_event' })
export class ProgressReportEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  districtId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  reportId: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  version: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  revision: number;

  @Field(() => ReportAction)
  @Column({ type: 'text' })
  action: ReportAction;

  @Field(() => ReportStatus, { description: 'Status after the action.' })
  @Column({ type: 'text' })
  status: ReportStatus;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Field(() => String, { nullable: true, description: 'Display name of the actor at the time.' })
  @Column({ type: 'text', nullable: true })
  actorName: string | null;

  @Field()
  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => GraphQLJSON, { description: 'The report as it became: value, narrative, items.' })
  @Column({ type: 'jsonb' })
  snapshot: unknown;
}

/** 催办: a district admin's reminder to an organisation. */
@ObjectType({ description: '催办' })
@Entity({ name: 'reminder' })
export class Reminder {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  districtId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  organisationId: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  periodId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  dutyId: string | null;

  @Field()
  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'uuid', nullable: true })
  sentBy: string | null;

  @Field()
  @Column({ type: 'timestamptz' })
  sentAt: Date;
}
