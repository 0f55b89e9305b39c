import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import finalhandler from 'finalhandler';
import type { Logger } from 'pino';

type Handler = RequestHandler | ErrorRequestHandler;

/**
 * Runs express middleware in a fixed order without express's router: the hot path of the API
 * (`POST /graphql`) went through the router's per-layer path matching and prefix trimming on every
 * request: router, express and parseurl were 6% of the server's CPU under `{ __typename }` load in
 * a profile, and are gone from it this way (issue 8). The handlers are the very ones
 * mounted on the express app, so both ways behave alike; the request and response get express's
 * prototypes first, as `app.handle` does, so `req.ip`, `req.path`, `req.cookies`, `res.cookie` and
 * `res.status` work as in a routed request. Like the router: an error skips to the next error
 * handler (four parameters), a rejected promise is an error, and what no handler answers goes to
 * express's final handler (`finalhandler`, the same one `app.handle` uses).
 */
export function withoutRouter(app: Express, handlers: Handler[], log: Logger) {
  return (incoming: IncomingMessage, outgoing: ServerResponse): void => {
    const req = incoming as Request;
    const res = outgoing as Response;
    const done = finalhandler(req, res, {
      env: app.get('env') as string,
      onerror: (error: unknown) => log.error({ err: error, requestId: req.id }, 'unhandled request error'),
    });
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    res.locals ??= Object.create(null) as Response['locals'];
    req.originalUrl = req.url;
    let index = 0;
    const next = (error?: unknown): void => {
      const handler = handlers[index++];
      if (!handler) {
        done(error);
        return;
      }
      const forErrors = handler.length === 4;
      if (Boolean(error) !== forErrors) {
        next(error);
        return;
      }
      try {
        const result: unknown = forErrors
          ? (handler as ErrorRequestHandler)(error, req, res, next)
          : (handler as RequestHandler)(req, res, next);
        if (result instanceof Promise) result.catch((e: unknown) => next(e ?? new Error('Rejected promise')));
      } catch (thrown) {
        next(thrown);
      }
    };
    next();
  };
}
