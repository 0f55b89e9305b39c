import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode } from 'graphql';
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

function checksPassword(document: DocumentNode | undefined): boolean {
  return !!document?.definitions.some(
    (d) =>
      d.kind === Kind.OPERATION_DEFINITION &&
      d.operation === 'mutation' &&
      d.selectionSet.selections.some((s) => s.kind === Kind.FIELD && PASSWORD_MUTATIONS.has(s.name.value)),
  );
}

/**
 * Queues sign-ins (and password changes) before their operation's transaction opens (validation
 * runs before the transaction plugin's didResolveOperation): waiting holds no database connection.
 */
export function signInGate(size = MAX_CONCURRENT_SIGN_INS): ApolloServerPlugin<RequestContext> {
  const semaphore = new Semaphore(size);
  return {
    async requestDidStart() {
      let release: (() => void) | undefined;
      return {
        async validationDidStart({ document }) {
          if (checksPassword(document)) release = await semaphore.acquire();
        },
        async willSendResponse() {
          release?.();
        },
      };
    },
  };
}
