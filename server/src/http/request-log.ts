import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare module 'http' {
  interface IncomingMessage {
    /** The request id: the caller's `x-request-id` when it is a short token, else a new uuid. */
    id: string;
    /** The process logger (no request bindings: a line about this request names `requestId` itself). */
    log: Logger;
  }
}

const GIVEN_ID = /^[\w-]{1,64}$/;

/**
 * Request ids and the access log, in place of pino-http (issue 8: pino-http made a child logger per
 * request and serialised the whole request into it, even when nothing was logged). Every response
 * carries `x-request-id`; each finished request is one line at info level (error for a 5xx) with its
 * id, method, path, status and duration — the query string is left out (it may hold a GraphQL
 * document), and so are headers (cookies and tokens). Paths in `quiet` (health probes) are not logged.
 */
export function requestLog(log: Logger, quiet: ReadonlySet<string>): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && GIVEN_ID.test(given) ? given : randomUUID();
    req.id = id;
    req.log = log;
    res.setHeader('x-request-id', id);
    const path = req.path;
    if (!quiet.has(path) && log.isLevelEnabled('info')) {
      const started = performance.now();
      res.once('finish', () => {
        const line = {
          requestId: id,
          method: req.method,
          path,
          status: res.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
        };
        if (res.statusCode >= 500) log.error(line, 'request failed');
        else log.info(line, 'request completed');
      });
    }
    next();
  };
}
