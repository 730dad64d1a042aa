/**
 * The one error type transports report, through `onerror` or by rejecting a call. Callers
 * branch on `code`, never on `message`: codes are stable, messages are for humans.
 */

/** Every code a transport may report, with what it means. Adding one is an API change. */
export const TRANSPORT_ERROR_CODES = {
  frame_parse: 'an incoming frame is not valid UTF-8 JSON; the frame is dropped and reading continues',
  frame_invalid: 'an incoming frame is JSON but not a JSON-RPC 2.0 message mcp-warden accepts (or is nested deeper than 128 levels); dropped, reading continues; detail.id (when it can be echoed), has_id, has_method and batch let the engine answer it -32600',
  frame_too_large: 'a frame exceeds the size limit; incoming ones are dropped (reading continues), outgoing ones are refused by send',
  not_started: 'send was called before start',
  already_started: 'start was called a second time',
  closed: 'the transport is closed or closing, so the message was not handed off',
  io_error: 'the underlying stream or connection failed; the transport closes, unless detail.id names the one request lost with it (an HTTP upstream\'s detail.reason stream_ended, stream_lost or connection_reset: the engine answers that request)',
  spawn_failed: 'the upstream server process could not be started',
  upstream_exit: 'the upstream server process exited without being asked to',
  http_status: 'the upstream answered a message with an HTTP error status; nothing was delivered for it (detail.status, and detail.id when it carried a request; detail.retry_after_ms when a 429 or 503 said when to try again, detail.retrying when the message goes again then); the transport stays open',
  too_many_requests: 'a request was not sent because detail.limit requests are already open on the transport (Streamable HTTP holds a connection per request); detail.id names it; the transport stays open',
} as const;

export type TransportErrorCode = keyof typeof TRANSPORT_ERROR_CODES;

/** Facts about the failure that are safe to log: sizes, exit status, never payload bytes. */
export type TransportErrorDetail = Readonly<Record<string, string | number | boolean | null>>;

export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly code: TransportErrorCode;
  readonly detail: TransportErrorDetail | undefined;

  constructor(code: TransportErrorCode, message: string, options: { detail?: TransportErrorDetail; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.detail = options.detail;
  }
}

export function isTransportError(value: unknown, code?: TransportErrorCode): value is TransportError {
  return value instanceof TransportError && (code === undefined || value.code === code);
}
