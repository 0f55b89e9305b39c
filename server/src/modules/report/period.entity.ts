import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum PeriodKind {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(PeriodKind, { name: 'PeriodKind', description: '月 MONTH / 季度 QUARTER / 年度 YEAR' });

export enum PeriodState {
  UPCOMING = 'UPCOMING',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  LOCKED = 'LOCKED',
}
registerEnumType(PeriodState, {
  name: 'PeriodState',
  description: '未开始 UPCOMING / 填报中 OPEN / 已逾期（仍可补报，标记逾期） CLOSED / 已锁定 LOCKED',
});

/** pg answers `date` columns as strings already; keep them as YYYY-MM-DD. */
const dateText = {
  to: (v: string) => v,
  from: (v: string | Date) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
};

/** A district plan's reporting period (报送期): year × month / quarter / year, with its dates. */
@ObjectType({ description: '报送期' })
@Entity({ name: 'reporting_period' })
export class ReportingPeriod {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'uuid' })
  districtId: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  year: number;

  @Field(() => PeriodKind)
  @Column({ type: 'text' })
  kind: PeriodKind;

  @Field(() => Int, { description: 'Month 1–12, quarter 1–4, or 1 for the year.' })
  @Column({ type: 'int' })
  number: number;

  @Field({ description: 'YYYY-MM-DD' })
  @Column({ type: 'date', transformer: dateText })
  startsOn: string;

  @Field({ description: 'YYYY-MM-DD' })
  @Column({ type: 'date', transformer: dateText })
  endsOn: string;

  @Field({ description: 'YYYY-MM-DD: reports may be written from this day.' })
  @Column({ type: 'date', transformer: dateText })
  opensOn: string;

  @Field({ description: 'YYYY-MM-DD: the last day a report is on time.' })
  @Column({ type: 'date', transformer: dateText })
  dueOn: string;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  lockedBy: string | null;
}
