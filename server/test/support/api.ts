import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/env';
import { createRequestContext, type RequestContext } from '../../src/context/context';
import type { Viewer } from '../../src/auth/viewer';
import { formatError } from '../../src/graphql/errors';
import { transactionPlugin } from '../../src/graphql/transaction-plugin';
import { buildAppSchema } from '../../src/graphql/schema';
import { createLogger } from '../../src/logging/logger';

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestApi {
  /** Runs an operation as `viewer` (default: the API's viewer; null = signed out). */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    viewer?: Viewer | null,
  ): Promise<GraphQLResult<T>>;
}

/**
 * Executes operations through the real Apollo Server, schema and context factory (no HTTP), the
 * same path a client request takes after the HTTP layer.
 */
export async function createTestApi(
  dataSource: DataSource,
  defaultViewer: Viewer | null = null,
): Promise<TestApi> {
  const config = loadConfig({ NODE_ENV: 'test' });
  const log = createLogger('silent', false);
  const apollo = new ApolloServer<RequestContext>({
    schema: await buildAppSchema(),
    formatError,
    plugins: [transactionPlugin],
  });
  await apollo.start();
  return {
    async query<T>(query: string, variables?: Record<string, unknown>, viewer?: Viewer | null) {
      const contextValue = await createRequestContext(
        { config, dataSource, log },
        { requestId: randomUUID(), viewer: viewer === undefined ? defaultViewer : viewer },
      );
      const response = await apollo.executeOperation<T>({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
      return response.body.singleResult as GraphQLResult<T>;
    },
  };
}
