import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { SystemResolver } from '../modules/system/system.resolver';
import { applyPermissions } from './permissions';

/** Every resolver class of the server. A new module adds its resolver here. */
export const resolvers: NonEmptyArray<Function> = [SystemResolver];

/** The code-first schema as type-graphql builds it (no permissions): what schema.graphql holds. */
export async function buildBareSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, validate: false, emitSchemaFile: false });
}

/** The executable schema: type-graphql classes wrapped with the permission map. */
export async function buildAppSchema(): Promise<GraphQLSchema> {
  return applyPermissions(await buildBareSchema());
}

/** The SDL committed in schema/schema.graphql: sorted so that review diffs stay small. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
