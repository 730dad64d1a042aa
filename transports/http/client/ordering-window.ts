/**
 * How long a POST holds back the next one. Each POST may travel on its own connection, so two
 * POSTs handed off in order can reach the server's handler in the other order; so the next POST
 * waits for the previous one's response headers, which a server sends once it has taken the
 * message (202 at once for notifications and responses, an SSE stream as soon as a request is
 * dispatched). A server answering requests in JSON holds those headers until the result, as long
 * as the tool runs, so the wait is bounded.
 *
 * The bound was a fixed 100 ms: behind a JSON-mode server, 64 concurrent tool calls took 6.4 s
 * to go out. What the wait must cover is delivery (the network and the server taking a message
 * in), and the 202s to notifications and responses measure exactly that. So a request that
 * follows a request waits at most FACTOR times the slowest recent 202, and never less than
 * MIN_MS or more than MAX_MS. Two requests reaching the server in the other order is harmless:
 * MCP runs requests concurrently, and one that needs another's result waits for it before it
 * is sent. Everything else keeps MAX_MS: a `notifications/cancelled` that overtook its request
 * would be ignored and the call would run on, and a response or notification is rarely sent
 * right behind a request anyway. Until a 202 has been seen, every wait is MAX_MS.
 */
/** A message with an id and a method, or anything else: a notification or a response. */
export type MessageKind = 'request' | 'other';

export const MAX_MS = 100;
export const MIN_MS = 2;
const FACTOR = 2;
/** 202s remembered: enough to cover a burst of slow ones, few enough to follow a changed network. */
const SAMPLES = 16;

export class OrderingWindow {
  private readonly delivered: number[] = [];
  private next = 0;

  /**
   * Milliseconds from a 202's POST being handed off to its response headers. One slower than
   * MAX_MS is kept too: it raises the bound to MAX_MS, as a network that slow needs.
   */
  observeDelivery(ms: number): void {
    this.delivered[this.next] = ms;
    this.next = (this.next + 1) % SAMPLES;
  }

  /** How long a POST of `later` (a request or not) waits for the headers of the `earlier` one. */
  limitMs(earlier: MessageKind, later: MessageKind): number {
    if (earlier !== 'request' || later !== 'request' || this.delivered.length === 0) return MAX_MS;
    return Math.min(MAX_MS, Math.max(MIN_MS, FACTOR * Math.max(...this.delivered)));
  }
}
