import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';

/** One Apollo Client for the app: same-origin /graphql, session cookie sent with every request. */
export function createApolloClient(uri = '/graphql'): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri, credentials: 'same-origin' }),
    cache: new InMemoryCache(),
  });
}
