/**
 * The upstream HTTP transport: warden as an MCP client of a remote server, over Streamable
 * HTTP, or over the legacy HTTP+SSE transport for servers that predate it.
 *
 * The one message inspection it does: it remembers the initialize request it sent and reads
 * `result.protocolVersion` of the response to it, to send `MCP-Protocol-Version` (and, with
 * `renewExpiredSession`, to start a new session like it when the server forgets this one, with
 * the client's subscriptions and log level: session-setup.ts).
 */
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import type { JsonObject, JsonRpcMessage, JsonRpcRequest, RequestId } from '../../../engine/protocol/jsonrpc.js';
import type { MessageExtra, SendOptions, Transport } from '../../contract.js';
import { TransportError } from '../../errors.js';
import { decodeMessage, DEFAULT_MAX_MESSAGE_BYTES, encodeMessage } from '../../framing/message-codec.js';
import { Lifecycle } from '../../lifecycle.js';
import type { Collected } from './bounded-message.js';
import { Lanes } from './lanes.js';
import { LegacySession } from './legacy-session.js';
import { OpenRequests } from './open-requests.js';
import { isJson } from './event-stream.js';
import { holdBackMs, MAX_MS, type MessageKind } from './hold-back.js';
import { ReadFlow } from './read-flow.js';
import { requestIdOf, type Posted, type UpstreamLink } from './link.js';
import { upstreamHeaders } from './upstream-headers.js';
import { isInitialize, StreamableSession } from './streamable-session.js';
import { SessionRenewal, type RenewalLimits, type RenewalWire } from './session-renewal.js';

export type HttpTransportMode = 'auto' | 'streamable-http' | 'sse';

export interface HttpClientTransportOptions {
  readonly url: URL;
  /** Upstream credentials from warden's config, sent on every request. Never a client's. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Largest message accepted or sent, in bytes. Default: 4 MiB. */
  readonly maxMessageBytes?: number;
  /** Label for logs. Default: `http-client:<host>`. */
  readonly name?: string;
  /**
   * Connect plus response headers, per HTTP request; for a POST carrying a JSON-RPC request, connect
   * plus sending it (its answer is bounded by the engine's request timeout). Default: 60 s.
   */
  readonly requestTimeoutMs?: number;
  /** `auto` (default) tries Streamable HTTP and falls back to HTTP+SSE when initialize is refused. */
  readonly transportMode?: HttpTransportMode;
  /** Requests open at once (each holds a connection); past it a request is refused. Default: 128. */
  readonly maxOpenRequests?: number;
  /**
   * On session expiry (404), start a new session and go on (session-renewal.ts) instead of
   * closing. Only for a transport that is the client's one upstream: a router re-initializes its
   * upstreams itself. Default: false.
   */
  readonly renewExpiredSession?: boolean | RenewalLimits;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** What the next POST waits for before it is issued: see hold-back.ts. */
interface Gate {
  passed(later: MessageKind): Promise<void>;
}

export class StreamableHttpClientTransport implements Transport {
  readonly name: string;
  protocolVersion: string | undefined;
  onmessage?: (message: JsonRpcMessage, extra?: MessageExtra) => void;
  onclose?: () => void;
  onerror?: (error: TransportError) => void;

  private readonly options: HttpClientTransportOptions;
  private readonly lifecycle: Lifecycle;
  private readonly controller = new AbortController();
  private readonly lanes: Lanes;
  private readonly link: UpstreamLink;
  private readonly flow = new ReadFlow();
  private readonly streamable: StreamableSession;
  private readonly legacy: LegacySession;
  /** Requests whose POST is still open, in either wire protocol: a cancellation closes it. */
  private readonly open = new OpenRequests();
  private mode: 'pending' | 'streamable-http' | 'sse';
  private muted = false;
  /** Whether the server sends a request's response headers only with its result (hold-back.ts). */
  private serverHoldsHeaders = false;
  /** The previous send's gate, once its body was handed off (undefined if it never was). */
  private previous: Promise<Gate | undefined> = Promise.resolve(undefined);
  private initializeId: RequestId | undefined;
  private initializeParams: JsonObject | undefined;
  private readonly renewal: SessionRenewal | undefined;

  constructor(options: HttpClientTransportOptions) {
    this.options = options;
    this.name = options.name ?? `http-client:${options.url.host}`;
    this.lifecycle = new Lifecycle(this.name);
    this.lanes = new Lanes(options.url, options.maxOpenRequests);
    // Every in-flight request listens on the one close signal; dozens at once is normal, not a leak.
    setMaxListeners(0, this.controller.signal);
    const mode = options.transportMode ?? 'auto';
    this.mode = mode === 'auto' ? 'pending' : mode;
    this.link = this.makeLink();
    this.streamable = new StreamableSession(this.link, this.open);
    this.legacy = new LegacySession(this.link, this.open);
    const renew = options.renewExpiredSession;
    this.renewal = renew ? new SessionRenewal(this.renewalWire(), renew === true ? undefined : renew) : undefined;
  }

  get sessionId(): string | undefined {
    return this.streamable.sessionId;
  }

