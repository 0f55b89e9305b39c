import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { SystemResolver } from '../modules/system/system.resolver';

/** Every resolver class of the server. A new module adds its resolver here. */
export const resolvers: NonEmptyArray<Function> = [SystemResolver];

/** Builds the executable schema from the code-first type-graphql classes. */
export async function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, validate: false, emitSchemaFile: false });
}

/** The SDL committed in schema/schema.graphql: sorted so that review diffs stay small. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
