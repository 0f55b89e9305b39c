import type { ApolloClient } from '@apollo/client';
import { ViewerQuery } from './viewer';

let ended = false;

/**
 * The session ended while the app was open (expired, revoked, user deactivated): forget the viewer
 * so the sign-in gate shows the sign-in page, which tells the user why.
 */
export function markSessionEnded(client: ApolloClient): void {
  const current = client.cache.readQuery({ query: ViewerQuery });
  if (!current?.viewer) return;
  ended = true;
  client.cache.writeQuery({ query: ViewerQuery, data: { viewer: null } });
}

/** Whether the last session ended by itself (the sign-in page says so). */
export function sessionEnded(): boolean {
  return ended;
}

/** A new session began. */
export function clearSessionEnded(): void {
  ended = false;
}
