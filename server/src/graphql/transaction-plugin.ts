import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../context/context';
import { lazyTenantTransaction } from '../db/tenant';

/**
 * One transaction per GraphQL operation, made once the operation is parsed and validated:
 * READ ONLY for queries; for mutations it commits only if the response carries no error, so bad
 * input leaves the data as it was. The viewer's scope is applied inside it (db/tenant.ts).
 *
 * The transaction is lazy: BEGIN, READ ONLY and the scope go to PostgreSQL in one round trip just
 * before the operation's first query, and an operation that reads no table (`{ __typename }`)
 * takes no connection and sends no statement at all.
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
      async willSendResponse({ contextValue, response }) {
        const tx = contextValue.tx;
        if (!tx) return;
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        if (isMutation && errors?.length) await tx.rollback();
        else await tx.commit();
      },
    };
  },
};
