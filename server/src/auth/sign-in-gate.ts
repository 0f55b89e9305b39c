import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../context/context';

/** Mutations that check a password (argon2, tens of ms on libuv's thread pool each). */
const PASSWORD_MUTATIONS = new Set(['signIn', 'changeOwnPassword']);

/**
 * How many password-checking operations run at once per process: as many as libuv's thread pool
 * hashes in parallel. The others wait here, before their transaction is opened, so a burst of
 * sign-ins holds at most this many pooled connections and everyone else's requests keep theirs.
 */
export const MAX_CONCURRENT_SIGN_INS = 4;

class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}
  async acquire(): Promise<() => void> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}

/**
 * Whether a request's text may run a password-checking mutation. Read from the source (before
 * parsing: Apollo skips parsing and validation for documents it has cached), so it errs on the
 * side of queueing: a false positive only waits its turn.
 */
function checksPassword(source: string | undefined): boolean {
  if (!source || !/\bmutation\b/.test(source)) return false;
  return [...PASSWORD_MUTATIONS].some((name) => new RegExp(`\\b${name}\\b`).test(source));
}

/**
 * Queues sign-ins (and password changes) before their operation's transaction opens (the source
 * is resolved before the transaction plugin's didResolveOperation): waiting holds no connection.
 */
export function signInGate(size = MAX_CONCURRENT_SIGN_INS): ApolloServerPlugin<RequestContext> {
  const semaphore = new Semaphore(size);
  return {
    async requestDidStart() {
      let release: (() => void) | undefined;
      return {
        async didResolveSource({ source }) {
          if (checksPassword(source)) release = await semaphore.acquire();
        },
        async willSendResponse() {
          release?.();
        },
      };
    },
  };
}
