import { shield, type IRules } from 'graphql-shield';
import type { IMiddlewareFieldMap } from 'graphql-middleware';
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
import { auditRules } from '../modules/audit/audit.rules';
import { dutyUpkeepRules } from '../modules/duty/duty-upkeep.rules';
import { evidenceRules } from '../modules/evidence/evidence.rules';
import { reportRules } from '../modules/report/report.rules';
import { todoRules } from '../modules/todo/todo.rules';
import { monitoringRules } from '../modules/monitoring/monitoring.rules';
import { institutionRules } from '../modules/institution/institution.rules';

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
  auditRules,
  dutyUpkeepRules,
  evidenceRules,
  reportRules,
  todoRules,
  monitoringRules,
  institutionRules,
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

/**
 * Wraps the schema with graphql-shield: the root fields (each with its rule, deny for any field
 * without one) and the object fields a module names a rule for. The fields under
 * `objectFieldsOfScopedParent` are NOT wrapped: that rule always passes, and shield's middleware
 * would turn every field of every object into an asynchronous resolver (a promise per field of
 * every row: a large share of a list's CPU). Their protection is the root field they are reached
 * through; the permission test checks that every object type is reached only through ruled root
 * fields.
 */
export function applyPermissions(schema: GraphQLSchema): GraphQLSchema {
  const rules = permissionMap(schema) as Record<string, Record<string, unknown>>;
  const generated = shield(rules as IRules, {
    fallbackRule: deny,
    // Our coded errors (thrown by resolvers and returned by rules) reach the client as they are.
    allowExternalErrors: true,
    // What shield answers when a rule says no without an error of its own: never its generic
    // "Not Authorised!" (which carries INTERNAL_SERVER_ERROR).
    fallbackError: () => new ForbiddenError(),
  }).generate(schema) as Record<string, IMiddlewareFieldMap[string]>;
  const middleware: IMiddlewareFieldMap = {};
  for (const [type, fields] of Object.entries(generated)) {
    if (typeof fields !== 'object') continue;
    const kept = Object.fromEntries(
      Object.entries(fields).filter(([field]) => !isUnwrapped(schema, rules, type, field)),
    );
    if (Object.keys(kept).length) middleware[type] = kept;
  }
  return applyMiddleware(schema, middleware);
}

/** Whether `type.field` is left to its parent's scope (not wrapped by shield: see applyPermissions). */
export function isUnwrapped(
  schema: GraphQLSchema,
  rules: Record<string, Record<string, unknown>>,
  type: string,
  field: string,
): boolean {
  if (type === schema.getQueryType()?.name || type === schema.getMutationType()?.name) return false;
  if (type === schema.getSubscriptionType()?.name) return false;
  const typeRules = rules[type];
  const rule = typeRules && field in typeRules ? typeRules[field] : typeRules?.['*'];
  return rule === objectFieldsOfScopedParent;
}
