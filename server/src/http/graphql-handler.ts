import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Viewer } from '../auth/viewer';
import type { RequestContext } from '../context/context';
import { runWithRetry } from '../graphql/retry';

/**
 * `/graphql` on express: what `@as-integrations/express5`'s expressMiddleware does, plus the
 * bounded retry of graphql/retry.ts. The response is written only once the last attempt is done,
 * so an operation that a deadlock or serialisation failure aborted can run again (a new context,
 * a new transaction) before anything reaches the client.
 *
 * `context(req, res, viewer)` builds one attempt's context; `viewer` is the first attempt's viewer
 * on later attempts (the session is not looked up again).
 */
export function graphqlHandler(
  apollo: ApolloServer<RequestContext>,
  log: Logger,
  context: (
    req: Request,
    res: Parameters<RequestHandler>[1],
    viewer: Viewer | null | undefined,
  ) => Promise<RequestContext>,
): RequestHandler {
  apollo.assertStarted('graphqlHandler()');
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: req.method.toUpperCase(),
      headers,
      search: new URL(req.originalUrl ?? req.url, 'http://localhost').search,
      body: req.body as unknown,
    };
    let viewer: Viewer | null | undefined;
    const response = await runWithRetry({
      log: (req as { log?: Logger }).log ?? log,
      requestId: String(req.id),
      run: async () => {
        const made: { context?: RequestContext } = {};
        // Made inside Apollo's call, so that a context that cannot be built (the database is
        // down) is answered by Apollo as the error it throws.
        const result = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest,
          context: async () => {
            made.context = await context(req, res, viewer);
            viewer = made.context.viewer;
            return made.context;
          },
        });
        return { result, outcome: made.context?.outcome };
      },
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      // Not express's res.send: it hashes every answer for an ETag that no GraphQL client sends back
      // (a POST is never answered 304), about 1% of the server's CPU under load (issue 8).
      const body = response.body.string;
      res.setHeader('content-length', Buffer.byteLength(body, 'utf8'));
      res.end(body);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
