import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { RequestContext } from '../context/context';
import { lazyTenantTransaction } from '../db/tenant';
import { classifyError, formatError, isIntegrityViolation, rootCause } from './errors';

/**
 * One transaction per GraphQL operation, made once the operation is parsed and validated:
 * READ ONLY for queries; for mutations it commits only if the response carries no error, so bad
 * input leaves the data as it was. The viewer's scope is applied inside it (db/tenant.ts).
 *
 * The transaction is lazy: BEGIN, READ ONLY and the scope go to PostgreSQL in one round trip just
 * before the operation's first query, and an operation that reads no table (`{ __typename }`)
 * takes no connection and sends no statement at all.
 *
 * A COMMIT that fails (the connection broke, a deferred constraint, a serialisation failure) saved
 * nothing: the answer becomes that error (see {@link commitFailed}), never the data the operation
 * computed, and never a bare HTTP 500.
 */
export const transactionPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    let isMutation = false;
    return {
      async didResolveOperation({ contextValue, operation }) {
        isMutation = operation?.operation === 'mutation';
        contextValue.tx = lazyTenantTransaction(
          contextValue.dataSource,
          contextValue.scope,
          contextValue.viewer?.userId ?? null,
          !isMutation,
        );
      },
      async willSendResponse({ contextValue, response, operationName }) {
        const tx = contextValue.tx;
        if (!tx) return;
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        if (isMutation && errors?.length) {
          await tx.rollback().catch((error: unknown) =>
            // The answer is an error already and nothing was saved; a broken connection is released.
            contextValue.log.warn({ err: error, requestId: contextValue.requestId }, 'rollback failed'),
          );
          return;
        }
        try {
          await tx.commit();
        } catch (error) {
          commitFailed(contextValue, response, error, operationName ?? null);
        }
      },
    };
  },
};

/**
 * Replaces the answer of an operation whose COMMIT failed: data null and one coded error —
 * SERVICE_UNAVAILABLE (`retryable`, HTTP 503) when the connection was lost, CONFLICT (`retryable`,
 * and run again by graphql/retry.ts) for a serialisation failure or deadlock, CONFLICT for a
 * deferred constraint the data broke, BAD_USER_INPUT for a value PostgreSQL refused,
 * INTERNAL_SERVER_ERROR (HTTP 500) otherwise. Logged at error level with the request id.
 */
function commitFailed(
  context: RequestContext,
  response: GraphQLResponse,
  error: unknown,
  operationName: string | null,
): void {
  const kind = classifyError(error);
  context.log.error(
    { err: rootCause(error), requestId: context.requestId, operationName, kind },
    'COMMIT failed: nothing the operation wrote was saved',
  );
  if (kind === 'transient') context.outcome.transient ??= rootCause(error);
  const formatted =
    kind === 'unexpected' && isIntegrityViolation(error)
      ? {
          message: '与已有数据冲突，未能保存（请刷新后重试）',
          extensions: { code: 'CONFLICT' },
        }
      : formatError(
          { message: 'COMMIT failed' },
          new GraphQLError('COMMIT failed', { originalError: error as Error }),
        );
  if (response.body.kind === 'single') {
    response.body.singleResult.data = null;
    response.body.singleResult.errors = [formatted];
  }
  const code = formatted.extensions?.code;
  if (code === 'SERVICE_UNAVAILABLE') {
    response.http.status = 503;
    response.http.headers.set('retry-after', '2');
  } else if (code === 'INTERNAL_SERVER_ERROR') {
    response.http.status = 500;
  }
}