  /** The wire protocol in use: known after start for `sse`, after initialize's response otherwise. */
  get transportMode(): HttpTransportMode | undefined {
    return this.mode === 'pending' ? undefined : this.mode;
  }

  async start(): Promise<void> {
    this.lifecycle.begin();
    if (this.mode !== 'sse') return;
    try {
      await this.legacy.connect();
    } catch (error) {
      await this.end();
      throw error;
    }
  }

  send(message: JsonRpcMessage, _options?: SendOptions): Promise<void> {
    const refusal = this.lifecycle.sendRefusal();
    if (refusal) return Promise.reject(refusal);
    let body: Buffer;
    try {
      body = this.encode(message);
    } catch (error) {
      return Promise.reject(error);
    }
    const initialize = isInitialize(message);
    if (initialize) this.remember(message as JsonRpcRequest);
    this.renewal?.setup.sent(message);
    const kind: MessageKind = requestIdOf(message) === undefined ? 'other' : 'request';
    // A new session being started: nothing goes out on the one that expired.
    const turn = this.previous.then((gate) => gate?.passed(kind)).then(() => this.renewal?.settled).then(() => this.dispatch(body, message));
    const handedOff = turn.then((posted) => posted.handedOff);
    const cancelled = cancelledRequestOf(message);
    // Behind the cancellation: the server learns of it before the connection closes.
    if (cancelled !== undefined) void handedOff.then(() => this.open.abandon(cancelled), () => undefined);
    this.previous = turn.then((posted) => posted.handedOff.then(() => this.gateAfter(posted, kind, initialize))).then(undefined, () => undefined);
    return handedOff.catch((error: unknown) => {
      throw this.lifecycle.sendRefusal() ?? error;
    });
  }

