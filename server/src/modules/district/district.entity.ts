import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum DistrictKind {
  DISTRICT = 'DISTRICT',
  COUNTY = 'COUNTY',
  NEW_AREA = 'NEW_AREA',
  DEVELOPMENT_ZONE = 'DEVELOPMENT_ZONE',
}
registerEnumType(DistrictKind, {
  name: 'DistrictKind',
  description:
    '区 DISTRICT, 县 COUNTY, 新区 NEW_AREA (两江新区), 开发区 DEVELOPMENT_ZONE (重庆高新区, 万盛经开区).',
});

export enum RuralRevitalisationLevel {
  NATIONAL = 'NATIONAL',
  MUNICIPAL = 'MUNICIPAL',
  REFERENCE = 'REFERENCE',
}
registerEnumType(RuralRevitalisationLevel, {
  name: 'RuralRevitalisationLevel',
  description:
    'File 002 专栏2: 国家乡村振兴重点帮扶县 NATIONAL, 市级乡村振兴重点帮扶区县 MUNICIPAL, districts that 参照执行 the policies REFERENCE.',
});

/** 区县: a tenant. The district list is shared reference data, readable by every signed-in user. */
@ObjectType({ description: '区县：租户。' })
@Entity()
export class District {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'GB/T 2260 code, or LJXQ / GXQ / WSJKQ for the three zones that have none.' })
  @Column()
  code: string;

  @Field({ description: 'Name as the documents write it (石柱县).' })
  @Column()
  name: string;

  @Field({ description: 'Official full name (石柱土家族自治县).' })
  @Column()
  fullName: string;

  @Field(() => DistrictKind)
  @Column({ type: 'text' })
  kind: DistrictKind;

  @Field(() => RuralRevitalisationLevel, { nullable: true })
  @Column({ type: 'text', nullable: true })
  ruralRevitalisationLevel: RuralRevitalisationLevel | null;

  @Field(() => String, { nullable: true, description: 'The level as the document names it.' })
  @Column({ type: 'text', nullable: true })
  ruralRevitalisationLabel: string | null;

  @Field({ description: 'Order of the city documents (万州区 = 1).' })
  @Column()
  sortOrder: number;
}
