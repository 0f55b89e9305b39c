import type { ApolloServerPlugin } from '@apollo/server';
import {
  BREAK,
  isEnumType,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  Kind,
  typeFromAST,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import type { RequestContext } from '../context/context';
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

/** A UUID as PostgreSQL prints it (any case): every `ID` of the API is one. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `ID` arguments and input fields that are not UUIDs, so not checked as such. None today: every
 * `ID` in schema/schema.graphql names a row by its uuid key (plans by code use `planCode: String`,
 * cursors are `String`). A future non-uuid `ID` (a code, a cursor) is listed here as
 * `Type.field(argument)` or `InputType.field`.
 */
export const NON_UUID_IDS: ReadonlySet<string> = new Set<string>();

interface Problem {
  path: string;
  problem: string;
}

const ID_PROBLEM = '不是有效的 ID（应为 UUID，例如 0b6c4f5e-3f1a-4c7e-9d2a-5e8f1b7c3a90）';

function idProblem(value: unknown, path: string): Problem | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null; // coercion refuses it
  return UUID.test(String(value)) ? null : { path, problem: ID_PROBLEM };
}

/** A variable's value checked along its declared type (`where` names the type's field, for NON_UUID_IDS). */
function checkValue(
  value: unknown,
  type: GraphQLInputType,
  path: string,
  where: string,
  depth = 0,
): Problem | null {
  if (value === null || value === undefined || depth > 30) return null;
  if (isNonNullType(type)) return checkValue(value, type.ofType, path, where, depth);
  if (isListType(type)) {
    if (!Array.isArray(value)) return checkValue(value, type.ofType, path, where, depth + 1);
    for (let i = 0; i < value.length; i++) {
      const bad = checkValue(value[i], type.ofType, `${path}[${i}]`, where, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return null; // coercion refuses it
    const fields = type.getFields();
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key];
      if (!field) continue; // coercion refuses unknown fields
      const bad = checkValue(inner, field.type, `${path}.${key}`, `${type.name}.${key}`, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  if (isEnumType(type)) return null;
  if (type.name === 'ID' && !NON_UUID_IDS.has(where)) return idProblem(value, path);
  return findBadText(value, path);
}

/** A literal argument value checked along its type; variables inside it are checked on their own. */
function checkLiteral(
  node: ValueNode,
  type: GraphQLInputType,
  path: string,
  where: string,
  depth = 0,
): Problem | null {
  if (node.kind === Kind.VARIABLE || node.kind === Kind.NULL || depth > 30) return null;
  if (isNonNullType(type)) return checkLiteral(node, type.ofType, path, where, depth);
  if (isListType(type)) {
    if (node.kind !== Kind.LIST) return checkLiteral(node, type.ofType, path, where, depth + 1);
    for (let i = 0; i < node.values.length; i++) {
      const bad = checkLiteral(node.values[i]!, type.ofType, `${path}[${i}]`, where, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (node.kind !== Kind.OBJECT) return null; // validation refuses it
    const fields = type.getFields();
    for (const field of node.fields) {
      const def = fields[field.name.value];
      if (!def) continue;
      const key = field.name.value;
      const bad = checkLiteral(field.value, def.type, `${path}.${key}`, `${type.name}.${key}`, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  if (isEnumType(type)) return null;
  if (type.name === 'ID' && !NON_UUID_IDS.has(where)) {
    return node.kind === Kind.STRING || node.kind === Kind.INT ? idProblem(node.value, path) : null;
  }
  if (node.kind === Kind.STRING) {
    const problem = textProblem(node.value);
    return problem ? { path, problem } : null;
  }
  // A custom scalar (JSON) written as an object or list: any string inside it.
  if (node.kind === Kind.OBJECT || node.kind === Kind.LIST)
    return findBadText(valueFromASTUntyped(node), path);
  return null;
}

/**
 * What {@link checkDocument} found, per parsed document and operation. Apollo keeps one parsed
 * document per query text (its document store), so a client's repeated operation is walked once
 * (a TypeInfo walk costs tens of microseconds; the variables are checked on every request).
 */
const literalChecks = new WeakMap<DocumentNode, Map<OperationDefinitionNode, Problem | null>>();

function checkLiterals(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): Problem | null {
  let byOperation = literalChecks.get(document);
  if (!byOperation) literalChecks.set(document, (byOperation = new Map()));
  if (!byOperation.has(operation)) byOperation.set(operation, checkDocument(schema, document, operation));
  return byOperation.get(operation)!;
}

/** The first problem in the operation's literal arguments (field and directive arguments). */
function checkDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): Problem | null {
  const typeInfo = new TypeInfo(schema);
  let found: Problem | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        // Only the operation that runs (and the fragments: validation refuses unused ones).
        if (node !== operation) return false;
        return undefined;
      },
      Argument(node) {
        if (found) return BREAK;
        const argument = typeInfo.getArgument();
        const parent = typeInfo.getParentType();
        const fieldDef = typeInfo.getFieldDef();
        if (!argument) return undefined;
        const where = `${parent?.name ?? ''}.${fieldDef?.name ?? ''}(${argument.name})`;
        found = checkLiteral(node.value, argument.type, node.name.value, where);
        return found ? BREAK : false;
      },
    }),
  );
  return found;
}

/** The first problem in the operation's variables, checked against their declared types. */
function checkVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): Problem | null {
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    if (!type || !isInputType(type) || !variables || !(name in variables)) continue;
    // A variable's own type names no argument: an ID variable is checked as a UUID wherever used.
    const bad = checkValue(variables[name], type, `$${name}`, '');
    if (bad) return bad;
  }
  return null;
}

/**
 * Refuses, once per request and before any resolver or permission rule runs, input PostgreSQL
 * could not take: a string with NUL or a lone surrogate anywhere in the arguments or variables,
 * and an `ID` that is not a UUID (it would fail the uuid cast: an error, not NOT_FOUND). The answer
 * is BAD_USER_INPUT naming the argument path (`filter.search`, `$input.displayName`), HTTP 400,
 * and nothing runs. A well-formed but unknown UUID still reaches the resolver (NOT_FOUND).
 *
 * Literal arguments are walked with TypeInfo over the operation; variables along their declared
 * types (into input objects and lists); a custom scalar's value (JSON) is searched for strings.
 */
export const inputGuardPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, operation, request }) {
        if (!operation) return;
        const bad =
          checkVariables(schema, operation, request.variables) ?? checkLiterals(schema, document, operation);
        if (bad)
          throw new BadInputError(`参数 ${bad.path} ${bad.problem}`, {
            argument: bad.path,
            http: { status: 400 },
          });
      },
    };
  },
};
