import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  extendSchema,
  isAbstractType,
  isObjectType,
  getNamedType,
  graphql,
  isCompositeType,
  parse,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { describeRule } from '../../auth/rules';
import type { Viewer } from '../../auth/viewer';
import { applyPermissions, isUnwrapped, permissionMap } from '../permissions';
import { buildBareSchema } from '../schema';

/**
 * The permission map as a whole (README "Permissions"; docs/auth.md):
 * 1. every Query and Mutation field names its rule (nothing rests on the deny fallback by accident);
 * 2. a committed snapshot of "Type.field → rule" makes every permission change visible in review
 *    (after an intended change: `npx vitest run -u src/graphql/__tests__/permissions.test.ts`);
 * 3. a refused field answers UNAUTHENTICATED signed out and FORBIDDEN signed in, never
 *    INTERNAL_SERVER_ERROR.
 */

const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;

type Rules = Record<string, Record<string, unknown>>;

function rootFields(schema: GraphQLSchema): { type: string; field: GraphQLField<unknown, unknown> }[] {
  const out: { type: string; field: GraphQLField<unknown, unknown> }[] = [];
  for (const name of ROOT_TYPES) {
    const type = schema.getType(name);
    if (type instanceof GraphQLObjectType)
      for (const field of Object.values(type.getFields())) out.push({ type: name, field });
  }
  return out;
}

/** A value of `type` that passes GraphQL's input coercion (the rule answers before any resolver). */
function sampleValue(type: GraphQLInputType): unknown {
  if (type instanceof GraphQLNonNull) return sampleValue(type.ofType as GraphQLInputType);
  if (type instanceof GraphQLList) return [sampleValue(type.ofType as GraphQLInputType)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0]!.value as unknown;
  if (type instanceof GraphQLInputObjectType) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields()))
      if (field.type instanceof GraphQLNonNull && field.defaultValue === undefined)
        value[field.name] = sampleValue(field.type);
    return value;
  }
  if (type instanceof GraphQLScalarType) {
    switch (type.name) {
      case 'ID':
        return '00000000-0000-4000-8000-000000000000';
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return true;
      case 'DateTimeISO':
        return '2026-01-01T00:00:00.000Z';
      default:
        return 'x';
    }
  }
  throw new Error(`no sample for ${String(type)}`);
}

