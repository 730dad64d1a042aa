/**
 * What one router's parts share: the upstreams' entries, the calls in flight, what the session
 * has learnt (tools, subscriptions, the client's handshake), and the plumbing they all use to talk
 * to upstreams and to hand messages to the mediator with the upstream they came from.
 */
import type { JsonObject, JsonRpcMessage, JsonValue, RequestId } from '../protocol/jsonrpc.js';
import type { Candidate, Namespaced } from '../decision/input.js';
import type { ReceivedExtra } from '../mediator/channel.js';
import type { ListParts, UpstreamView } from '../session/session.js';
import type { AttemptRecord, FanOut, RoutedCall, Waiter } from './calls.js';
import type { UpstreamLink } from './link.js';
import type { NameMap } from './names.js';
import { ServerRequests } from './server-requests.js';

/** `input.upstream` of messages that concern every upstream (initialize, merged lists). */
export const ALL_UPSTREAMS = '*';
/** JSON-RPC error of requests the router cannot deliver (implementation-defined range; -32001 is the SDK's, -32003 denials). */
export const UPSTREAM_UNAVAILABLE = -32004;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
/** MCP's error for a URI no server holds (Server Features > Resources > Error Handling). */
export const RESOURCE_NOT_FOUND = -32002;

export interface RoutedUpstream {
  link: UpstreamLink;
  /** Marked `private: true` in the config (the policy routes sensitive requests there). */
  private: boolean;
}

export interface RouterOptions {
  upstreams: readonly RoutedUpstream[];
  names: NameMap;
  serverInfo: JsonObject;
  /** A retryable request unanswered this long is retried elsewhere; 0 = never. */
  attemptTimeoutMs: number;
  /** How long initialize and list fan-outs wait for slow upstreams. */
  fanOutTimeoutMs: number;
}

export type LinkState = 'down' | 'connected' | 'initializing' | 'initialized' | 'ready';

export interface Entry {
  name: string;
  private: boolean;
  link: UpstreamLink;
  state: LinkState;
  /** Counts the link's connections: an answer to a request sent on an earlier one says nothing of this one. */
  connection: number;
  nextId: number;
  pending: Map<number, Waiter>;
  capabilities: JsonObject;
  /** Routed calls waiting for this upstream to reconnect (to its next endpoint). */
  waiting: RoutedCall[];
}

/** Where the router's parts report to its owner (the Router's public handlers, read at call time). */
export interface RouterEvents {
  message(message: JsonRpcMessage, extra?: ReceivedExtra): void;
  error(error: Error): void;
  attempt(attempt: AttemptRecord): void;
  /** A page of an upstream's own tools the router listed itself (after a reconnect or its list_changed). */
  listing(upstream: string, tools: readonly JsonValue[]): void;
}

export class RouterContext {
  readonly entries = new Map<string, Entry>();
  /** The upstream each message delivered to the mediator came from (ALL_UPSTREAMS for merged ones). */
  readonly origin = new WeakMap<object, string>();
  /** Delivered messages whose names differ from the upstream's: how that upstream sent them (the policy decides that). */
  readonly views = new WeakMap<object, UpstreamView>();
  readonly parts = new WeakMap<object, ListParts>();
  readonly calls = new Map<RequestId, RoutedCall | FanOut>();
  readonly serverRequests = new ServerRequests();
  /** Client-visible tool name -> upstreams that listed it and its annotations. */
  readonly tools = new Map<string, { upstreams: string[]; annotations: JsonObject }>();
  /** Subscribed client-visible URIs and the upstream holding the subscription, renewed on reconnect. */
  readonly subscriptions = new Map<string, string>();
  initializeParams: JsonObject | undefined;
  /** The capabilities the client's initialize was answered with: the only lists it may be told changed. */
  announced: JsonObject = {};
  /** The client's latest logging/setLevel params, renewed on each upstream that comes back. */
  logLevel: JsonObject | undefined;
  phase: 'new' | 'initializing' | 'initialized' | 'ready' = 'new';
  closed = false;

  constructor(readonly options: RouterOptions, readonly events: RouterEvents) {}

  candidate(upstream: string): Candidate {
    const e = this.entries.get(upstream)!;
    return {
      name: upstream, private: e.private, namespace: this.options.names.namespaceOf(upstream),
      available: e.state === 'ready', endpoints: e.link.endpointCount,
    };
  }

  ready(route: string[] | undefined): Entry[] {
    return [...this.entries.values()].filter((e) => e.state === 'ready' && (!route || route.includes(e.name)));
  }

  sendTo(entry: Entry, message: JsonRpcMessage): void {
    entry.link.send(message).catch((error: unknown) => {
      this.events.error(new Error(`${entry.name}: ${error instanceof Error ? error.message : String(error)}`));
    });
  }

  answer(message: JsonRpcMessage, origin: string): void {
    this.calls.delete((message as { id: RequestId }).id);
    this.deliver(message, origin);
  }

  fail(id: RequestId, code: number, reason: string, origin: string): void {
    this.answer({ jsonrpc: '2.0', id, error: { code, message: `mcp-warden: ${reason}` } }, origin);
  }

  deliver(message: JsonRpcMessage, origin: string, extra?: ReceivedExtra): void {
    this.origin.set(message, origin);
    this.events.message(message, extra);
  }
}

export function namespacedOf(decoded: { namespace: string }, shown: string): Namespaced {
  return { name: shown, namespace: decoded.namespace };
}
