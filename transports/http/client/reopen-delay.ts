/**
 * How long to wait before reopening a dropped event stream. The server's `retry` hint (SSE
 * default 1 s) comes first; each failed reopening in a row doubles the wait, up to a cap, so a
 * server that lost its GET support or is restarting is not hammered, and the session waits it
 * out instead of ending: the standalone GET stream is optional in Streamable HTTP (the client
 * MAY open it, the server MAY close it), and POSTs carry on without it.
 */

/** The SSE default when the server gives no `retry`. */
export const DEFAULT_RETRY_MS = 1000;
/** Longest wait between reopenings, unless the server's own `retry` asks for longer. */
export const MAX_REOPEN_DELAY_MS = 30_000;

/** The wait before the next reopening, after `failures` failed ones in a row (0 right after a drop). */
export function reopenDelayMs(failures: number, retryMs: number | undefined): number {
  const base = retryMs ?? DEFAULT_RETRY_MS;
  return Math.min(Math.max(MAX_REOPEN_DELAY_MS, base), base * 2 ** Math.min(failures, 30));
}
