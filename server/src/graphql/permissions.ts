import { shield, type IRules } from 'graphql-shield';
import { GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { deny, objectFieldsOfScopedParent } from '../auth/rules';
import { ForbiddenError } from './errors';
import { importRules } from '../modules/import/import.rules';
import { systemRules } from '../modules/system/system.rules';
import { userRules } from '../modules/user/user.rules';
import { assessmentRules } from '../modules/assessment/assessment.rules';
import { catalogueRules } from '../modules/catalogue/catalogue.rules';
import { districtRules } from '../modules/district/district.rules';
import { dutyRules } from '../modules/duty/duty.rules';
import { organisationRules } from '../modules/organisation/organisation.rules';
import { planRules } from '../modules/plan/plan.rules';
import { qualificationRules } from '../modules/qualification/qualification.rules';
import { institutionRules } from '../modules/institution/institution.rules';
import { evidenceRules } from '../modules/evidence/evidence.rules';

/**
 * The permission map: every Query and Mutation field names its rule; anything unnamed is denied
 * (fallbackRule). Each module keeps its rules in `modules/<noun>/<noun>.rules.ts`; add the module's
 * map here. A test walks the schema and fails on a field without a rule, and a committed snapshot of
 * this map makes every permission change visible in review (graphql/__tests__/permissions.test.ts).
 */
export type RuleMap = Record<string, Record<string, unknown>>;

export const ruleMaps: RuleMap[] = [
  systemRules,
  importRules,
  districtRules,
  organisationRules,
  planRules,
  dutyRules,
  catalogueRules,
  qualificationRules,
  assessmentRules,
  userRules,
  institutionRules,
  evidenceRules,
];

/**
 * Merges the modules' maps. Fields of object types other than Query and Mutation get
 * `objectFieldsOfScopedParent` unless a module names a rule for them: such an object is only ever
 * reached through a root field whose rule passed and whose service scoped the rows.
 */
export function permissionMap(schema: GraphQLSchema): IRules {
  const merged: RuleMap = {};
  for (const map of ruleMaps) {
    for (const [type, fields] of Object.entries(map)) {
      merged[type] ??= {};
      for (const [field, fieldRule] of Object.entries(fields)) {
        if (field in merged[type]) throw new Error(`permission rule for ${type}.${field} is defined twice`);
        merged[type][field] = fieldRule;
      }
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    if (type.name === 'Query' || type.name === 'Mutation' || type.name === 'Subscription') continue;
    merged[type.name] = { '*': objectFieldsOfScopedParent, ...merged[type.name] };
  }
  // shield refuses a rule map that names a type the schema lacks (no mutations yet, say).
  for (const type of Object.keys(merged)) if (!schema.getType(type)) delete merged[type];
  return merged as IRules;
}

/** Wraps the schema with graphql-shield. */
export function applyPermissions(schema: GraphQLSchema): GraphQLSchema {
  const permissions = shield(permissionMap(schema), {
    fallbackRule: deny,
    // Our coded errors (thrown by resolvers and returned by rules) reach the client as they are.
    allowExternalErrors: true,
    // What shield answers when a rule says no without an error of its own: never its generic
    // "Not Authorised!" (which carries INTERNAL_SERVER_ERROR).
    fallbackError: () => new ForbiddenError(),
  });
  return applyMiddleware(schema, permissions);
}
