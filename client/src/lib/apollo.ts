import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import type { FieldPolicy } from '@apollo/client/cache';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';

/** Operations whose UNAUTHENTICATED answer is about the input, not about an expired session. */
const SIGN_IN_OPERATIONS = new Set(['SignIn', 'ChangeOwnPassword', 'Viewer']);

interface Connection {
  nodes?: unknown[];
  edges?: unknown[];
}

/**
 * Cursor connections (plans, duties, organisations, audit events): one cache entry per filter and page size, pages appended
 * when `after` is given ("加载更多"), replaced otherwise.
 */
function connection(): FieldPolicy<Connection> {
  return {
    keyArgs: ['filter', 'first'],
    merge(existing, incoming, { args }) {
      if (!existing || !args?.after) return incoming;
      return {
        ...incoming,
        nodes: [...(existing.nodes ?? []), ...(incoming.nodes ?? [])],
        edges: [...(existing.edges ?? []), ...(incoming.edges ?? [])],
      };
    },
  };
}

/** One Apollo Client for the app: same-origin /graphql, session cookie sent with every request. */
export function createApolloClient(
  uri = '/graphql',
  onSessionEnded?: (client: ApolloClient) => void,
): ApolloClient {
  // A protected field answering UNAUTHENTICATED means the session ended (expired, signed out in
  // another tab, user deactivated): the app shows the sign-in page again.
  const sessionLink = new ErrorLink(({ error, operation }) => {
    if (SIGN_IN_OPERATIONS.has(operation.operationName ?? '')) return;
    if (
      CombinedGraphQLErrors.is(error) &&
      error.errors.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED')
    ) {
      onSessionEnded?.(client);
    }
  });
  const client: ApolloClient = new ApolloClient({
    link: ApolloLink.from([sessionLink, new HttpLink({ uri, credentials: 'same-origin' })]),
    cache: new InMemoryCache({
      typePolicies: {
        Query: {
          fields: {
            plans: connection(),
            duties: connection(),
            organisations: connection(),
            auditEvents: connection(),
          },
        },
      },
    }),
  });
  return client;
}
