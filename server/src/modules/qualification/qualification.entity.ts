import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum QualificationKind {
  SCHOOL_LICENCE = 'SCHOOL_LICENCE',
  CERTIFICATION_BODY = 'CERTIFICATION_BODY',
  SUBSIDISED_CATALOGUE_LISTING = 'SUBSIDISED_CATALOGUE_LISTING',
  APPROVED_OCCUPATION = 'APPROVED_OCCUPATION',
  ASSESSMENT_GRADE = 'ASSESSMENT_GRADE',
}
registerEnumType(QualificationKind, {
  name: 'QualificationKind',
  description: '办学许可证 / 职业技能等级认定机构备案 / 补贴性培训目录 / 项目制培训批准职业 / 评估等级',
});

export enum QualificationStatus {
  PENDING_REVIEW = 'PENDING_REVIEW',
  APPROVED = 'APPROVED',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(QualificationStatus, {
  name: 'QualificationStatus',
  description: '待审核 / 已批准 / 已过期 / 已撤销',
});

/** 资质 of an institution or enterprise. Approved certification bodies count toward the city indicators. */
@ObjectType({ description: '资质' })
@Entity()
export class Qualification {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid' })
  districtId: string;

  @Field(() => QualificationKind)
  @Column({ type: 'text' })
  kind: QualificationKind;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  number: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  issuer: string | null;

  @Field(() => String, { nullable: true, description: 'ISO date.' })
  @Column({ type: 'date', nullable: true })
  validFrom: string | null;

  @Field(() => String, { nullable: true, description: 'ISO date.' })
  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @Field(() => QualificationStatus)
  @Column({ type: 'text' })
  status: QualificationStatus;

  @Field(() => ID, { nullable: true, description: 'Catalogue occupation, for APPROVED_OCCUPATION.' })
  @Column({ type: 'uuid', nullable: true })
  catalogueEntryId: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
