import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum PlanLevel {
  CITY = 'CITY',
  DISTRICT = 'DISTRICT',
}
registerEnumType(PlanLevel, { name: 'PlanLevel', description: '市级 CITY / 区县级 DISTRICT' });

export enum ReportingCadence {
  MONTHLY = 'MONTHLY',
  QUARTERLY = 'QUARTERLY',
  ANNUAL = 'ANNUAL',
}
registerEnumType(ReportingCadence, { name: 'ReportingCadence', description: '月报 / 季报 / 年报' });

export enum IndicatorNature {
  MINIMUM = 'MINIMUM',
  CEILING = 'CEILING',
  EXPECTED = 'EXPECTED',
}
registerEnumType(IndicatorNature, {
  name: 'IndicatorNature',
  description: '最低目标（不低于） MINIMUM, 上限（不超过） CEILING, 预期性 EXPECTED',
});

/** pg returns numeric as a string: read it back as a number. */
export const numeric = {
  to: (v: number | null) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/** 计划/方案: a city plan (shared reference data) or a district plan (tenant row of its district). */
@ObjectType({ description: '计划/方案' })
@Entity()
export class Plan {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Stable key of the plan, used by the importer (CQ-2021-GUIDANCE).' })
  @Column()
  code: string;

  @Field()
  @Column()
  title: string;

  @Field(() => String, { nullable: true, description: '文号 (武隆府办发〔2019〕98号).' })
  @Column({ type: 'text', nullable: true })
  documentNumber: string | null;

  @Field({ description: 'Issuing body as written.' })
  @Column()
  issuer: string;

  @Field(() => PlanLevel)
  @Column({ type: 'text' })
  level: PlanLevel;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  districtId: string | null;

  @Field(() => Int)
  @Column()
  startYear: number;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'int', nullable: true })
  endYear: number | null;

  @Field(() => ReportingCadence)
  @Column({ type: 'text' })
  cadence: ReportingCadence;

  @Field(() => Int, { description: '报送期限：每期结束后多少天内报送（默认 10 天）。' })
  @Column({ type: 'int', default: 10 })
  reportDueDays: number;

  @Field(() => String, { nullable: true, description: 'Source document and sections.' })
  @Column({ type: 'text', nullable: true })
  source: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** 指标 of a plan. A child ("其中") never exceeds its parent. */
@ObjectType({ description: '指标' })
@Entity()
export class Indicator {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  planId: string;

  @Field()
  @Column()
  code: string;

  @Field()
  @Column()
  name: string;

  @Field({ description: '人次, 个, 万人次, %…' })
  @Column()
  unit: string;

  @Field(() => ID, { nullable: true, description: 'The indicator this one is "of which" (其中).' })
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @Field(() => IndicatorNature)
  @Column({ type: 'text' })
  nature: IndicatorNature;

  @Field(() => Float, { nullable: true, description: 'For CEILING: the largest share of ceilingOf.' })
  @Column({ type: 'numeric', nullable: true, transformer: numeric })
  ceilingRatio: number | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  ceilingOfId: string | null;

  @Field({ description: 'Cumulative over the plan period (〔〕 in file 002) rather than per year.' })
  @Column({ default: false })
  cumulative: boolean;

  @Field(() => String, { nullable: true, description: 'The sentence of the document that gives the nature.' })
  @Column({ type: 'text', nullable: true })
  basis: string | null;

  @Field(() => Int)
  @Column()
  sortOrder: number;
}

/** plan × district × indicator × year → value. No district: a city-wide target (file 002). */
@ObjectType({ description: '目标值' })
@Entity()
export class Target {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  planId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  indicatorId: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  districtId: string | null;

  @Field(() => Int)
  @Column()
  year: number;

  @Field(() => Float)
  @Column({ type: 'numeric', transformer: numeric })
  value: number;
}

/** A document's 合计/总计 figure, kept as a claim: the platform computes its own totals beside it. */
@ObjectType({ description: '文件合计（文件声明值）' })
@Entity()
export class ClaimedTotal {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  planId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  indicatorId: string;

  @Field(() => Int)
  @Column()
  year: number;

  @Field(() => Float)
  @Column({ type: 'numeric', transformer: numeric })
  value: number;

  @Field({ description: 'File the claim was read from.' })
  @Column()
  sourceFile: string;
}
