import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { authenticate } from '../../src/auth/authenticate';
import { SESSION_COOKIE } from '../../src/auth/session';
import { loadConfig } from '../../src/config/env';
import { createRequestContext, type ContextDeps, type RequestContext } from '../../src/context/context';
import type { Viewer } from '../../src/auth/viewer';
import type { Clock } from '../../src/clock';
import { apolloOptions } from '../../src/graphql/apollo-options';
import { runWithRetry } from '../../src/graphql/retry';
import { buildAppSchema } from '../../src/graphql/schema';
import { createLogger } from '../../src/logging/logger';

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** What an HTTP request would carry: a bearer token or session cookie, and the client address. */
export interface RequestCredentials {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as the `skills_session` cookie. */
  cookie?: string;
  /** The client address (`req.ip`) the sign-in throttle counts per. */
  ip?: string;
}

export interface TestApi {
  /** Runs an operation as `viewer` (default: the API's viewer; null = signed out). */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    viewer?: Viewer | null,
  ): Promise<GraphQLResult<T>>;
  /**
   * Runs an operation as a request carrying `credentials`: the viewer comes from the real
   * authenticate() (session lookup), not from a given Viewer. For cookies over real HTTP see
   * modules/user/__tests__/session-http.test.ts.
   */
  request<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> | undefined,
    credentials: RequestCredentials,
  ): Promise<GraphQLResult<T>>;
}

/**
 * Executes operations through the real Apollo Server, schema and context factory (no HTTP), the
 * same path a client request takes after the HTTP layer. Pass the test database's `appDataSource`
 * to run as the server does (row-level security applies).
 */
export async function createTestApi(
  dataSource: DataSource,
  defaultViewer: Viewer | null = null,
  options: { log?: Logger; production?: boolean; clock?: Clock } = {},
): Promise<TestApi> {
  const config = loadConfig({ NODE_ENV: 'test' });
  const log = options.log ?? createLogger('silent', false);
  const deps: ContextDeps = { config, dataSource, log, authenticate, clock: options.clock };
  // The server's own settings: the same limits, error formatting and logging, transactions.
  const apollo = new ApolloServer<RequestContext>(
    apolloOptions({ schema: await buildAppSchema(), production: options.production ?? false }),
  );
  await apollo.start();
  async function execute<T>(
    query: string,
    variables: Record<string, unknown> | undefined,
    http: { viewer?: Viewer | null; req?: Request },
  ): Promise<GraphQLResult<T>> {
    // The server's bounded retry of deadlocks and serialisation failures (graphql/retry.ts).
    const requestId = randomUUID();
    let viewer = http.viewer;
    const response = await runWithRetry({
      log,
      requestId,
      run: async () => {
        const contextValue = await createRequestContext(deps, { requestId, ...http, viewer });
        viewer = contextValue.viewer;
        const result = await apollo.executeOperation<T>({ query, variables }, { contextValue });
        return { result, outcome: contextValue.outcome };
      },
    });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
    return response.body.singleResult as GraphQLResult<T>;
  }
  return {
    query<T>(query: string, variables?: Record<string, unknown>, viewer?: Viewer | null) {
      return execute<T>(query, variables, { viewer: viewer === undefined ? defaultViewer : viewer });
    },
    request<T>(
      query: string,
      variables: Record<string, unknown> | undefined,
      credentials: RequestCredentials,
    ) {
      // Just the parts of an express Request that authenticate() and sign-in read.
      const req = {
        headers: credentials.token ? { authorization: `Bearer ${credentials.token}` } : {},
        cookies: credentials.cookie ? { [SESSION_COOKIE]: credentials.cookie } : {},
        ip: credentials.ip,
      } as unknown as Request;
      return execute<T>(query, variables, { req });
    },
  };
}
