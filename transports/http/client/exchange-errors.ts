/**
 * The errors the Streamable HTTP client reports about its exchanges: what the upstream answered
 * (status, reason, and the request it concerned), never what it sent.
 */
import type http from 'node:http';
import type { RequestId } from '../../../engine/protocol/jsonrpc.js';
import { TransportError } from '../../errors.js';

export function httpError(what: string, status: number, id: RequestId | undefined, reason: string): TransportError {
  const detail = { status, reason, ...(id === undefined ? {} : { id }) };
  return new TransportError('io_error', `the upstream ${what} (HTTP ${status})`, { detail });
}

/**
 * A stream that could not be reopened: for the standalone one a warning (`retryMs` until the
 * next try; the session goes on), for a request's stream the end of that request (`detail.id`).
 */
export function streamLost(last: TransportError | http.IncomingMessage, id: RequestId | undefined, attempts: number, retryMs?: number): TransportError {
  const status = last instanceof TransportError ? undefined : last.statusCode;
  const detail = {
    reason: 'stream_lost', attempts,
    ...(status === undefined ? {} : { status }), ...(id === undefined ? {} : { id }), ...(retryMs === undefined ? {} : { retry_ms: retryMs }),
  };
  const what = id === undefined ? 'the upstream event stream' : 'the upstream response stream';
  const outcome = retryMs === undefined ? `gave up after ${attempts} attempts` : `${attempts} attempt(s) failed; retrying in ${retryMs} ms, the session goes on`;
  const why = last instanceof TransportError ? last.message : `HTTP ${String(status)}`;
  return new TransportError('io_error', `${what} could not be reopened (${why}): ${outcome}`, {
    detail,
    ...(last instanceof TransportError ? { cause: last } : {}),
  });
}

/** A request in flight on a session that expired: its answer will not come. */
export function sessionGone(id: RequestId): TransportError {
  return new TransportError('io_error', 'the upstream session the request was sent on has expired; its response will not come', {
    detail: { reason: 'session_expired', id },
  });
}

export function withId(error: TransportError, id: RequestId | undefined): TransportError {
  if (id === undefined) return error;
  return new TransportError(error.code, error.message, { detail: { ...error.detail, id }, cause: error.cause ?? error });
}