/** A one-field operation calling `field` with sample values for its required arguments. */
function operationFor(type: string, field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((a) => a.type instanceof GraphQLNonNull && a.defaultValue === undefined);
  const defs = required.map((a, i) => `$a${i}: ${String(a.type)}`).join(', ');
  const args = required.map((a, i) => `${a.name}: $a${i}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  const keyword = type === 'Mutation' ? 'mutation' : type === 'Subscription' ? 'subscription' : 'query';
  return {
    query: `${keyword} Probe${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`,
    variables: Object.fromEntries(required.map((a, i) => [`a${i}`, sampleValue(a.type)])),
  };
}

describe('permission map', () => {
  let schema: GraphQLSchema;
  let rules: Rules;

  beforeAll(async () => {
    schema = await buildBareSchema();
    rules = permissionMap(schema) as Rules;
  });

  it('names an explicit rule for every Query and Mutation field', () => {
    const missing = rootFields(schema)
      .filter(({ type, field }) => !rules[type] || !(field.name in rules[type]))
      .map(({ type, field }) => `${type}.${field.name}`);
    expect(missing, 'add these fields to their module’s <noun>.rules.ts').toEqual([]);
  });

  it('names no rule for a field that does not exist (a stale entry hides a rename)', () => {
    const stale: string[] = [];
    for (const [type, fields] of Object.entries(rules)) {
      const gqlType = schema.getType(type);
      for (const field of Object.keys(fields)) {
        if (field === '*') continue;
        if (!(gqlType instanceof GraphQLObjectType) || !(field in gqlType.getFields()))
          stale.push(`${type}.${field}`);
      }
    }
    expect(stale).toEqual([]);
  });

  it('matches the committed snapshot (review every change of who may call what)', async () => {
    const lines: string[] = [];
    for (const [type, fields] of Object.entries(rules))
      for (const [field, rule] of Object.entries(fields))
        lines.push(`${type}.${field} → ${describeRule(rule)}`);
    const order = (line: string) => {
      const type = line.slice(0, line.indexOf('.'));
      const root = ROOT_TYPES.indexOf(type as (typeof ROOT_TYPES)[number]);
      return `${root === -1 ? 9 : root}${line}`;
    };
    lines.sort((a, b) => order(a).localeCompare(order(b)));
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/permissions.snap.txt');
  });

  it('reaches every other object type only through root fields that name a rule', () => {
    // The fields of non-root object types are not wrapped by shield (applyPermissions): they are
    // protected by the root field they are reached through. So every object type must be reached
    // from some root field, and only from root fields with an explicit rule.
    const reachedFrom = new Map<string, Set<string>>();
    const visit = (typeName: string, root: string, seen: Set<string>) => {
      if (seen.has(typeName)) return;
      seen.add(typeName);
      const type = schema.getType(typeName);
      if (!type) return;
      if (isAbstractType(type)) {
        for (const possible of schema.getPossibleTypes(type)) visit(possible.name, root, seen);
        return;
      }
      if (!isObjectType(type)) return;
      if (!reachedFrom.has(typeName)) reachedFrom.set(typeName, new Set());
      reachedFrom.get(typeName)!.add(root);
      for (const field of Object.values(type.getFields())) visit(getNamedType(field.type).name, root, seen);
    };
    for (const { type, field } of rootFields(schema))
      visit(getNamedType(field.type).name, `${type}.${field.name}`, new Set());
    const problems: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || ROOT_TYPES.includes(type.name as never))
        continue;
      const roots = [...(reachedFrom.get(type.name) ?? [])];
      if (!roots.length) problems.push(`${type.name}: reached from no root field`);
      for (const root of roots) {
        const [rootType, rootField] = root.split('.') as [string, string];
        if (!rules[rootType] || !(rootField in rules[rootType]))
          problems.push(`${type.name}: reached from ${root}, which names no rule`);
      }
    }
    expect(problems).toEqual([]);
    expect(reachedFrom.size).toBeGreaterThan(10);
  });

  it('wraps the root fields and named object fields only (scoped-parent fields resolve synchronously)', () => {
    const applied = applyPermissions(schema);
    let unwrapped = 0;
    for (const type of Object.values(applied.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      const bare = schema.getType(type.name) as GraphQLObjectType;
      for (const field of Object.values(type.getFields())) {
        const original = bare.getFields()[field.name]!.resolve;
        if (isUnwrapped(schema, rules, type.name, field.name)) {
          unwrapped++;
          expect(field.resolve, `${type.name}.${field.name}`).toBe(original);
        } else {
          expect(field.resolve, `${type.name}.${field.name}`).not.toBe(original);
        }
      }
    }
    expect(unwrapped).toBeGreaterThan(50);
    // Root fields are never left unwrapped, whatever the map says.
    expect(isUnwrapped(schema, rules, 'Query', 'viewer')).toBe(false);
  });

  it('gives every rule a readable name (no anonymous shield rules)', () => {
    for (const fields of Object.values(rules))
      for (const rule of Object.values(fields)) expect(describeRule(rule)).not.toMatch(/^0\.\d+$/);
  });
});

describe('refused fields', () => {
  let db: TestDatabase;
  let api: TestApi;
  let schema: GraphQLSchema;
  let rules: Rules;
  /** Signed in, but holding no grant: every hasRole rule refuses them. */
  const noGrants: Viewer = {
    userId: '00000000-0000-4000-8000-0000000000aa',
    username: 'no-grants',
    displayName: '无授权用户',
    sessionId: '00000000-0000-4000-8000-0000000000bb',
    grants: [],
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApi(db.appDataSource);
    schema = await buildBareSchema();
    rules = permissionMap(schema) as Rules;
  });
  afterAll(async () => {
    await db.drop();
  });

  const ruleOf = (type: string, field: string) => describeRule(rules[type]?.[field]);

  it('answers UNAUTHENTICATED to a signed-out caller of every non-public field', async () => {
    const wrong: string[] = [];
    for (const { type, field } of rootFields(schema)) {
      if (ruleOf(type, field.name) === 'isPublic') continue;
      const { query, variables } = operationFor(type, field);
      const result = await api.query(query, variables, null);
      const code = result.errors?.[0]?.extensions?.code;
      if (code !== 'UNAUTHENTICATED')
        wrong.push(`${type}.${field.name}: ${String(code)} ${result.errors?.[0]?.message ?? ''}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers FORBIDDEN to a signed-in caller without the role, for every role-restricted field', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const { type, field } of rootFields(schema)) {
      const rule = ruleOf(type, field.name);
      if (!rule.startsWith('hasRole(') && rule !== 'deny') continue;
      checked++;
      const { query, variables } = operationFor(type, field);
      const result = await api.query(query, variables, noGrants);
      const code = result.errors?.[0]?.extensions?.code;
      if (code !== 'FORBIDDEN')
        wrong.push(`${type}.${field.name}: ${String(code)} ${result.errors?.[0]?.message ?? ''}`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it('never lets a refusal surface as INTERNAL_SERVER_ERROR or shield’s "Not Authorised!"', async () => {
    for (const viewer of [null, noGrants]) {
      for (const { type, field } of rootFields(schema)) {
        const rule = ruleOf(type, field.name);
        if (rule === 'isPublic' || (viewer && !rule.startsWith('hasRole(') && rule !== 'deny')) continue;
        const { query, variables } = operationFor(type, field);
        const result = await api.query(query, variables, viewer);
        for (const error of result.errors ?? []) {
          expect(error.extensions?.code, `${type}.${field.name}`).not.toBe('INTERNAL_SERVER_ERROR');
          expect(error.message).not.toBe('Not Authorised!');
        }
      }
    }
  });
});

describe('a field without a rule', () => {
  it('falls back to deny: UNAUTHENTICATED signed out, FORBIDDEN signed in, the resolver never runs', async () => {
    const extended = extendSchema(await buildBareSchema(), parse('extend type Query { unlisted: String }'));
    let ran = false;
    extended.getQueryType()!.getFields().unlisted!.resolve = () => {
      ran = true;
      return 'secret';
    };
    const schema = applyPermissions(extended);
    const signedOut = await graphql({ schema, source: '{ unlisted }', contextValue: { viewer: null } });
    expect(signedOut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const signedIn = await graphql({
      schema,
      source: '{ unlisted }',
      contextValue: { viewer: { userId: 'u', username: 'u', displayName: 'u', sessionId: 's', grants: [] } },
    });
    expect(signedIn.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(signedIn.data).toEqual({ unlisted: null });
    expect(ran).toBe(false);
  });
});
