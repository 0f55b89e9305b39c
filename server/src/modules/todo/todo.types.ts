import { Field, ID, Int, ObjectType } from 'type-graphql';

/** One entry of a user's 待办 (to-do list), whatever module it comes from. */
@ObjectType({ description: '待办事项' })
export class TodoItem {
  @Field({ description: 'REMINDER 催办 / DUE_SOON 即将到期 / RETURNED 被退回 / REVIEW 待审核 / …' })
  kind: string;

  @Field()
  title: string;

  @Field()
  detail: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  dueOn: string | null;

  @Field({ description: 'Client route to act on it (/report/…, /review).' })
  link: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The row it is about (a reminder: mark it read with its id).',
  })
  entityId: string | null;
}

@ObjectType({ description: '我的待办' })
export class TodoList {
  @Field(() => Int)
  count: number;

  @Field(() => [TodoItem])
  items: TodoItem[];
}
