/**
 * How long a network listener waits for a client to send a request. Node's defaults (60 s for
 * the headers, 300 s for a whole request, checked every 30 s) let one client hold a connection
 * for up to 90 s by sending a header byte now and then (slowloris), before authentication, and
 * for five and a half minutes with a body that trickles or a chunked body that never ends; a few
 * thousand of those exhaust the process's file descriptors, which the journal and the upstreams
 * need too. MCP clients send a request at once: its headers in one packet, its body (at most
 * `maxMessageBytes`, 4 MiB by default) right after. Answers are not bounded by these: a POST
 * held open for a tool's result or a GET event stream has been received in full.
 */
import type { ServerOptions } from 'node:http';

export interface RequestTimeouts {
  /** From the connection (or the previous request on it) to the end of the headers. Default: 10 s. */
  readonly headersTimeoutMs?: number;
  /** From the same start to the end of the body. Default: 60 s. */
  readonly requestBodyTimeoutMs?: number;
}

const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
const DEFAULT_BODY_TIMEOUT_MS = 60_000;
/** Node checks the deadlines on a timer: this often, so a deadline is kept to within a second. */
const CHECK_INTERVAL_MS = 1000;

/** The node:http(s) server options that enforce `timeouts`; a slow client gets 408 and is closed. */
export function requestTimeoutOptions(timeouts: RequestTimeouts): Pick<ServerOptions, 'headersTimeout' | 'requestTimeout' | 'connectionsCheckingInterval'> {
  const headersTimeout = timeouts.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  // Node requires the whole-request deadline to be no shorter than the headers' one.
  const requestTimeout = Math.max(headersTimeout, timeouts.requestBodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS);
  return { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.min(CHECK_INTERVAL_MS, headersTimeout) };
}
