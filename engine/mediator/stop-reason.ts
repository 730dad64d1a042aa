/**
 * Why a session stops, and what that tells a requester: the answer to a request left in flight,
 * and to one that arrives while the session stops.
 */
import type { Side } from './channel.js';
import { JOURNAL_FAILED } from './plan.js';

export type StopReason =
  | { reason: 'closed'; side: Side }
  /** The upstream could not be started; `cause` is safe to show the client and journal. */
  | { reason: 'upstream-unavailable'; cause: string }
  | { reason: 'journal-failed'; error: unknown }
  | { reason: 'idle' }
  | { reason: 'client-backlog'; bytes: number; limit: number }
  | { reason: 'stopped' };

export const SHUTTING_DOWN = 'mcp-warden is shutting down';

/**
 * The session stops for something other than the client: the client may still be sending (its
 * requests already in the pipe or socket), so each request arriving is answered with why until
 * the line goes quiet, rather than met by a closed connection.
 */
export function answersLateRequests(reason: StopReason): boolean {
  switch (reason.reason) {
    case 'journal-failed':
    case 'upstream-unavailable':
      return true;
    case 'closed':
      return reason.side === 'upstream';
    default:
      return false;
  }
}

/** The refusal of a request that arrives while the session stops. */
export function lateRequestReason(reason: StopReason): string {
  switch (reason.reason) {
    case 'journal-failed': return JOURNAL_FAILED;
    case 'upstream-unavailable': return `upstream unavailable: ${reason.cause}`;
    case 'closed': return reason.side === 'upstream' ? 'upstream unavailable: the upstream server closed the connection' : SHUTTING_DOWN;
    default: return SHUTTING_DOWN;
  }
}

/** The error a request forwarded but unanswered gets when the session stops. */
export function abandonReason(reason: StopReason): string {
  switch (reason.reason) {
    case 'journal-failed': return JOURNAL_FAILED;
    case 'closed': return `the ${reason.side === 'client' ? 'client' : 'upstream server'} closed the session before the request was answered`;
    case 'upstream-unavailable': return `upstream unavailable: ${reason.cause}`;
    case 'idle': return 'the session was closed as idle before the request was answered';
    case 'client-backlog': return `the client did not read its messages: ${reason.bytes} bytes waited for it (the limit is ${reason.limit}) and the upstream could not be paused, so the session was closed`;
    default: return 'the session was closed before the request was answered';
  }
}
