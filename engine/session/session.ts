/**
 * One client session through the warden: who it is, what it negotiated, which requests are in
 * flight in each direction, and which tools its upstream announced.
 */
import { randomUUID } from 'node:crypto';
import { isJsonObject, type JsonObject, type JsonRpcMessage, type RequestId } from '../protocol/jsonrpc.js';
import type { AnsweredRequest, Candidate, Namespaced, Principal, SessionInfo } from '../decision/input.js';
import { frozenPart } from '../decision/encode.js';
import { IdAllocator } from './id-map.js';
import { PendingRequests } from './pending.js';
import { ToolRegistry } from './registry.js';

export interface SessionOptions {
  /** Defaults to a random UUID. */
  id?: string;
  /** Client-side transport name, e.g. "stdio", "websocket", "streamable-http". */
  transport: string;
  /** Name of the upstream this session is connected to. */
  upstream: string;
  principal: Principal;
  /** Known before initialize when the transport carries it (e.g. MCP-Protocol-Version). */
  protocolVersion?: string;
  /** Share to keep first-seen tool definitions across sessions of the same upstream. */
  tools?: ToolRegistry;
  /** Share to keep forwarded ids unique across sessions multiplexed on one upstream connection. */
  upstreamIds?: IdAllocator;
  /** Several upstreams behind one session (engine/router): which one each message concerns. */
  routing?: RoutingView;
}

/** Where messages of an aggregated session go (engine/router's Router). */
export interface RoutingView {
  targetOf(from: 'client' | 'upstream', message: JsonRpcMessage): MessageTarget;
  /** Whether the client request forwarded under `forwardedId` is in flight on `upstream`: sent there, not yet answered. */
  inFlightOn(upstream: string, forwardedId: number): boolean;
  /** The one upstream serving the client request forwarded under `forwardedId` now, if it is sent to one. */
  servingNow?(forwardedId: number): string | undefined;
}

export interface MessageTarget {
  /** The upstream the message goes to or came from; `*` when it concerns them all. */
  upstream: string;
  /** Client requests: every upstream that could serve it (a route must name one of them). */
  candidates?: Candidate[];
  /** The message as the upstream sees it (its own names and URIs): what the policy decides. */
  view?: UpstreamView;
  /** A merged list: decided once per upstream on that upstream's own page, then merged. */
  parts?: ListParts;
}

export interface UpstreamView {
  message: JsonRpcMessage;
  /** A response's request, with the upstream's own names. */
  answers?: AnsweredRequest;
  /** The client-visible name or URI (input.namespaced). */
  namespaced?: Namespaced;
}

export interface ListParts {
  /** Each upstream's answer (a result message, with its own names) and the request it answered. */
  parts: Array<{ upstream: string; message: JsonRpcMessage & { result: JsonObject }; answers: AnsweredRequest }>;
  /** The client's result from the parts' (filtered, redacted) results, names namespaced. */
  merge(results: Array<{ upstream: string; result: JsonObject }>): JsonObject;
  /** A tool's client-visible name. */
  shown(upstream: string, name: string): string;
}

export class Session {
  readonly id: string;
  readonly transport: string;
  readonly upstream: string;
  readonly principal: Principal;
  readonly tools: ToolRegistry;
  /** Client requests forwarded upstream. */
  readonly toUpstream: PendingRequests;
  /** Server-initiated requests forwarded to the client. */
  readonly toClient = new PendingRequests();
  readonly #routing: RoutingView | undefined;
  #protocolVersion: string | null;
  #client: JsonObject | null = null;
  #server: JsonObject | null = null;
  #initialized = false;
  /** What info() returns until the session learns more: frozen, so each decision reuses its JSON text. */
  #info: Readonly<SessionInfo> | undefined;

  constructor(options: SessionOptions) {
    this.id = options.id ?? randomUUID();
    this.transport = options.transport;
    this.upstream = options.upstream;
    this.principal = frozenPart(options.principal);
    this.tools = options.tools ?? new ToolRegistry();
    this.toUpstream = new PendingRequests(options.upstreamIds);
    this.#protocolVersion = options.protocolVersion ?? null;
    this.#routing = options.routing;
  }

  /** The upstream a message concerns (the session's own, unless it aggregates several). */
  targetOf(from: 'client' | 'upstream', message: JsonRpcMessage): MessageTarget {
    if (!this.#routing) return { upstream: this.upstream };
    // A client's cancellation concerns the one upstream serving the request it cancels.
    if (from === 'client' && 'method' in message && message.method === 'notifications/cancelled' && !('id' in message)) {
      const cancelled = message.params?.requestId;
      const forwarded = typeof cancelled === 'string' || typeof cancelled === 'number' ? this.toUpstream.forwardedFor(cancelled) : undefined;
      const upstream = forwarded === undefined ? undefined : this.#routing.servingNow?.(forwarded);
      if (upstream !== undefined) return { upstream };
    }
    return this.#routing.targetOf(from, message);
  }

  /**
   * The upstream a request in flight concerns, for an entry warden journals in place of its
   * answer (timed out, abandoned): the one serving the client's request now, or the one that
   * asked the client. `*` when it is not sent to one upstream (a fan-out, a call waiting to be sent).
   */
  upstreamOfPending(requester: 'client' | 'upstream', mapping: { originalId: RequestId; forwardedId: number }): string {
    if (!this.#routing) return this.upstream;
    if (requester === 'client') return this.#routing.servingNow?.(mapping.forwardedId) ?? this.upstream;
    // The router knows which upstream asked by the id it gave the request: the one the client's answer would go to.
    return this.#routing.targetOf('client', { jsonrpc: '2.0', id: mapping.originalId, result: {} }).upstream;
  }

  /** Whether the client request forwarded under `forwardedId` is in flight on `upstream` (with one upstream, every pending one is). */
  inFlightOn(upstream: string, forwardedId: number): boolean {
    return this.#routing ? this.#routing.inFlightOn(upstream, forwardedId) : upstream === this.upstream;
  }

  /** An allowed initialize request: the client's info and the revision it asks for. */
  recordInitializeRequest(params: JsonObject | undefined): void {
    const clientInfo = params?.clientInfo;
    if (isJsonObject(clientInfo)) this.#client = clientInfo;
    if (typeof params?.protocolVersion === 'string') this.#protocolVersion = params.protocolVersion;
    this.#info = undefined;
  }

  /** The server answered an initialize: the session's one handshake is done. */
  get initialized(): boolean {
    return this.#initialized;
  }

  /** An allowed initialize result: the revision the server settled on is the negotiated one. */
  recordInitializeResult(result: JsonObject): void {
    this.#initialized = true;
    if (typeof result.protocolVersion === 'string') this.#protocolVersion = result.protocolVersion;
    if (isJsonObject(result.serverInfo)) this.#server = result.serverInfo;
    this.#info = undefined;
  }

  info(): Readonly<SessionInfo> {
    this.#info ??= frozenPart({
      id: this.id,
      transport: this.transport,
      protocol_version: this.#protocolVersion,
      client: this.#client,
      server: this.#server,
    });
    return this.#info;
  }
}
