import { Field, Float, ID, InputType, Int } from 'type-graphql';

@InputType({ description: '责任清单条目（编辑时按顺序给出全部条目）' })
export class ResponsibilityItemInput {
  @Field(() => ID, {
    nullable: true,
    description: 'An existing item (kept, edited or moved); none: a new item.',
  })
  id?: string | null;

  @Field()
  text: string;
}

@InputType({ description: '修改重点工作（区县管理员）：给出的部分被替换，未给出的不变' })
export class UpdateDutyInput {
  @Field(() => ID)
  dutyId: string;

  @Field(() => Int, { description: 'The version the edit is based on (CONFLICT when stale).' })
  version: number;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => [ResponsibilityItemInput], {
    nullable: true,
    description:
      'The whole 责任清单 in order: items with id are kept, items without are added, the rest removed.',
  })
  items?: ResponsibilityItemInput[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Organisations (of the duty’s district) leading the duty.',
  })
  leadOrganisationIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Organisations (of the duty’s district) cooperating.' })
  cooperatingOrganisationIds?: string[] | null;
}

@InputType({ description: '设置某年目标（需填写原因）' })
export class SetDutyTargetInput {
  @Field(() => ID)
  dutyId: string;

  @Field(() => Int)
  version: number;

  @Field(() => Int, { description: 'A year of the plan’s period.' })
  year: number;

  @Field(() => Float, { description: '≥ 0.' })
  value: number;

  @Field({ description: '人次, 人, 个, …' })
  unit: string;

  @Field()
  reason: string;
}

@InputType({ description: '删除某年目标（需填写原因）' })
export class RemoveDutyTargetInput {
  @Field(() => ID)
  dutyId: string;

  @Field(() => Int)
  version: number;

  @Field(() => Int)
  year: number;

  @Field()
  reason: string;
}
