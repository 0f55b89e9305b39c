import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum OrganisationKind {
  GOVERNMENT_DEPARTMENT = 'GOVERNMENT_DEPARTMENT',
  MASS_ORGANISATION = 'MASS_ORGANISATION',
  ENTERPRISE = 'ENTERPRISE',
  TRAINING_INSTITUTION = 'TRAINING_INSTITUTION',
  SUBDISTRICT_OR_TOWN = 'SUBDISTRICT_OR_TOWN',
  OTHER = 'OTHER',
}
registerEnumType(OrganisationKind, { name: 'OrganisationKind', description: '单位类型' });

/**
 * Categories of organisations: the category of an enterprise or institution, and the assignee of a
 * duty given to a whole category ("all state-owned enterprises of the district").
 */
export enum OrganisationCategory {
  STATE_OWNED_ENTERPRISE = 'STATE_OWNED_ENTERPRISE',
  ABOVE_SCALE_ENTERPRISE = 'ABOVE_SCALE_ENTERPRISE',
  OTHER_ENTERPRISE = 'OTHER_ENTERPRISE',
  ALL_ENTERPRISES = 'ALL_ENTERPRISES',
  PUBLIC_VOCATIONAL_SCHOOL = 'PUBLIC_VOCATIONAL_SCHOOL',
  TECHNICAL_COLLEGE = 'TECHNICAL_COLLEGE',
  PRIVATE_TRAINING_SCHOOL = 'PRIVATE_TRAINING_SCHOOL',
  ENTERPRISE_TRAINING_CENTRE = 'ENTERPRISE_TRAINING_CENTRE',
  PUBLIC_TRAINING_BASE = 'PUBLIC_TRAINING_BASE',
  ALL_TRAINING_INSTITUTIONS = 'ALL_TRAINING_INSTITUTIONS',
  INDUSTRY_AUTHORITIES = 'INDUSTRY_AUTHORITIES',
  RELEVANT_DEPARTMENTS = 'RELEVANT_DEPARTMENTS',
  SUBDISTRICTS_AND_TOWNS = 'SUBDISTRICTS_AND_TOWNS',
}
registerEnumType(OrganisationCategory, { name: 'OrganisationCategory', description: '单位类别' });

/** 单位: belongs to one district (the tenant) or, with no district, to the city. */
@ObjectType({ description: '单位' })
@Entity()
export class Organisation {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { nullable: true, description: 'Null for city-level bodies.' })
  @Column({ type: 'uuid', nullable: true })
  districtId: string | null;

  @Field({ description: 'Canonical name (区人力社保局).' })
  @Column()
  name: string;

  /** Comparison key of the name (names.normaliseName): unique per district. */
  @Column()
  nameKey: string;

  @Field(() => OrganisationKind)
  @Column({ type: 'text' })
  kind: OrganisationKind;

  @Field(() => OrganisationCategory, { nullable: true })
  @Column({ type: 'text', nullable: true })
  category: OrganisationCategory | null;
}

/** Another spelling of an organisation's name that occurs in a document (区人社局 for 区人力社保局). */
@ObjectType({ description: '单位别名' })
@Entity()
export class OrganisationAlias {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  /** Tenant column (the organisation's district), kept here so row-level security needs no join. */
  @Column({ type: 'uuid', nullable: true })
  districtId: string | null;

  @Field()
  @Column()
  alias: string;

  @Column()
  aliasKey: string;
}
