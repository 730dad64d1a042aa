/**
 * How many connections a network listener holds at once. The request deadlines
 * (server-timeouts.ts) bound how long a client can hold one before authenticating, not how many
 * it opens: without a cap, a client opening connections faster than they time out exhausts the
 * process's file descriptors, which the journal and the upstreams need too. Past the cap a new
 * connection is closed as soon as it is accepted, and connections already open are unaffected.
 */
import type { Server } from 'node:net';

/** Room for `max_sessions` (256 by default) sessions with a GET stream and many POSTs in flight each. */
export const DEFAULT_MAX_CONNECTIONS = 4096;

/** Connections per session the default leaves room for: its event stream and requests in flight. */
const CONNECTIONS_PER_SESSION = 16;

/** The cap for a listener of a gateway taking up to `maxSessions` sessions. */
export function connectionCapFor(maxSessions: number): number {
  return Math.max(DEFAULT_MAX_CONNECTIONS, maxSessions * CONNECTIONS_PER_SESSION);
}

export function capConnections(server: Server, maxConnections = DEFAULT_MAX_CONNECTIONS): void {
  server.maxConnections = maxConnections;
}
