import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../context/context';
import { classifyError, rootCause } from './errors';

function abortedTransaction(error: unknown): boolean {
  const cause = rootCause(error) as { code?: unknown; driverError?: { code?: unknown } } | null;
  return (cause?.code ?? cause?.driverError?.code) === '25P02';
}

/**
 * Logs every error that is not an expected answer, with the request id (on the request's child
 * logger), the operation name, the path and the stack: a defect (answered INTERNAL_SERVER_ERROR)
 * at error level, a database outage (SERVICE_UNAVAILABLE) and a value PostgreSQL refused
 * (BAD_USER_INPUT, a check missing at the edge) at warn level. The client sees none of it
 * (formatError in errors.ts).
 *
 * Also answers HTTP 503 when a request failed as a whole because the database is unavailable, so
 * proxies and clients see a retryable status.
 */
export const errorLoggingPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors, operationName, operation }) {
        for (const error of errors) {
          const kind = classifyError(error);
          if (kind === 'expected') continue;
          if (kind === 'transient') {
            // Deadlock or serialisation failure: the operation is run again (graphql/retry.ts),
            // which logs it at warn level.
            contextValue.outcome.transient ??= rootCause(error);
            continue;
          }
          // "current transaction is aborted": the other fields of an operation whose transaction a
          // deadlock aborted; the deadlock is what counts.
          if (contextValue.outcome.transient && abortedTransaction(error)) continue;
          const fields = {
            err: rootCause(error),
            requestId: contextValue.requestId,
            operationName: operationName ?? operation?.name?.value ?? null,
            operation: operation?.operation ?? null,
            path: error.path,
          };
          if (kind === 'unexpected') contextValue.log.error(fields, `unexpected error: ${error.message}`);
          else if (kind === 'unavailable') contextValue.log.warn(fields, 'database unavailable');
          else contextValue.log.warn(fields, 'PostgreSQL refused a value the API should have checked');
        }
      },
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        if (data == null && errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) {
          response.http.status = 503;
          response.http.headers.set('retry-after', '2');
        }
      },
    };
  },
};
