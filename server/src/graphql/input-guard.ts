import { applyMiddleware, type IMiddlewareFunction } from 'graphql-middleware';
import { isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { BadInputError } from './errors';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a text cannot be stored: PostgreSQL's UTF-8 text refuses NUL (U+0000) outright, and a lone
 * UTF-16 surrogate is no character at all (it would be stored as U+FFFD or fail). Null when fine.
 */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return '不能包含空字符（U+0000）';
  if (LONE_SURROGATE.test(value)) return '包含无效的 Unicode 字符（孤立的代理项）';
  return null;
}

/** The first bad string in an argument value (any nesting), with its path. */
function findBadText(value: unknown, path: string, depth = 0): { path: string; problem: string } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path, problem } : null;
  }
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findBadText(value[i], `${path}[${i}]`, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    const bad = findBadText(inner, `${path}.${key}`, depth + 1);
    if (bad) return bad;
  }
  return null;
}

/**
 * Refuses an argument that holds a string PostgreSQL could not store, at the edge, before any
 * resolver or rule reads it: BAD_USER_INPUT naming the argument, instead of a database error.
 */
const guard: IMiddlewareFunction = (resolve, parent, args: Record<string, unknown>, context, info) => {
  for (const [name, value] of Object.entries(args ?? {})) {
    const bad = findBadText(value, name);
    if (bad) throw new BadInputError(`参数 ${bad.path} ${bad.problem}`, { argument: bad.path });
  }
  return resolve(parent, args, context, info);
};

/**
 * Wraps every field that takes arguments (and only those: fields without arguments keep their
 * plain resolvers) with the text guard. Applied outermost, so it runs before the permission rules.
 */
export function applyInputGuard(schema: GraphQLSchema): GraphQLSchema {
  const map: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    if (isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length) (map[type.name] ??= {})[field.name] = guard;
    }
  }
  return applyMiddleware(schema, map);
}
