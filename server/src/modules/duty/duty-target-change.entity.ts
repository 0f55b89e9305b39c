import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numeric } from '../plan/plan.entity';

export enum TargetChangeSource {
  MANUAL = 'MANUAL',
  IMPORT = 'IMPORT',
}
registerEnumType(TargetChangeSource, {
  name: 'TargetChangeSource',
  description: '手工修改 MANUAL / 导入文件 IMPORT',
});

/**
 * One change of a duty's yearly target (migration DutyUpkeep): who, when, the old and new value and
 * unit (old null = the year's target was added; new null = removed), and why. Append-only.
 */
@ObjectType({ description: '年度目标修改记录' })
@Entity({ name: 'duty_target_change' })
export class DutyTargetChange {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  districtId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  dutyId: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  year: number;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'numeric', nullable: true, transformer: numeric })
  oldValue: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  oldUnit: string | null;

  @Field(() => Float, { nullable: true })
  @Column({ type: 'numeric', nullable: true, transformer: numeric })
  newValue: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  newUnit: string | null;

  @Field()
  @Column({ type: 'text' })
  reason: string;

  @Field(() => TargetChangeSource)
  @Column({ type: 'text' })
  source: TargetChangeSource;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  changedBy: string | null;

  @Field()
  @Column({ type: 'timestamptz' })
  changedAt: Date;
}
