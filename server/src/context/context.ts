import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env';
import { createLoaders, type Loaders } from './loaders';

/**
 * Everything a resolver or service may know about the request, built once per request.
 * Services take it as their first argument (README: "A request's way through the server").
 */
export interface RequestContext {
  requestId: string;
  log: Logger;
  config: AppConfig;
  dataSource: DataSource;
  loaders: Loaders;
  req?: Request;
  res?: Response;
}

export interface ContextDeps {
  config: AppConfig;
  dataSource: DataSource;
  log: Logger;
}

/** Builds the context of one request. */
export async function createRequestContext(
  deps: ContextDeps,
  http: { req?: Request; res?: Response; requestId: string },
): Promise<RequestContext> {
  return {
    requestId: http.requestId,
    log: deps.log.child({ requestId: http.requestId }),
    config: deps.config,
    dataSource: deps.dataSource,
    loaders: createLoaders(deps.dataSource),
    req: http.req,
    res: http.res,
  };
}
