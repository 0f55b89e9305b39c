import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage, type NonEmptyArray } from 'type-graphql';
import { ImportResolver } from '../modules/import/import.resolver';
import { SystemResolver } from '../modules/system/system.resolver';
import { UserResolver } from '../modules/user/user.resolver';
import { AssessmentResolver } from '../modules/assessment/assessment.resolver';
import { CatalogueResolver } from '../modules/catalogue/catalogue.resolver';
import { DistrictResolver } from '../modules/district/district.resolver';
import { DutyAssignmentResolver, DutyResolver, DutyTargetResolver } from '../modules/duty/duty.resolver';
import { OrganisationResolver } from '../modules/organisation/organisation.resolver';
import { IndicatorResolver, PlanResolver } from '../modules/plan/plan.resolver';
import { QualificationResolver } from '../modules/qualification/qualification.resolver';
import { AuditResolver } from '../modules/audit/audit.resolver';
import { DutyTargetChangeResolver, DutyUpkeepResolver } from '../modules/duty/duty-upkeep.resolver';
import { EvidenceResolver } from '../modules/evidence/evidence.resolver';
import * as report from '../modules/report/report.resolver';
import { TodoResolver } from '../modules/todo/todo.resolver';
import { MonitoringResolver } from '../modules/monitoring/monitoring.resolver';
import { InstitutionResolver } from '../modules/institution/institution.resolver';
import { applyPermissions } from './permissions';

/** Every resolver class of the server. A new module adds its resolver here. */
export const resolvers: NonEmptyArray<Function> = [
  SystemResolver,
  ImportResolver,
  DistrictResolver,
  OrganisationResolver,
  PlanResolver,
  IndicatorResolver,
  DutyResolver,
  DutyAssignmentResolver,
  DutyTargetResolver,
  CatalogueResolver,
  QualificationResolver,
  AssessmentResolver,
  UserResolver,
  AuditResolver,
  DutyUpkeepResolver,
  DutyTargetChangeResolver,
  EvidenceResolver,
  ...Object.values(report),
  TodoResolver,
  MonitoringResolver,
  InstitutionResolver,
];

/** The code-first schema as type-graphql builds it (no permissions): what schema.graphql holds. */
export async function buildBareSchema(): Promise<GraphQLSchema> {
  // Plain fields read their property with graphql-js's default resolver instead of type-graphql's
  // middleware wrapper (an object and a closure call per field of every row): the server uses no
  // type-graphql middleware or authChecker (permissions are graphql-shield's, graphql/permissions.ts).
  for (const type of getMetadataStorage().objectTypes) type.simpleResolvers ??= true;
  return buildSchema({ resolvers, validate: false, emitSchemaFile: false });
}

/**
 * The executable schema: type-graphql classes wrapped with the permission map. Input PostgreSQL
 * cannot take is refused before it, once per request (graphql/input-guard.ts, an Apollo plugin).
 */
export async function buildAppSchema(): Promise<GraphQLSchema> {
  return applyPermissions(await buildBareSchema());
}

/** The SDL committed in schema/schema.graphql: sorted so that review diffs stay small. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
