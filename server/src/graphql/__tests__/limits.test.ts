import fs from 'node:fs';
import path from 'node:path';
import {
  Kind,
  parse,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  TypeInfo,
  ValidationContext,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../config/env';
import { buildAppSchema } from '../schema';
import { estimateCost, LIMITS, requestLimits } from '../limits';

/**
 * Every operation the admin client sends must pass the request limits (graphql/limits.ts), and the
 * attacks of issue 9 must not. Operations are found the way the client's codegen finds them
 * (client/codegen.ts: `graphql(\`…\`)` in src/**\/*.{ts,tsx}, not src/gql).
 */

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'gql' || entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

function clientDocuments(): {
  operations: OperationDefinitionNode[];
  fragments: Map<string, FragmentDefinitionNode>;
} {
  const operations: OperationDefinitionNode[] = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const file of sourceFiles(path.join(REPO_ROOT, 'client', 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/graphql\(\s*`([\s\S]*?)`\s*\)/g)) {
      for (const definition of parse(match[1]!).definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
    }
  }
  return { operations, fragments };
}

/** The operation with the fragments it uses (transitively), as the client sends it. */
function documentOf(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
): DocumentNode {
  const used = new Map<string, FragmentDefinitionNode>();
  const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          collect(fragment);
        }
      },
    });
  collect(operation);
  return { kind: Kind.DOCUMENT, definitions: [operation, ...used.values()] };
}

let schema: GraphQLSchema;
const rules = [...specifiedRules, ...requestLimits(true).validationRules];
const check = (query: string) =>
  validate(schema, parse(query, { maxTokens: LIMITS.maxTokens }), rules).map((e) => ({
    message: e.message,
    code: e.extensions.code,
    limit: e.extensions.limit,
  }));

beforeAll(async () => {
  schema = await buildAppSchema();
});

describe('request limits', () => {
  it('let every operation of the admin client through', () => {
    const { operations, fragments } = clientDocuments();
    expect(operations.length).toBeGreaterThan(20);
    const costs: [string, number][] = [];
    for (const operation of operations) {
      const document = documentOf(operation, fragments);
      const errors = validate(schema, document, rules);
      expect(
        errors.map((e) => e.message),
        operation.name?.value,
      ).toEqual([]);
      const context = new ValidationContext(schema, document, new TypeInfo(schema), () => undefined);
      const root = operation.operation === 'mutation' ? schema.getMutationType()! : schema.getQueryType()!;
      costs.push([operation.name?.value ?? '?', estimateCost(context, operation.selectionSet, root)]);
    }
    costs.sort((a, b) => b[1] - a[1]);
    console.log(`highest estimated costs (limit ${LIMITS.maxCost}):`, costs.slice(0, 5));
    expect(costs[0]![1]).toBeLessThan(LIMITS.maxCost / 2); // headroom for the client to grow
  });

  it('refuse duty { assignments { duty { assignments … } } } nesting by its cost', () => {
    let selection = 'id';
    for (let i = 0; i < 4; i++) selection = `assignments { duty { id ${selection} } }`;
    const errors = check(`query { duty(id: "00000000-0000-0000-0000-000000000000") { ${selection} } }`);
    expect(errors).toContainEqual(expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' }));
  });

  it('refuse 1,000 aliases of allocationMatrix (aliases and cost)', () => {
    const fields = Array.from(
      { length: 1000 },
      (_, i) =>
        `m${i}: allocationMatrix(planId: "00000000-0000-0000-0000-000000000000") { rows { cells { value } } }`,
    ).join('\n');
    // Over the token limit already: the parser refuses it before any validation.
    expect(() => parse(`query { ${fields} }`, { maxTokens: LIMITS.maxTokens })).toThrow(/tokens/);
    const some = Array.from(
      { length: 25 },
      (_, i) => `m${i}: allocationMatrix(planId: "00000000-0000-0000-0000-000000000000") { __typename }`,
    ).join('\n');
    expect(check(`query { ${some} }`)).toContainEqual(
      expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' }),
    );
  });

  it('refuse deep nesting, too many directives and fragment bombs', () => {
    let deep = 'id';
    for (let i = 0; i < 8; i++) deep = `assignments { duty { ${deep} } }`;
    expect(check(`query { duty(id: "x") { ${deep} } }`)).toContainEqual(
      expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' }),
    );
    const directives = Array.from({ length: 30 }, () => '@include(if: true)').join(' ');
    expect(check(`query { __typename ${directives} }`)).toContainEqual(
      expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'directives' }),
    );
    // Each fragment spreads the next twice: 2^30 fields if expanded; the estimate stays instant.
    const bomb = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i} on Query { districts { id } ${i < 29 ? `...F${i + 1} ...F${i + 1}` : ''} }`,
    ).join('\n');
    expect(check(`query { ...F0 }\n${bomb}`)).toContainEqual(
      expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' }),
    );
  });
});