  /** A message's frame payload, as every message this transport sends is written. */
  private encode(message: JsonRpcMessage): Buffer {
    return encodeMessage(message, this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
  }

  private remember(initialize: JsonRpcRequest): void {
    this.initializeId = initialize.id;
    this.initializeParams = initialize.params ?? {};
  }

  /** Contract `pause`: no response body is read until resume (ReadFlow). */
  pause(): boolean {
    if (!this.muted) this.flow.pause();
    return true;
  }

  resume(): void {
    this.flow.resume();
  }

  close(): Promise<void> {
    this.muted = true;
    this.flow.resume();
    return this.end();
  }

  /**
   * Issues one POST. `decided` is set while the first initialize decides between Streamable
   * HTTP and the legacy transport: nothing goes after it until then, so nothing goes to the
   * wrong endpoint.
   */
  private dispatch(body: Buffer, message: JsonRpcMessage): Posted & { decided?: Promise<void> } {
    const refusal = this.lifecycle.sendRefusal();
    if (refusal) throw refusal;
    const id = requestIdOf(message);
    if (id !== undefined && this.lanes.full) return this.refuse(id);
    if (this.mode === 'sse') return this.held(this.legacy.post(body, message), id);
    const deciding = this.mode === 'pending' && isInitialize(message);
    const posted = this.held(this.streamable.post(body, message, deciding), id);
    if (!deciding) return posted;
    const decided = posted.outcome.then(async (outcome) => {
      if (outcome === 'fallback') await this.fallBack(body, message);
      else this.mode = 'streamable-http';
    });
    return { ...posted, decided };
  }

  /**
   * The gate a POST handed off just now sets for the next one: its response headers, or the
   * bound hold-back.ts gives from now, whichever comes first.
   */
  private gateAfter(posted: Posted & { decided?: Promise<void> }, kind: MessageKind, initialize: boolean): Gate {
    const { decided, responded } = posted;
    if (decided) return { passed: () => decided };
    const since = performance.now();
    let settled = false;
    void responded.then((res) => {
      settled = true;
      if (kind === 'request' && !initialize) this.learnHeaders(res, performance.now() - since);
    }, () => {
      settled = true;
    });
    return {
      passed: async (later) => {
        const left = holdBackMs(kind, later, this.serverHoldsHeaders) - (performance.now() - since);
        if (settled || left <= 0 || await settledWithin(responded, left)) return;
        if (kind === 'request') this.serverHoldsHeaders = true;
      },
    };
  }

  /**
   * What the answer to a request (not initialize, which any server may answer in JSON at once)
   * tells of the server: headers in JSON came with the result, and headers later than the hold
   * came after work; an event stream or a 202 came at once.
   */
  private learnHeaders(res: unknown, ms: number): void {
    if (!(res instanceof http.IncomingMessage) || res.statusCode === undefined || res.statusCode >= 300) return;
    this.serverHoldsHeaders = isJson(res) || ms > MAX_MS;
  }

  /** A POST carrying request `id` counts as open until its exchange is over. */
  private held(posted: Posted, id: RequestId | undefined): Posted {
    if (id !== undefined) this.lanes.hold(posted.outcome);
    return posted;
  }

  /**
   * Nothing is sent: the request is reported undeliverable with its id (the engine answers it at
   * once, as for an HTTP error status), and the messages after it go out as usual.
   */
  private refuse(id: RequestId): Posted {
    const limit = this.lanes.maxOpenRequests;
    this.report(new TransportError('too_many_requests', `${limit} requests are already open to the upstream; this one was not sent`, { detail: { id, limit } }));
    const done = Promise.resolve();
    return { handedOff: done, responded: done, outcome: Promise.resolve('done') };
  }

  private async fallBack(body: Buffer, message: JsonRpcMessage): Promise<void> {
    this.mode = 'sse';
    try {
      await this.legacy.connect();
      await this.held(this.legacy.post(body, message), requestIdOf(message)).handedOff;
    } catch (error) {
      this.link.fail(error instanceof TransportError ? error : new TransportError('io_error', 'legacy fallback failed', { cause: error }));
    }
  }

  private end(): Promise<void> {
    return this.lifecycle.close(
      () => this.shutdown(),
      () => this.onclose?.(),
    );
  }

  private async shutdown(): Promise<void> {
    this.muted = true;
    this.controller.abort();
    await this.streamable.end();
    this.lanes.destroy();
  }

  private makeLink(): UpstreamLink {
    const { options } = this;
    const fixed = upstreamHeaders(options.headers);
    return {
      name: this.name,
      url: options.url,
      lanes: this.lanes,
      signal: this.controller.signal,
      maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      flow: this.flow,
      headers: () => (this.protocolVersion === undefined ? { ...fixed } : { ...fixed, 'mcp-protocol-version': this.protocolVersion }),
      receive: (data, relatedRequestId) => this.receive(data, relatedRequestId),
      decode: (data) => this.decode(data),
      deliver: (message, relatedRequestId) => this.deliver(message, relatedRequestId),
      report: (error) => this.report(error),
      cancel: (id, reason) => this.cancel(id, reason),
      fail: (error) => this.fail(error),
      expired: (error, sentWith, held) => {
        if (this.renewal) return this.renewal.expired(error, sentWith, held);
        this.fail(error);
        return Promise.resolve(false);
      },
    };
  }

  private fail(error: TransportError): void {
    this.report(error);
    void this.end();
  }

  /** What a new session is started with: the wire, bypassing the send queue that waits for it. */
  private renewalWire(): RenewalWire {
    const streamable = this.streamable;
    return {
      get sessionId() {
        return streamable.sessionId;
      },
      reinitialize: (request) => streamable.reinitialize(this.encode(request), String(request.id)),
      ask: (request) => streamable.ask(this.encode(request), String(request.id), `the ${request.method} that renews the client's set-up`),
      notify: async (message) => {
        await streamable.post(this.encode(message), message, false).responded.catch(() => undefined);
      },
      resend: ({ body, message }) => {
        try {
          this.dispatch(body, message);
        } catch {
          // Closing: the engine answers every open request.
        }
      },
      deliver: (message) => this.deliver(message, undefined),
      report: (error) => this.report(error),
      fail: (error) => this.fail(error),
    };
  }

  private receive(data: Collected, relatedRequestId: RequestId | undefined): JsonRpcMessage | TransportError {
    const decoded = this.decode(data);
    if (!(decoded instanceof TransportError)) this.deliver(decoded, relatedRequestId);
    return decoded;
  }

  private decode(data: Collected): JsonRpcMessage | TransportError {
    const decoded = 'error' in data ? data : decodeMessage(data.bytes);
    if (!('error' in decoded)) return decoded.message;
    this.report(decoded.error);
    return decoded.error;
  }

  private deliver(message: JsonRpcMessage, relatedRequestId: RequestId | undefined): void {
    this.observe(message);
    if (!this.muted) this.onmessage?.(message, relatedRequestId === undefined ? undefined : { relatedRequestId });
  }

  private observe(message: JsonRpcMessage): void {
    this.renewal?.setup.received(message);
    if (this.initializeId === undefined || !('result' in message) || message.id !== this.initializeId) return;
    const version = message.result.protocolVersion;
    // A header value: only a plain token is worth echoing.
    if (typeof version === 'string' && /^[\w.-]{1,64}$/.test(version)) {
      this.protocolVersion = version;
      this.renewal?.negotiated(this.initializeParams ?? {}, message.result);
    }
    this.initializeId = undefined;
  }

  /**
   * Streamable HTTP does not take a lost connection for a cancellation (the spec asks for an
   * explicit notifications/cancelled), so a request this transport stops waiting for would run on
   * upstream. The engine's own timeout sends the same notification; this is the transport's
   * counterpart for the streams it gives up. Best effort: a closing transport refuses it.
   */
  private cancel(id: RequestId, reason: string): void {
    const cancelled: JsonRpcMessage = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: `mcp-warden: ${reason}` } };
    this.send(cancelled).catch(() => undefined);
  }

  private report(error: TransportError): void {
    if (!this.muted) this.onerror?.(error);
  }
}

/** The request a notifications/cancelled cancels. */
function cancelledRequestOf(message: JsonRpcMessage): RequestId | undefined {
  if (!('method' in message) || message.method !== 'notifications/cancelled' || 'id' in message) return undefined;
  const id = message.params?.requestId;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

/** Whether `promise` settles within `ms`; waits no longer, never rejects. */
function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const done = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    promise.then(done, done);
  });
}
