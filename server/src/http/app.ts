import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import cookieParser from 'cookie-parser';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { authenticate } from '../auth/authenticate';
import { createRequestContext, type ContextDeps, type RequestContext } from '../context/context';
import { apolloOptions } from '../graphql/apollo-options';
import { classifyError, ServiceUnavailableError } from '../graphql/errors';
import { withoutRouter } from './direct';
import { graphqlHandler } from './graphql-handler';
import { HEALTH_PATHS, mountHealth, type DatabaseWatch } from './health';
import { documentSizeLimit, graphqlBody } from './limits';
import { requestLog } from './request-log';
import { securityHeaders } from './security';
import { clientStatic } from './static';
import { evidenceDownload } from '../modules/evidence/evidence.http';

export interface HttpApp {
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
}

/**
 * The HTTP side: `/graphql` (Apollo Server on express 5), `/healthz`, and the built admin client
 * at `/` (with the SPA's index.html for any other GET) when `CLIENT_DIST` exists.
 */
export async function createHttpApp(
  deps: ContextDeps & { schema: GraphQLSchema; databaseWatch?: DatabaseWatch },
): Promise<HttpApp> {
  const app = express();
  app.disable('x-powered-by');
  const production = deps.config.NODE_ENV === 'production';
  // POST /graphql, the API's hot path, runs its middleware without express's router (http/direct.ts);
  // everything else (GET /graphql, /healthz, /files, the client) goes through the express app.
  const direct: { graphqlPost?: http.RequestListener } = {};
  const httpServer = http.createServer((req, res) => {
    if (direct.graphqlPost && req.method === 'POST' && req.url === '/graphql') direct.graphqlPost(req, res);
    else app(req, res);
  });
  // Slow or stalled clients cannot hold sockets for ever (slowloris).
  httpServer.requestTimeout = 120_000;
  httpServer.headersTimeout = 30_000;
  const apollo = new ApolloServer<RequestContext>({
    ...apolloOptions({
      schema: deps.schema,
      production,
      plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
    }),
    // main.ts owns shutdown (drain HTTP, close the pool, stop PostgreSQL, in that order).
    stopOnTerminationSignals: false,
    // Apollo's own complaints (an error thrown after the response was built) go to the log too.
    logger: deps.log,
  });
  await apollo.start();
  const security = securityHeaders({ production, https: deps.config.cookieSecure });
  const log = requestLog(deps.log, HEALTH_PATHS);
  app.use(security);
  app.use(log);
  mountHealth(app, deps.dataSource, deps.databaseWatch);
  // Each request's viewer comes from its session cookie or bearer token (auth/authenticate.ts).
  const contextDeps: ContextDeps = { ...deps, authenticate: deps.authenticate ?? authenticate };
  const graphql = [
    cookieParser(),
    ...graphqlBody(),
    documentSizeLimit,
    // Apollo on express, running an operation again after a deadlock (http/graphql-handler.ts).
    graphqlHandler(apollo, deps.log, async (req, res, viewer) => {
      try {
        return await createRequestContext(contextDeps, { req, res, requestId: req.id, viewer });
      } catch (error) {
        // Reading the session needs the database: an outage answers a retryable 503.
        const kind = classifyError(error);
        req.log.error({ err: error, requestId: req.id, kind }, 'could not build the request context');
        if (kind !== 'unavailable') throw error;
        const unavailable = new ServiceUnavailableError();
        unavailable.extensions.http = { status: 503, headers: new Map([['retry-after', '2']]) };
        throw unavailable;
      }
    }),
  ];
  app.use('/graphql', ...graphql);
  direct.graphqlPost = withoutRouter(app, [security, log, ...graphql], deps.log);

  // Evidence downloads: the session as for /graphql, the owner's read rule (modules/evidence).
  app.get('/files/:id', cookieParser(), evidenceDownload(contextDeps));

  const clientDist = deps.config.CLIENT_DIST;
  if (fs.existsSync(path.join(clientDist, 'index.html'))) {
    // Precompressed files, long-lived caching of hashed assets, no source maps (http/static.ts).
    app.use(clientStatic(clientDist));
  } else {
    deps.log.warn({ clientDist }, 'admin client not built: only the API is served');
  }
  return { httpServer, apollo };
}
