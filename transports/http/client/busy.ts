/**
 * An upstream saying "not now": 429 Too Many Requests (RFC 6585) or 503 Service Unavailable
 * (RFC 9110, 15.6.4), usually with `Retry-After`. Both normally say the server did not act on it.
 *
 * What a proxy may do with it depends on who can act on the refusal:
 * - a request has a requester waiting for its answer, which is told (the delay travels with the
 *   error the engine answers: `detail.retry_after_ms`) and decides for itself. warden never sends
 *   a request again on its own: a 503 can come from a gateway that did pass the request on, and
 *   a `tools/call` run twice may act twice;
 * - a notification or a response has no answer for anyone to see: refused, it would be lost
 *   without a trace (`notifications/initialized`, a cancellation, the client's answer to a
 *   sampling request). Only this transport can send it again, and doing so is harmless: the
 *   server took nothing, and a duplicate of either is ignored. So it goes again after the delay
 *   asked, at most `MAX_BUSY_RETRIES` times and only for a delay of at most `MAX_BUSY_WAIT_MS`.
 */
export const BUSY_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Retries of one notification or response refused as busy. */
export const MAX_BUSY_RETRIES = 2;
/** A longer delay than this is not waited out: the message is reported lost instead. */
export const MAX_BUSY_WAIT_MS = 10_000;
/** The wait when the server names none (RFC 9110 leaves it to the client). */
export const DEFAULT_BUSY_WAIT_MS = 1000;

/**
 * `Retry-After` in milliseconds: delay-seconds, or an HTTP-date (a date already past is 0).
 * Undefined when absent or unreadable.
 */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text), 2 ** 31 / 1000) * 1000;
  // An HTTP-date names its weekday and a GMT time; anything Date.parse reads in it is a date.
  if (!/GMT$/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait before attempt `retries` + 1 of a busy-refused message, or undefined when it is not sent again. */
export function busyRetryDelayMs(retries: number, retryAfter: number | undefined): number | undefined {
  const wait = retryAfter ?? DEFAULT_BUSY_WAIT_MS;
  return retries < MAX_BUSY_RETRIES && wait <= MAX_BUSY_WAIT_MS ? wait : undefined;
}
