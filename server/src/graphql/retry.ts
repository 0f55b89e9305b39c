import type { Logger } from 'pino';
import type { OperationOutcome } from '../context/context';

/** How often one request's operation is run at most when deadlocks or serialisation failures abort it. */
export const MAX_ATTEMPTS = 3;

/** Pause before attempt `attempt + 1`: short, growing, jittered so that the colliding requests part. */
function backoffMs(attempt: number): number {
  return 25 * 2 ** (attempt - 1) + Math.floor(Math.random() * 50);
}

/**
 * Runs one request's GraphQL operation, and runs it again (at most {@link MAX_ATTEMPTS} times in all)
 * while PostgreSQL aborted its transaction with a deadlock (40P01) or a serialisation failure
 * (40001). Each attempt (`run`) makes a new context, hence a new transaction and
 * new DataLoaders: the aborted transaction was rolled back (transaction-plugin.ts), so running the
 * whole operation again writes its changes exactly once. Nothing has been sent to the client
 * before `run` returns. When the attempts run out the last answer stands: the error is formatted as
 * CONFLICT with `retryable: true` (graphql/errors.ts).
 *
 * Used by the HTTP handler (http/graphql-handler.ts) and the tests' in-process API alike.
 */
export async function runWithRetry<T>(options: {
  log: Logger;
  requestId: string;
  /** One attempt: its answer and the outcome its context noted (none if no context was made). */
  run: (attempt: number) => Promise<{ result: T; outcome?: OperationOutcome }>;
}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const { result, outcome } = await options.run(attempt);
    const transient = outcome?.transient;
    if (!transient) return result;
    const cause = transient as { code?: unknown; driverError?: { code?: unknown } };
    const sqlState = cause.driverError?.code ?? cause.code;
    if (attempt >= MAX_ATTEMPTS) {
      options.log.warn(
        { requestId: options.requestId, attempts: attempt, sqlState },
        'deadlock or serialisation failure persisted: answered CONFLICT (retryable)',
      );
      return result;
    }
    const delay = backoffMs(attempt);
    options.log.warn(
      { requestId: options.requestId, attempt, sqlState, retryInMs: delay },
      'deadlock or serialisation failure: running the operation again',
    );
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
