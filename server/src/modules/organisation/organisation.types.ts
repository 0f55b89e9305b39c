import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination';
import { Organisation, OrganisationCategory, OrganisationKind } from './organisation.entity';

@InputType({ description: '单位筛选条件（均可省略；结果始终限于当前用户可见的区县）' })
export class OrganisationFilter {
  @Field(() => OrganisationKind, { nullable: true })
  kind?: OrganisationKind | null;

  @Field(() => OrganisationCategory, { nullable: true })
  category?: OrganisationCategory | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only this district’s organisations (a district outside the viewer’s scope: none).',
  })
  districtId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only city-level organisations (true) or only district ones (false).',
  })
  cityLevel?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'Part of the name or of any alias (区人社局 finds 区人力社保局).',
  })
  search?: string | null;
}

@ObjectType({ description: '单位列表（分页）' })
export class OrganisationConnection extends ConnectionType(Organisation) {}
