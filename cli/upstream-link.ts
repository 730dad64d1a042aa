/**
 * One upstream of an aggregated session over real transports (engine/router's UpstreamLink):
 * connects to its endpoints in turn and, after a lost connection, reconnects at once to an
 * endpoint not yet tried in this run of failures, then with capped exponential backoff and jitter,
 * so a crashed server comes back without a storm of restarts. Only a close by the owner stops it.
 */
import type { JsonRpcMessage, RequestId } from '../engine/protocol/jsonrpc.js';
import type { UpstreamLink } from '../engine/router/link.js';
import { UPSTREAM_UNAVAILABLE } from '../engine/router/router.js';
import type { Transport } from '../transports/contract.js';
import { isTransportError, type TransportError } from '../transports/errors.js';
import { errorMessage } from './log.js';

export interface Endpoint {
  /** Safe to log and journal: a URL's origin, a command's program. */
  label: string;
  create: () => Transport;
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** [0, 1); tests fix it. */
  random?: () => number;
}

/** The wait before reconnection attempt `failures` (1-based) of one run of failures: doubling, capped, half of it jittered. */
export function backoffDelay(failures: number, { baseMs, maxMs, random = Math.random }: BackoffOptions): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export class TransportLink implements UpstreamLink {
  onmessage?: (message: JsonRpcMessage, extra?: { relatedRequestId?: RequestId }) => void;
  onup?: () => void;
  ondown?: (reason: string) => void;
  onerror?(error: Error): void;
  readonly name: string;
  readonly #endpoints: readonly Endpoint[];
  readonly #backoff: BackoffOptions;
  #index = 0;
  #transport: Transport | undefined;
  #connected = false;
  #closed = false;
  /** Held by the mediator's backpressure; a transport connected meanwhile starts held too. */
  #paused = false;
  /** Failed attempts since the last connection that carried a message (a lazy HTTP start proves nothing). */
  #failures = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(name: string, endpoints: readonly Endpoint[], backoff: BackoffOptions) {
    if (endpoints.length === 0) throw new Error(`upstream ${name} has no endpoint`);
    this.name = name;
    this.#endpoints = endpoints;
    this.#backoff = backoff;
  }

  get endpoint(): string {
    return this.#endpoints[this.#index]!.label;
  }

  get endpointCount(): number {
    return this.#endpoints.length;
  }

  get connected(): boolean {
    return this.#connected;
  }

  start(): Promise<boolean> {
    return this.#connect();
  }

  async send(message: JsonRpcMessage): Promise<void> {
    const transport = this.#transport;
    if (!transport || !this.#connected) throw new Error(`upstream ${this.name} is not connected`);
    await transport.send(message);
  }

  pause(): boolean {
    this.#paused = true;
    return this.#transport === undefined || this.#transport.pause?.() === true;
  }

  resume(): void {
    this.#paused = false;
    this.#transport?.resume?.();
  }

  rotate(reason: string): void {
    const transport = this.#transport;
    if (!transport || this.#closed) return;
    this.onerror?.(new Error(`leaving endpoint ${this.endpoint}: ${reason}`));
    this.#lost(transport, reason);
    void transport.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const transport = this.#transport;
    this.#transport = undefined;
    this.#connected = false;
    await transport?.close().catch(() => undefined);
  }

  async #connect(): Promise<boolean> {
    if (this.#closed) return false;
    const endpoint = this.#endpoints[this.#index]!;
    let transport: Transport;
    try {
      transport = endpoint.create();
    } catch (error) {
      this.#retryLater(`cannot create the transport: ${errorMessage(error)}`);
      return false;
    }
    this.#transport = transport;
    transport.onmessage = (message, extra) => {
      if (this.#transport !== transport) return;
      this.#failures = 0;
      this.onmessage?.(message, extra?.relatedRequestId === undefined ? undefined : { relatedRequestId: extra.relatedRequestId });
    };
    transport.onerror = (error) => {
      if (this.#transport === transport) this.#answerRefused(error);
      this.onerror?.(error);
    };
    transport.onclose = () => this.#lost(transport, 'the connection closed');
    try {
      await transport.start();
    } catch (error) {
      this.#lost(transport, `cannot connect to ${endpoint.label}: ${errorMessage(error)}`);
      return false;
    }
    if (this.#transport !== transport || this.#closed) return false;
    if (this.#paused) transport.pause?.();
    this.#connected = true;
    this.onup?.();
    return true;
  }

  /**
   * An HTTP error status for a request, a request the transport could not send (too many open),
   * or one whose response stream it gave up (ended or lost before the answer, on a connection that
   * stays open) means no answer will ever come on this connection: the request is answered with an
   * error at once (the router journals it), instead of waiting out its timeout.
   */
  #answerRefused(error: Error): void {
    const refused = isTransportError(error, 'http_status') || isTransportError(error, 'too_many_requests') || isGivenUp(error);
    if (!refused) return;
    const id = error.detail?.id;
    if (typeof id !== 'number' && typeof id !== 'string') return;
    const retryAfter = error.detail?.retry_after_ms;
    const later = typeof retryAfter === 'number' ? `; it asks to be retried after ${retryAfter} ms` : '';
    const why = error.code === 'http_status' ? ` answered with HTTP status ${String(error.detail?.status)}${later}` : `: ${error.message}`;
    const data = typeof retryAfter === 'number' ? { data: { retry_after_ms: retryAfter } } : {};
    this.onmessage?.({ jsonrpc: '2.0', id, error: { code: UPSTREAM_UNAVAILABLE, message: `mcp-warden: upstream ${this.name}${why}`, ...data } });
  }

  #lost(transport: Transport, reason: string): void {
    if (this.#transport !== transport) return;
    this.#transport = undefined;
    const wasConnected = this.#connected;
    this.#connected = false;
    if (wasConnected) this.ondown?.(reason);
    if (!this.#closed) this.#retryLater(reason);
  }

  #retryLater(reason: string): void {
    this.#failures++;
    this.#index = (this.#index + 1) % this.#endpoints.length;
    // An endpoint not yet tried since the last good connection is tried at once (failover).
    const untried = this.#failures < this.#endpoints.length;
    const delay = untried ? 0 : backoffDelay(this.#failures - this.#endpoints.length + 1, this.#backoff);
    this.onerror?.(new Error(`${reason}; reconnecting to ${this.endpoint} in ${delay} ms`));
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#connect(), delay);
    this.#timer.unref?.();
  }
}

/** Reasons the HTTP client gives for a request it gave up (the transport stays open). */
const GIVEN_UP = new Set(['stream_ended', 'stream_lost', 'connection_reset']);

/** The HTTP client's report of a request whose response stream, or connection, it gave up. */
function isGivenUp(error: Error): error is TransportError {
  const reason = isTransportError(error, 'io_error') ? error.detail?.reason : undefined;
  return typeof reason === 'string' && GIVEN_UP.has(reason);
}
