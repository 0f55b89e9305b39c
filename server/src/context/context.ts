import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { EMPTY_SCOPE, scopeOf, type TenantScope, type Viewer } from '../auth/viewer';
import type { AppConfig } from '../config/env';
import { systemClock, type Clock } from '../clock';
import type { TenantTransaction } from '../db/tenant';
import { createLoaders, type Loaders } from './loaders';

/**
 * Everything a resolver or service may know about the request, built once per request.
 * Services take it as their first argument (README: "A request's way through the server").
 *
 * The tenant is `scope`, derived from the session's grants: never from arguments.
 */
export interface RequestContext {
  requestId: string;
  log: Logger;
  config: AppConfig;
  /** Pool of the application role (not superuser, not owner: row-level security applies). */
  dataSource: DataSource;
  viewer: Viewer | null;
  scope: TenantScope;
  /** Where "now" comes from (clock.ts): the system clock, or a test's movable clock. */
  clock: Clock;
  /**
   * The EntityManager of this operation's transaction, with the scope applied for row-level security
   * (read-only for queries; a mutation commits only when it answers without errors).
   * Throws outside an operation.
   */
  readonly db: EntityManager;
  readonly loaders: Loaders;
  /** Set by the transaction plugin (graphql/transaction-plugin.ts) once the operation is known. */
  tx?: TenantTransaction;
  /**
   * What the operation ran into that decides whether it is run again (graphql/retry.ts): a shared
   * object, so that what a plugin notes on Apollo's copy of the context reaches the caller's.
   */
  readonly outcome: OperationOutcome;
  req?: Request;
  res?: Response;
}

export interface OperationOutcome {
  /** A deadlock or serialisation failure aborted the operation's transaction. */
  transient?: unknown;
}

export interface ContextDeps {
  config: AppConfig;
  dataSource: DataSource;
  log: Logger;
  /** Reads the session of a request (auth module); absent: every request is signed out. */
  authenticate?: (deps: ContextDeps, req: Request | undefined) => Promise<Viewer | null>;
  /** Where "now" comes from; default the system clock. */
  clock?: Clock;
}

/**
 * The context object. `db` is a prototype getter (not an own property) because Apollo Server copies
 * the context's own properties for each operation; a getter on the prototype survives the copy.
 */
class Context implements RequestContext {
  /**
   * The transaction lives in a holder object that the copy shares with the original (an own
   * property copied by reference): the plugin sets `tx` on Apollo's copy, while the loaders made
   * in the constructor read `this.db` of the original. A plain `tx` field would leave the
   * original without a transaction ("no transaction" in every loader under executeOperation).
   */
  private readonly txHolder: { tx?: TenantTransaction; loaders?: Loaders } = {};
  readonly outcome: OperationOutcome = {};
  get tx(): TenantTransaction | undefined {
    return this.txHolder.tx;
  }
  set tx(tx: TenantTransaction | undefined) {
    this.txHolder.tx = tx;
  }
  constructor(
    public requestId: string,
    public log: Logger,
    public config: AppConfig,
    public dataSource: DataSource,
    public viewer: Viewer | null,
    public scope: TenantScope,
    public clock: Clock,
    public req?: Request,
    public res?: Response,
  ) {}

  /**
   * The request's DataLoaders, made on first use (most requests use a few of them, `{ __typename }`
   * and `{ viewer }` none) and kept in the shared holder, so Apollo's copy and the original share them.
   */
  get loaders(): Loaders {
    return (this.txHolder.loaders ??= createLoaders(() => this.db, this.scope));
  }

  get db(): EntityManager {
    if (!this.tx) throw new Error('no transaction: the request context was used outside an operation');
    return this.tx.manager;
  }
}

/** Builds the context of one request. */
export async function createRequestContext(
  deps: ContextDeps,
  http: { req?: Request; res?: Response; requestId: string; viewer?: Viewer | null },
): Promise<RequestContext> {
  const viewer =
    http.viewer !== undefined ? http.viewer : ((await deps.authenticate?.(deps, http.req)) ?? null);
  return new Context(
    http.requestId,
    deps.log.child({ requestId: http.requestId, userId: viewer?.userId }),
    deps.config,
    deps.dataSource,
    viewer,
    viewer ? scopeOf(viewer) : EMPTY_SCOPE,
    deps.clock ?? systemClock,
    http.req,
    http.res,
  );
}
