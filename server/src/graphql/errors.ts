import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';

/**
 * Error codes the API answers with (extensions.code). Clients branch on these, never on messages.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'QUERY_TOO_COMPLEX'
  | 'PAYLOAD_TOO_LARGE'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** Base of the server's own errors: a code and a message a person can act on (Simplified Chinese). */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export class BadInputError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super('BAD_USER_INPUT', message, extra);
  }
}

export class NotFoundError extends AppError {
  constructor(message = '记录不存在或无权访问') {
    super('NOT_FOUND', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = '没有执行此操作的权限') {
    super('FORBIDDEN', message);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = '请先登录') {
    super('UNAUTHENTICATED', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super('CONFLICT', message, extra);
  }
}

/**
 * The database cannot be reached right now (pool exhausted, PostgreSQL restarting): nothing was
 * done, the client may retry the same request shortly (`retryable: true`). HTTP 503.
 */
export class ServiceUnavailableError extends AppError {
  constructor(message = '服务暂时不可用，请稍后重试') {
    super('SERVICE_UNAVAILABLE', message, { retryable: true });
  }
}

/** A request over one of the limits of docs/limits.md (depth, cost, aliases, tokens, size). */
export class QueryTooComplexError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super('QUERY_TOO_COMPLEX', message, extra);
  }
}

/** The error an Apollo hook received, unwrapped to what a resolver or plugin threw. */
export function rootCause(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 5; i++) {
    const inner = (current as { originalError?: unknown } | null)?.originalError;
    if (!inner || inner === current) break;
    current = inner;
  }
  return current;
}

/** SQLSTATE classes and messages meaning "PostgreSQL is not answering now", not "this is a bug". */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-4]|53300)/;
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|ECONNRESET|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Connection ended unexpectedly|pool is draining|Cannot use a pool after calling end/i;

/** Whether `error` (any wrapping) says the database is unreachable or the pool had no connection. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const cause = rootCause(error) as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  if (!cause || typeof cause !== 'object') return false;
  // TypeORM releases a query runner whose connection broke; committing it afterwards says so.
  if ((cause as { name?: unknown }).name === 'QueryRunnerAlreadyReleasedError') return true;
  const driver = (cause.driverError ?? cause) as { code?: unknown; message?: unknown };
  for (const e of [cause, driver]) {
    if (typeof e.code === 'string' && UNAVAILABLE_SQLSTATE.test(e.code)) return true;
    if (typeof e.code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/.test(e.code)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/**
 * Whether PostgreSQL refused a value (SQLSTATE class 22, "data exception": invalid text, NUL byte,
 * number out of range…). The API checks input before it reaches the database; this is the safety
 * net that still answers BAD_USER_INPUT (and is logged as a gap to close).
 */
export function isDataException(error: unknown): boolean {
  const cause = rootCause(error) as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = cause?.code ?? cause?.driverError?.code;
  return typeof code === 'string' && code.startsWith('22');
}

/** SQLSTATE of a driver error (TypeORM wraps pg's as `driverError`), or undefined. */
function sqlState(error: unknown): string | undefined {
  const cause = rootCause(error) as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = cause?.code ?? cause?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Whether PostgreSQL aborted the transaction because of concurrent transactions, not because of
 * anything in the request: 40P01 deadlock_detected, 40001 serialization_failure. The whole
 * operation may be run again in a new transaction (graphql/retry.ts does, a bounded number of times).
 */
export function isTransientConflict(error: unknown): boolean {
  const code = sqlState(error);
  return code === '40P01' || code === '40001';
}

/** Whether PostgreSQL refused the data as a whole (class 23: unique, foreign key, check, exclusion). */
export function isIntegrityViolation(error: unknown): boolean {
  return sqlState(error)?.startsWith('23') ?? false;
}

/** Codes graphql-js and Apollo give to requests they refuse before execution (not server faults). */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * How an error is answered: `expected` (an AppError or a refused request: answered as it is),
 * `unavailable` (database unreachable: SERVICE_UNAVAILABLE), `transient` (deadlock or
 * serialisation failure: the operation is retried, then CONFLICT with `retryable: true`), `data`
 * (PostgreSQL refused a value: BAD_USER_INPUT) or `unexpected` (a defect: INTERNAL_SERVER_ERROR,
 * logged with its stack).
 */
export type ErrorKind = 'expected' | 'unavailable' | 'transient' | 'data' | 'unexpected';

export function classifyError(error: unknown): ErrorKind {
  const cause = rootCause(error);
  if (cause instanceof AppError) return 'expected';
  if (isDatabaseUnavailable(error)) return 'unavailable';
  if (isTransientConflict(error)) return 'transient';
  if (isDataException(error)) return 'data';
  const code = (error as { extensions?: { code?: unknown } })?.extensions?.code;
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) return 'expected';
  // Errors graphql-js raises itself while coercing variables and arguments (no original error).
  if (error instanceof GraphQLError && !error.originalError && code !== 'INTERNAL_SERVER_ERROR')
    return 'expected';
  return 'unexpected';
}

/** The answer once the retries of a deadlock or serialisation failure ran out (graphql/retry.ts). */
export const TRANSIENT_CONFLICT_MESSAGE = '与同时进行的其他修改冲突，未能保存，请重试';

/** Messages of graphql-js's own refusals that are limits (docs/limits.md), answered QUERY_TOO_COMPLEX. */
const LIMIT_MESSAGE =
  /Document contains more than \d+ tokens|Max depth|Max aliases|Max directives|Query Cost limit|Query cost/i;

/**
 * Formats every error the client sees: internals of unexpected errors are hidden (the message and
 * stack are logged by the error-logging plugin, graphql/error-logging.ts); an unreachable database
 * answers SERVICE_UNAVAILABLE with `retryable: true`; a value PostgreSQL refused BAD_USER_INPUT.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const kind = classifyError(error);
  if (kind === 'expected') {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    // Apollo files a validation rule's error under GRAPHQL_VALIDATION_FAILED: keep our own code.
    const cause = rootCause(error);
    if (cause instanceof AppError) extensions.code = cause.extensions.code;
    if (
      typeof extensions.code === 'string' &&
      extensions.code !== 'QUERY_TOO_COMPLEX' &&
      LIMIT_MESSAGE.test(formatted.message)
    )
      extensions.code = 'QUERY_TOO_COMPLEX';
    return { ...formatted, extensions };
  }
  const base = { locations: formatted.locations, path: formatted.path };
  if (kind === 'unavailable')
    return {
      ...base,
      message: '数据库暂时不可用，请稍后重试',
      extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true },
    };
  if (kind === 'transient')
    return {
      ...base,
      message: TRANSIENT_CONFLICT_MESSAGE,
      extensions: { code: 'CONFLICT', retryable: true },
    };
  if (kind === 'data')
    return {
      ...base,
      message: '输入的数据无效（含有不允许的字符或超出范围的数值）',
      extensions: { code: 'BAD_USER_INPUT' },
    };
  return { ...base, message: '服务器内部错误，请稍后重试', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
