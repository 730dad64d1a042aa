/**
 * The requests still open to the upstream, by id, and what stops the exchanges of each: its POST
 * (and, over Streamable HTTP, any GET resuming its stream). Once warden has cancelled a request
 * upstream (the engine's timeout, the client's `notifications/cancelled`, a stream given up), its
 * connection is closed, quietly: a server need not answer a cancelled request (MCP: it SHOULD
 * NOT), and its open POST would otherwise hold a connection and a place among `maxOpenRequests`
 * for as long as the session lasts. Both wire halves (Streamable HTTP, legacy HTTP+SSE) keep
 * theirs here, so a cancellation closes it whichever is in use.
 */
import type { RequestId } from '../../../engine/protocol/jsonrpc.js';

export class OpenRequests {
  private readonly stops = new Map<RequestId, AbortController>();

  /** What stops request `id`'s exchanges when it is abandoned; none for a message that is no request. */
  track(id: RequestId | undefined): AbortController | undefined {
    if (id === undefined) return undefined;
    const stop = new AbortController();
    this.stops.set(id, stop);
    return stop;
  }

  /** Forgets `stop` once `settled` has, unless a later request under the same id replaced it. */
  untrackWhen(id: RequestId | undefined, stop: AbortController | undefined, settled: Promise<unknown>): void {
    if (id === undefined || stop === undefined) return;
    const forget = (): void => {
      if (this.stops.get(id) === stop) this.stops.delete(id);
    };
    void settled.then(forget, forget);
  }

  /** Closes the exchanges of request `id`, which warden has cancelled upstream. */
  abandon(id: RequestId): void {
    this.stops.get(id)?.abort();
  }
}

/** The signal of one message's exchanges: the transport's close, and its request's abandonment. */
export function stopSignal(closing: AbortSignal, stop: AbortController | undefined): AbortSignal {
  return stop === undefined ? closing : AbortSignal.any([closing, stop.signal]);
}
