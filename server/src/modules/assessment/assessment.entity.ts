import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numeric } from '../plan/plan.entity';

export enum AssessmentMethod {
  COMPLETION_RATIO = 'COMPLETION_RATIO',
  MINIMUM_MET = 'MINIMUM_MET',
  CEILING_RESPECTED = 'CEILING_RESPECTED',
  REPORTED_ON_TIME = 'REPORTED_ON_TIME',
  CHECKLIST_DONE = 'CHECKLIST_DONE',
}
registerEnumType(AssessmentMethod, {
  name: 'AssessmentMethod',
  description: '完成率（封顶 100%）/ 达到最低目标 / 未超上限 / 按时报送 / 清单完成',
});

/** 考核标准 of a plan: weight and method; yields scores per organisation and district per year. */
@ObjectType({ description: '考核标准' })
@Entity()
export class AssessmentCriterion {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  planId: string;

  @Field(() => ID, { nullable: true, description: 'Null on a city plan.' })
  @Column({ type: 'uuid', nullable: true })
  districtId: string | null;

  @Field()
  @Column()
  name: string;

  @Field(() => Float)
  @Column({ type: 'numeric', transformer: numeric })
  weight: number;

  @Field(() => AssessmentMethod)
  @Column({ type: 'text' })
  method: AssessmentMethod;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  indicatorId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;
}
