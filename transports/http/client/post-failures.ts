/**
 * What both wire halves (Streamable HTTP, legacy HTTP+SSE) do with a POST the upstream did not
 * take: a connection reset before any response, and an error status. The protocols differ in
 * where answers come from, not in what a refused or dropped POST means, so they share this.
 *
 * - A reset (the server, or a proxy before it, was reached and dropped this one exchange) costs
 *   that message only: a request is given up (the engine answers it, and it is cancelled
 *   upstream, since the server may have taken it before the reset), and later messages go on new
 *   connections. It is not sent again: the server may have acted on it. No connection at all
 *   (refused, unresolvable, timed out), or `MAX_RESETS` resets in a row, means the upstream is
 *   gone: that ends the transport.
 * - An error status: the JSON-RPC error response to the request the body held is delivered
 *   (error-answer.ts), with the delay a 429 or 503 asked for; else the status is reported, with
 *   that delay; a notification or response refused as busy goes again (busy.ts).
 */
import type http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestId } from '../../../engine/protocol/jsonrpc.js';
import { TransportError } from '../../errors.js';
import { BUSY_STATUSES, busyRetryDelayMs, retryAfterMs } from './busy.js';
import { readErrorAnswer, withRetryAfter } from './error-answer.js';
import { withId } from './exchange-errors.js';
import { discard } from './http-exchange.js';
import { requestIdOf, type UpstreamLink } from './link.js';
import type { Held } from './session-renewal.js';

/**
 * Connections reset before any response, in a row, after which the upstream counts as broken
 * rather than as having dropped one exchange (a crash resets every open request at once).
 */
export const MAX_RESETS = 3;
/** Errno codes of a connection the server (or something before it) reset: it was reached. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

/** How a wire half POSTs `held` again, refused as busy `retries` times so far. */
export type Resend = (held: Held, retries: number) => void;

/** How a wire half gives request `id` up: reported with its id, and cancelled upstream. */
export type GiveUp = (error: TransportError, id: RequestId) => void;

export class PostFailures {
  /** POSTs whose connection was reset before any response, since the last response. */
  private resets = 0;

  constructor(private readonly link: UpstreamLink, private readonly resend: Resend) {}

  /** A response came: the upstream is there, whatever it said. */
  responded(): void {
    this.resets = 0;
  }

  /** A POST of a message (of request `id`, if one) that got no response. */
  noResponse(error: TransportError, id: RequestId | undefined, giveUp: GiveUp): void {
    const reset = RESET_CODES.has(String(error.detail?.reason));
    if (!reset || ++this.resets >= MAX_RESETS) {
      this.link.fail(withId(error, id));
      return;
    }
    const lost = new TransportError('io_error', `${error.message}; the session goes on`, {
      detail: { reason: 'connection_reset', ...(id === undefined ? {} : { id }) },
      cause: error,
    });
    if (id === undefined) this.link.report(lost);
    else giveUp(lost, id);
  }

  /**
   * An error status for `held`, `retries` times refused as busy already. `signal` ends with the
   * transport, and for a request when it is abandoned: nothing more is reported of it then.
   */
  async refused(res: http.IncomingMessage, held: Held, signal: AbortSignal, retries: number): Promise<void> {
    const status = res.statusCode ?? 0;
    const id = requestIdOf(held.message);
    const busy = BUSY_STATUSES.has(status);
    const retryAfter = busy ? retryAfterMs(res.headers['retry-after']) : undefined;
    if (id === undefined) {
      discard(res);
      if (busy && this.resendWhenFree(held, status, retries, retryAfter, signal)) return;
    } else {
      const answer = await readErrorAnswer(res, this.link.flow, id, this.link.maxMessageBytes);
      if (answer !== undefined) {
        this.link.deliver(withRetryAfter(answer, retryAfter), id);
        return;
      }
    }
    if (signal.aborted) return;
    const asks = retryAfter === undefined ? '' : `; it asks to be retried after ${retryAfter} ms`;
    this.link.report(new TransportError('http_status', `the upstream answered with an error status (HTTP ${status})${asks}`, {
      detail: { status, ...(id === undefined ? {} : { id }), ...(retryAfter === undefined ? {} : { retry_after_ms: retryAfter }) },
    }));
  }

  /**
   * Sends a notification or response the server refused as busy again, after the delay it asked
   * for (busy.ts), with a warning; false when that delay is too long or the retries are spent.
   */
  private resendWhenFree(held: Held, status: number, retries: number, retryAfter: number | undefined, signal: AbortSignal): boolean {
    const wait = busyRetryDelayMs(retries, retryAfter);
    if (wait === undefined) return false;
    const what = 'method' in held.message ? held.message.method : 'response';
    this.link.report(new TransportError('http_status', `the upstream is busy (HTTP ${status}); ${what} goes again in ${wait} ms`, {
      detail: { status, retry_after_ms: wait, retrying: true },
    }));
    void pause(wait, signal).then((go) => {
      if (go) this.resend(held, retries + 1);
    });
    return true;
  }
}

/** Waits `ms`; false when `signal` ended the wait (the transport closed, or a stream was replaced). */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
