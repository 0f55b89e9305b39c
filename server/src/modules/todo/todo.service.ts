import type { RequestContext } from '../../context/context';
import type { TodoItem, TodoList } from './todo.types';

/**
 * The to-do list (待办) is the union of SOURCES: each module registers a function that answers the
 * viewer's items of one kind (reports due soon, returned reports, reminders, qualifications
 * expiring …) in one statement or a few, so the list costs a fixed number of statements.
 *
 * @example registerTodoSource('QUALIFICATION_EXPIRING', (ctx) => expiringQualificationTodos(ctx));
 */
export type TodoSource = (ctx: RequestContext) => Promise<TodoItem[]>;

const sources = new Map<string, TodoSource>();

/** Registers a source (once per name). */
export function registerTodoSource(name: string, source: TodoSource): void {
  if (sources.has(name)) throw new Error(`todo source ${name} is registered twice`);
  sources.set(name, source);
}

/** The viewer's to-do list: every source, most urgent (earliest due date) first, undated last. */
export async function myTodos(ctx: RequestContext): Promise<TodoList> {
  if (!ctx.viewer) return { count: 0, items: [] };
  const lists = await Promise.all([...sources.values()].map((source) => source(ctx)));
  const items = lists.flat().sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
  return { count: items.length, items };
}
