import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import cookieParser from 'cookie-parser';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { pinoHttp } from 'pino-http';
import { authenticate } from '../auth/authenticate';
import { createRequestContext, type ContextDeps, type RequestContext } from '../context/context';
import { formatError } from '../graphql/errors';
import { transactionPlugin } from '../graphql/transaction-plugin';
import { evidenceDownload } from '../modules/evidence/evidence.http';

/**
 * Largest JSON body the API accepts (imports upload spreadsheets as base64; evidence files of at most
 * EVIDENCE_MAX_BYTES = 8 MB, modules/evidence/evidence.content.ts, are 10.7 MB as base64).
 */
const BODY_LIMIT = '12mb';

export interface HttpApp {
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
}

/**
 * The HTTP side: `/graphql` (Apollo Server on express 5), `/healthz`, and the built admin client
 * at `/` (with the SPA's index.html for any other GET) when `CLIENT_DIST` exists.
 */
export async function createHttpApp(deps: ContextDeps & { schema: GraphQLSchema }): Promise<HttpApp> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<RequestContext>({
    schema: deps.schema,
    formatError,
    introspection: deps.config.NODE_ENV !== 'production',
    // main.ts owns shutdown (drain HTTP, close the pool, stop PostgreSQL, in that order).
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), transactionPlugin],
  });
  await apollo.start();

  app.use(
    pinoHttp({
      logger: deps.log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' },
    }),
  );
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  // Each request's viewer comes from its session cookie or bearer token (auth/authenticate.ts).
  const contextDeps: ContextDeps = { ...deps, authenticate: deps.authenticate ?? authenticate };
  app.use(
    '/graphql',
    cookieParser(),
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: ({ req, res }) => createRequestContext(contextDeps, { req, res, requestId: String(req.id) }),
    }),
  );

  // Evidence downloads: the session as for /graphql, the owner's read rule (modules/evidence).
  app.get('/files/:id', cookieParser(), evidenceDownload(contextDeps));

  const clientDist = deps.config.CLIENT_DIST;
  if (fs.existsSync(path.join(clientDist, 'index.html'))) {
    app.use(express.static(clientDist, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(?!graphql|files\/).*/, (_req, res) => {
      res.sendFile(path.join(clientDist, 'index.html'));
    });
  } else {
    deps.log.warn({ clientDist }, 'admin client not built: only the API is served');
  }
  return { httpServer, apollo };
}
