import { shield, type IRules } from 'graphql-shield';
import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { deny } from '../auth/rules';
import { ForbiddenError } from './errors';
import { systemRules } from '../modules/system/system.rules';

/**
 * The permission map: every Query and Mutation field names its rule; anything unnamed is denied
 * (fallbackRule). Each module keeps its rules in `modules/<noun>/<noun>.rules.ts`; add the module's
 * map here. A test walks the schema and fails on a field without a rule, and a committed snapshot of
 * this map makes every permission change visible in review (graphql/__tests__/permissions.test.ts).
 */
export const ruleMaps: { Query?: Record<string, unknown>; Mutation?: Record<string, unknown> }[] = [systemRules];

export function permissionMap(): IRules {
  const merged: { Query: Record<string, unknown>; Mutation: Record<string, unknown> } = { Query: {}, Mutation: {} };
  for (const map of ruleMaps) {
    for (const type of ['Query', 'Mutation'] as const) {
      for (const [field, fieldRule] of Object.entries(map[type] ?? {})) {
        if (field in merged[type]) throw new Error(`permission rule for ${type}.${field} is defined twice`);
        merged[type][field] = fieldRule;
      }
    }
  }
  // shield refuses a rule map that names a type the schema lacks (no mutations yet, say).
  const rules: Record<string, unknown> = { Query: merged.Query };
  if (Object.keys(merged.Mutation).length) rules.Mutation = merged.Mutation;
  return rules as IRules;
}

/** Wraps the schema with graphql-shield. */
export function applyPermissions(schema: GraphQLSchema): GraphQLSchema {
  const permissions = shield(permissionMap(), {
    fallbackRule: deny,
    // Our coded errors (thrown by resolvers and returned by rules) reach the client as they are.
    allowExternalErrors: true,
    // What shield answers when a rule says no without an error of its own: never its generic
    // "Not Authorised!" (which carries INTERNAL_SERVER_ERROR).
    fallbackError: () => new ForbiddenError(),
  });
  return applyMiddleware(schema, permissions);
}
