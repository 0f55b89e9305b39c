import { Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { myTodos } from './todo.service';
// The modules whose sources make up the list (each registers itself when loaded).
import '../report/reminder.service';
import '../institution/institution.todo';
import { TodoList } from './todo.types';

@Resolver()
export class TodoResolver {
  @Query(() => TodoList, { description: '我的待办：催办、即将到期未报送、被退回的报送、待审核（管理员）。' })
  myTodos(@Ctx() ctx: RequestContext): Promise<TodoList> {
    return myTodos(ctx);
  }
}
