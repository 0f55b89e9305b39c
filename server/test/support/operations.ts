import {
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  isInterfaceType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Builds GraphQL operations straight from the schema, for suites that must cover every field
 * (the isolation suite): a selection set of every field to a depth, and argument values chosen by
 * a callback (so a test can aim every ID argument at another district's rows).
 */

export type ArgumentChooser = (path: string, name: string, type: GraphQLInputType) => unknown;

/** A literal for `value` of `type` in GraphQL syntax. */
export function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null || value === undefined) return 'null';
  const named = getNamedType(type);
  if (Array.isArray(value)) {
    const inner = type instanceof GraphQLNonNull ? type.ofType : type;
    const item =
      inner instanceof GraphQLList ? (inner.ofType as GraphQLInputType) : (named as GraphQLInputType);
    return `[${value.map((v) => literal(v, item)).join(', ')}]`;
  }
  if (named instanceof GraphQLEnumType) return String(value);
  if (named instanceof GraphQLInputObjectType && typeof value === 'object') {
    const fields = named.getFields();
    return `{ ${Object.entries(value as Record<string, unknown>)
      .filter(([k]) => fields[k])
      .map(([k, v]) => `${k}: ${literal(v, fields[k]!.type)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** A value for an input type: the chooser's answer, else a plausible value (required fields only). */
export function inputValue(
  path: string,
  name: string,
  type: GraphQLInputType,
  choose: ArgumentChooser,
): unknown {
  const chosen = choose(path, name, type);
  if (chosen !== undefined) return chosen;
  const required = type instanceof GraphQLNonNull;
  const inner = required ? (type as GraphQLNonNull<GraphQLInputType>).ofType : type;
  if (inner instanceof GraphQLList) {
    return required ? [inputValue(`${path}[]`, name, inner.ofType as GraphQLInputType, choose)] : undefined;
  }
  const named = getNamedType(inner);
  if (named instanceof GraphQLInputObjectType) {
    const object: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) {
      const v = inputValue(`${path}.${field.name}`, field.name, field.type, choose);
      if (v !== undefined) object[field.name] = v;
    }
    return required || Object.keys(object).length ? object : undefined;
  }
  if (!required) return undefined;
  if (named instanceof GraphQLEnumType) return named.getValues()[0]?.name;
  switch ((named as GraphQLScalarType).name) {
    case 'Int':
      return 2021;
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'ID':
      return '00000000-0000-4000-8000-000000000000';
    default:
      return 'x';
  }
}

function argumentList(field: GraphQLField<unknown, unknown>, path: string, choose: ArgumentChooser): string {
  const parts: string[] = [];
  for (const arg of field.args as readonly GraphQLArgument[]) {
    const value = inputValue(`${path}(${arg.name})`, arg.name, arg.type, choose);
    if (value !== undefined) parts.push(`${arg.name}: ${literal(value, arg.type)}`);
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

/** Every field of `type` to `depth` levels, with arguments from `choose`. */
export function selectionSet(
  type: GraphQLOutputType,
  depth: number,
  path: string,
  choose: ArgumentChooser,
): string | null {
  const named = getNamedType(type);
  if (named instanceof GraphQLScalarType || named instanceof GraphQLEnumType) return '';
  if (isUnionType(named) || isInterfaceType(named)) return '{ __typename }';
  if (!(named instanceof GraphQLObjectType)) return '';
  if (depth === 0) {
    const idField = named.getFields().id;
    return idField ? '{ id }' : null;
  }
  const parts: string[] = [];
  for (const field of Object.values(named.getFields())) {
    const sub = selectionSet(field.type, depth - 1, `${path}.${field.name}`, choose);
    if (sub === null) continue;
    parts.push(`${field.name}${argumentList(field, `${named.name}.${field.name}`, choose)} ${sub}`.trim());
  }
  return parts.length ? `{ ${parts.join(' ')} }` : null;
}

/** A whole operation calling one root field, as an alias and again through a fragment. */
export function operationFor(
  schema: GraphQLSchema,
  kind: 'query' | 'mutation',
  fieldName: string,
  choose: ArgumentChooser,
  depth = 3,
): string {
  const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
  const field = root?.getFields()[fieldName];
  if (!root || !field) throw new Error(`no ${kind} field ${fieldName}`);
  const args = argumentList(field, `${root.name}.${fieldName}`, choose);
  const selection = selectionSet(field.type, depth, fieldName, choose) ?? '';
  if (kind === 'mutation') return `mutation { probe: ${fieldName}${args} ${selection} }`;
  return `query { direct: ${fieldName}${args} ${selection} ...viaFragment } fragment viaFragment on ${root.name} { viaFragment: ${fieldName}${args} ${selection} }`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every UUID anywhere in a response. */
export function uuidsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string' && UUID.test(value)) found.add(value.toLowerCase());
  else if (Array.isArray(value)) for (const v of value) uuidsIn(v, found);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) uuidsIn(v, found);
  return found;
}
