import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One occupation of a district's project-training catalogue (急需紧缺职业（工种）目录, file 003). */
@ObjectType({ description: '项目制培训目录条目' })
@Entity()
export class CatalogueEntry {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  planId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  districtId: string;

  @Field(() => Int)
  @Column()
  seq: number;

  @Field({ description: 'Occupation as the catalogue writes it.' })
  @Column()
  occupation: string;
}
