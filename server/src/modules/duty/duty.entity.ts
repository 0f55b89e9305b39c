import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationCategory } from '../organisation/organisation.entity';
import { numeric } from '../plan/plan.entity';

export enum DutyListKind {
  DEPARTMENT = 'DEPARTMENT',
  ENTERPRISE = 'ENTERPRISE',
  INSTITUTION = 'INSTITUTION',
}
registerEnumType(DutyListKind, {
  name: 'DutyListKind',
  description: '部门责任清单 DEPARTMENT / 企业责任清单 ENTERPRISE / 培训机构责任清单 INSTITUTION',
});

export enum AssignmentRole {
  LEAD = 'LEAD',
  COOPERATING = 'COOPERATING',
}
registerEnumType(AssignmentRole, {
  name: 'AssignmentRole',
  description: '牵头 LEAD / 配合（责任单位） COOPERATING',
});

/** 重点工作 of a district plan. Tenant row: districtId is the plan's district. */
@ObjectType({ description: '重点工作' })
@Entity()
export class Duty {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  planId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  districtId: string;

  @Field(() => DutyListKind)
  @Column({ type: 'text' })
  listKind: DutyListKind;

  @Field({ description: 'Sequence as the document writes it ("1", "四").' })
  @Column()
  seq: string;

  @Field(() => Int)
  @Column()
  sortOrder: number;

  @Field()
  @Column()
  title: string;

  @Field(() => String, {
    nullable: true,
    description: 'The yearly-target text as written (2019年2000人次；…).',
  })
  @Column({ type: 'text', nullable: true })
  targetText: string | null;

  @Field(() => Int, {
    description: 'Optimistic concurrency: name it when editing the duty (CONFLICT when stale).',
  })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field(() => Date, {
    nullable: true,
    description: 'Last manual edit since the last import that changed the duty.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  editedBy: string | null;
}

/** One numbered item of a duty's 责任清单. */
@ObjectType({ description: '责任清单条目' })
@Entity()
export class ResponsibilityItem {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  dutyId: string;

  @Column({ type: 'uuid' })
  districtId: string;

  @Field(() => Int)
  @Column()
  seq: number;

  @Field()
  @Column()
  text: string;
}

/** A duty given to one organisation, or to a category of organisations, as lead or cooperating. */
@ObjectType({ description: '责任分工' })
@Entity()
export class DutyAssignment {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  dutyId: string;

  @Column({ type: 'uuid' })
  districtId: string;

  @Field(() => AssignmentRole)
  @Column({ type: 'text' })
  role: AssignmentRole;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Field(() => OrganisationCategory, { nullable: true })
  @Column({ type: 'text', nullable: true })
  category: OrganisationCategory | null;

  @Field({ description: 'The assignee as the document writes it (区人力 社保局).' })
  @Column()
  assigneeText: string;

  @Field(() => Int)
  @Column()
  sortOrder: number;
}

/** A duty's target for one year, optionally counted toward an indicator of the plan. */
@ObjectType({ description: '年度目标' })
@Entity()
export class DutyTarget {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  dutyId: string;

  @Column({ type: 'uuid' })
  districtId: string;

  @Field(() => Int)
  @Column()
  year: number;

  @Field(() => Float)
  @Column({ type: 'numeric', transformer: numeric })
  value: number;

  @Field()
  @Column()
  unit: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  indicatorId: string | null;
}
