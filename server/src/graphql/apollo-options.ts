import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { signInGate } from '../auth/sign-in-gate';
import type { RequestContext } from '../context/context';
import { errorLoggingPlugin } from './error-logging';
import { formatError } from './errors';
import { inputGuardPlugin } from './input-guard';
import { requestLimits } from './limits';
import { transactionPlugin } from './transaction-plugin';

/**
 * The Apollo Server settings of the API, shared by the HTTP server (http/app.ts) and the tests'
 * in-process API (test/support/api.ts), so both enforce the same limits and error handling:
 * request limits (graphql/limits.ts), error logging and formatting (graphql/errors.ts), one
 * transaction per operation (graphql/transaction-plugin.ts), no batched requests, introspection and
 * field suggestions only outside production.
 */
export function apolloOptions(options: {
  schema: GraphQLSchema;
  production: boolean;
  plugins?: ApolloServerPlugin<RequestContext>[];
}): ApolloServerOptions<RequestContext> {
  const limits = requestLimits(options.production);
  return {
    schema: options.schema,
    formatError,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ...(options.plugins ?? []),
      errorLoggingPlugin,
      signInGate(),
      // Before the transaction and any resolver or rule: NUL, lone surrogates, ids not UUIDs.
      inputGuardPlugin,
      ...(limits.plugins as ApolloServerPlugin<RequestContext>[]),
      transactionPlugin,
      // Per-request work we do not use: cache-control wraps every field; usage reporting; the
      // landing page in production (issue 8).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ...(options.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  };
}
