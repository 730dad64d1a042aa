/**
 * One client session's view of several upstreams as one MCP server. To the mediator the router
 * is the upstream channel: every message the policy allowed toward "the server" arrives here and
 * goes to the upstream(s) it names; everything upstreams send comes back through the mediator's
 * onmessage, so the policy decides each message once per direction, as with a single upstream.
 *
 * The router answers for the upstreams only where there is nothing to decide upstream: ping, and
 * errors for requests no upstream can take (unroutable, every target down, every retry spent).
 * An upstream that goes down leaves the session up: its items disappear (list_changed is sent),
 * and its link reconnects; once it is back, the router repeats the client's handshake on it.
 */
import type { JsonObject, JsonRpcError, JsonRpcMessage, JsonRpcNotification, JsonRpcRequest, RequestId } from '../protocol/jsonrpc.js';
import type { Candidate, Namespaced } from '../decision/input.js';
import type { SendOptions } from '../mediator/channel.js';
import type { ListParts, MessageTarget, UpstreamView } from '../session/session.js';
import type { AttemptRecord, FanOut, Outcome, RoutedCall, Waiter } from './calls.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { isListMethod, isObject, LIST_CAPABILITY, LISTS, mergeInitialize, mergeLists, namespaceResultUris } from './merge.js';
import type { NameMap } from './names.js';
import { targetOf } from './target.js';
import type { UpstreamLink } from './link.js';

/** `input.upstream` of messages that concern every upstream (initialize, merged lists). */
export const ALL_UPSTREAMS = '*';
/** JSON-RPC error of requests the router cannot deliver (implementation-defined range; -32001 is the SDK's, -32003 denials). */
export const UPSTREAM_UNAVAILABLE = -32004;
const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;

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

type LinkState = 'down' | 'connected' | 'initializing' | 'initialized' | 'ready';

interface Entry {
  name: string;
  private: boolean;
  link: UpstreamLink;
  state: LinkState;
  nextId: number;
  pending: Map<number, Waiter>;
  capabilities: JsonObject;
  /** Routed calls waiting for this upstream to reconnect (to its next endpoint). */
  waiting: RoutedCall[];
}

export class Router {
  onmessage?: (message: JsonRpcMessage, extra?: { relatedRequestId?: RequestId }) => void;
  onclose?: () => void;
  onerror?(error: Error): void;
  /** Every attempt of a routed call (for the journal). */
  onattempt?: (attempt: AttemptRecord) => void;
  readonly #options: RouterOptions;
  readonly #entries = new Map<string, Entry>();
  /** The upstream each message delivered to the mediator came from (ALL_UPSTREAMS for merged ones). */
  readonly #origin = new WeakMap<object, string>();
  /** Delivered messages whose names differ from the upstream's: how that upstream sent them (the policy decides that). */
  readonly #views = new WeakMap<object, UpstreamView>();
  readonly #parts = new WeakMap<object, ListParts>();
  readonly #calls = new Map<RequestId, RoutedCall | FanOut>();
  /** Server-initiated requests, by the id the router gave them toward the client. */
  readonly #serverRequests = new Map<number, { upstream: string; id: RequestId; progressToken?: ProgressToken }>();
  #nextServerId = 1;
  /** Client-visible tool name -> upstreams that listed it and its annotations. */
  readonly #tools = new Map<string, { upstreams: string[]; annotations: JsonObject }>();
  /** Subscribed client-visible URIs and the upstream holding the subscription, renewed on reconnect. */
  readonly #subscriptions = new Map<string, string>();
  #initializeParams: JsonObject | undefined;
  #phase: 'new' | 'initializing' | 'initialized' | 'ready' = 'new';
  #closed = false;

  constructor(options: RouterOptions) {
    this.#options = options;
    for (const { link, private: isPrivate } of options.upstreams) {
      const entry: Entry = { name: link.name, private: isPrivate, link, state: 'down', nextId: 1, pending: new Map(), capabilities: {}, waiting: [] };
      this.#entries.set(link.name, entry);
      link.onmessage = (message, extra) => this.#fromUpstream(entry, message, extra);
      link.onup = () => this.#up(entry);
      link.ondown = (reason) => this.#down(entry, reason);
      link.onerror = (error) => this.onerror?.(new Error(`${entry.name}: ${error.message}`));
    }
  }

  /** Connects every upstream; fails only when none can be reached (the others keep trying). */
  async start(): Promise<void> {
    const started = await Promise.all([...this.#entries.values()].map((e) => e.link.start()));
    if (!started.some(Boolean)) throw new Error('no upstream could be reached');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const call of this.#calls.values()) clearTimeout(call.timer);
    this.#calls.clear();
    await Promise.all([...this.#entries.values()].map((e) => e.link.close().catch(() => undefined)));
    this.onclose?.();
  }

  /** Which upstream a message to or from the client concerns, for the policy input and the journal. */
  targetOf(from: 'client' | 'upstream', message: JsonRpcMessage): MessageTarget {
    if (from === 'upstream') {
      const view = this.#views.get(message);
      const parts = this.#parts.get(message);
      return { upstream: this.#origin.get(message) ?? ALL_UPSTREAMS, ...(view ? { view } : {}), ...(parts ? { parts } : {}) };
    }
    if ('method' in message && 'id' in message) {
      const target = targetOf(message, this.#options.names);
      if (target.kind === 'named') {
        const candidates = target.decoded.upstreams.map((u) => this.#candidate(u));
        const view = { message: { ...message, params: target.rewrite(message.params ?? {}) }, namespaced: namespacedOf(target.decoded, target.shown) };
        return { upstream: candidates.find((c) => c.available)?.name ?? candidates[0]!.name, candidates, view };
      }
      return { upstream: ALL_UPSTREAMS, candidates: [...this.#entries.keys()].map((u) => this.#candidate(u)) };
    }
    if (!('method' in message)) {
      const origin = typeof message.id === 'number' ? this.#serverRequests.get(message.id)?.upstream : undefined;
      if (origin !== undefined) return { upstream: origin };
    }
    return { upstream: ALL_UPSTREAMS };
  }

  /**
   * The upstream (and its own name) behind a client-visible tool name, for the tool registry: of
   * the replicas that listed it, the first available one, which is where the call goes by default
   * (input.upstream), so the policy judges the definition that upstream serves.
   */
  toolOwner(name: string): { upstream: string; name: string } | undefined {
    const decoded = this.#options.names.decodeName(name);
    if (!decoded) return undefined;
    const listers = this.#tools.get(name)?.upstreams ?? decoded.upstreams;
    const upstream = listers.find((u) => this.#entries.get(u)?.state === 'ready') ?? listers[0] ?? decoded.upstreams[0]!;
    return { upstream, name: decoded.name };
  }

  send(message: JsonRpcMessage, options: SendOptions = {}): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if ('method' in message && 'id' in message) this.#request(message, options);
    else if ('method' in message) this.#notification(message);
    else this.#response(message);
    return Promise.resolve();
  }

  #candidate(upstream: string): Candidate {
    const e = this.#entries.get(upstream)!;
    return {
      name: upstream, private: e.private, namespace: this.#options.names.namespaceOf(upstream),
      available: e.state === 'ready', endpoints: e.link.endpointCount,
    };
  }

  // --- from the client ---

  #request(request: JsonRpcRequest, options: SendOptions): void {
    const target = targetOf(request, this.#options.names);
    const route = options.route && options.route.length > 0 ? [...options.route] : undefined;
    switch (target.kind) {
      case 'local': return this.#answer({ jsonrpc: '2.0', id: request.id, result: {} }, ALL_UPSTREAMS);
      case 'unknown': return this.#fail(request.id, METHOD_NOT_FOUND, target.reason, ALL_UPSTREAMS);
      case 'named': {
        const call: RoutedCall = {
          kind: 'call', id: request.id, request, rewrite: target.rewrite, targets: route ?? [...target.decoded.upstreams], index: 0,
          retryable: options.retry === true || this.#safeToRetry(request), attempts: 0, endpointTries: 1,
          ...(options.decisionId ? { decisionId: options.decisionId } : {}),
        };
        this.#calls.set(request.id, call);
        return this.#attempt(call);
      }
      default:
        if (request.method === 'initialize') return this.#initialize(request, route);
        if (isListMethod(request.method)) return this.#list(request, route);
        return this.#fanOut(request, this.#ready(route), () => this.#answer({ jsonrpc: '2.0', id: request.id, result: {} }, ALL_UPSTREAMS));
    }
  }

  #notification(notification: JsonRpcNotification): void {
    const params = notification.params ?? {};
    switch (notification.method) {
      case 'notifications/initialized':
        this.#phase = 'ready';
        for (const e of this.#entries.values()) {
          if (e.state !== 'initialized') continue;
          e.state = 'ready';
          this.#sendTo(e, notification);
        }
        return;
      case 'notifications/cancelled':
        return this.#cancel(params.requestId, params.reason);
      case 'notifications/progress':
        return this.#clientProgress(notification, params);
      default:
        for (const e of this.#entries.values()) if (e.state === 'ready') this.#sendTo(e, notification);
    }
  }

  /**
   * Progress the client reports on a server-initiated request goes only to the upstream that asked,
   * under that upstream's own token (the client saw the warden id in its place, so two upstreams
   * using the same token cannot be confused). Progress for no live server request is dropped.
   */
  #clientProgress(notification: JsonRpcNotification, params: JsonObject): void {
    const asked = typeof params.progressToken === 'number' ? this.#serverRequests.get(params.progressToken) : undefined;
    if (asked?.progressToken === undefined) return;
    const entry = this.#entries.get(asked.upstream)!;
    if (entry.state !== 'down') this.#sendTo(entry, { ...notification, params: { ...params, progressToken: asked.progressToken } });
  }

  /** The client's answer to a server-initiated request goes back to the upstream that asked, under its own id. */
  #response(response: JsonRpcMessage & { id: RequestId | null }): void {
    const asked = typeof response.id === 'number' ? this.#serverRequests.get(response.id) : undefined;
    if (!asked) return;
    this.#serverRequests.delete(response.id as number);
    const entry = this.#entries.get(asked.upstream)!;
    if (entry.state !== 'down') this.#sendTo(entry, { ...response, id: asked.id } as JsonRpcMessage);
  }

  #cancel(requestId: unknown, reason: unknown): void {
    if (typeof requestId !== 'string' && typeof requestId !== 'number') return;
    const call = this.#calls.get(requestId);
    if (!call) return;
    this.#calls.delete(requestId);
    clearTimeout(call.timer);
    const cancel = (e: Entry, linkId: number): void => {
      e.pending.delete(linkId);
      this.#sendTo(e, { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: linkId, ...(typeof reason === 'string' ? { reason } : {}) } });
    };
    if (call.kind === 'fan-out') {
      for (const [upstream, linkId] of call.pending) cancel(this.#entries.get(upstream)!, linkId);
      return;
    }
    if (call.current) {
      cancel(this.#entries.get(call.current.upstream)!, call.current.linkId);
      this.#record(call, call.current.upstream, 'cancelled');
    }
    for (const e of this.#entries.values()) e.waiting = e.waiting.filter((c) => c !== call);
  }

  // --- routed calls and failover ---

  #attempt(call: RoutedCall): void {
    while (call.index < call.targets.length) {
      const entry = this.#entries.get(call.targets[call.index]!);
      if (entry?.state === 'ready') return this.#sendCall(call, entry);
      // Never sent: trying the next target is safe whatever the request does.
      if (entry) this.#record(call, entry.name, 'unavailable');
      call.index++;
      call.endpointTries = 1;
    }
    this.#failCall(call, `no upstream available for ${call.request.method} (tried ${call.targets.join(', ')})`);
  }

  #sendCall(call: RoutedCall, entry: Entry): void {
    const linkId = entry.nextId++;
    entry.pending.set(linkId, { type: 'call', call });
    call.current = { upstream: entry.name, linkId };
    call.attempts++;
    const params = call.rewrite(call.request.params ?? {});
    this.#sendTo(entry, { ...call.request, id: linkId, params });
    if (call.retryable && this.#options.attemptTimeoutMs > 0) {
      call.timer = setTimeout(() => this.#timedOut(call, entry, linkId), this.#options.attemptTimeoutMs);
      call.timer.unref?.();
    }
  }

  #timedOut(call: RoutedCall, entry: Entry, linkId: number): void {
    if (!entry.pending.delete(linkId)) return;
    this.#sendTo(entry, { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: linkId, reason: 'mcp-warden: timed out, retrying elsewhere' } });
    const waits = this.#retry(call, entry, 'timeout');
    // Only this upstream is left: its next endpoint may answer where this one hung.
    if (waits) entry.link.rotate(`a request timed out after ${this.#options.attemptTimeoutMs} ms`);
  }

  /** A call lost its upstream (connection or timeout): retried when it may be, else answered with why. Returns whether it now waits for `entry` to reconnect. */
  #retry(call: RoutedCall, entry: Entry, outcome: Outcome): boolean {
    clearTimeout(call.timer);
    call.current = undefined;
    this.#record(call, entry.name, outcome);
    if (!call.retryable) {
      this.#failCall(call, `upstream ${entry.name}: ${outcome === 'timeout' ? 'timed out' : 'connection lost'} before it answered; not retried (not marked retryable)`);
      return false;
    }
    if (call.index + 1 < call.targets.length) {
      call.index++;
      call.endpointTries = 1;
      this.#attempt(call);
      return false;
    }
    if (call.endpointTries < entry.link.endpointCount) {
      call.endpointTries++;
      entry.waiting.push(call);
      call.timer = setTimeout(() => {
        entry.waiting = entry.waiting.filter((c) => c !== call);
        this.#failCall(call, `upstream ${entry.name}: no endpoint answered`);
      }, Math.max(this.#options.attemptTimeoutMs, 1000));
      call.timer.unref?.();
      return true;
    }
    this.#failCall(call, `upstream ${entry.name}: ${outcome === 'timeout' ? 'timed out' : 'connection lost'}; every target tried`);
    return false;
  }

  /** readOnlyHint or idempotentHint from the upstream's own listing make a tool call safe to repeat. */
  #safeToRetry(request: JsonRpcRequest): boolean {
    if (request.method !== 'tools/call') return request.method !== 'resources/subscribe' && request.method !== 'resources/unsubscribe';
    const name = request.params?.name;
    const annotations = typeof name === 'string' ? this.#tools.get(name)?.annotations : undefined;
    return annotations?.readOnlyHint === true || annotations?.idempotentHint === true;
  }

  #failCall(call: RoutedCall, reason: string): void {
    clearTimeout(call.timer);
    this.#calls.delete(call.id);
    this.#fail(call.id, UPSTREAM_UNAVAILABLE, reason, call.current?.upstream ?? call.targets[Math.min(call.index, call.targets.length - 1)] ?? ALL_UPSTREAMS);
  }

  #record(call: RoutedCall, upstream: string, outcome: Outcome): void {
    const entry = this.#entries.get(upstream);
    this.onattempt?.({
      requestId: call.id, decisionId: call.decisionId ?? null, method: call.request.method, upstream,
      endpoint: entry && outcome !== 'unavailable' ? entry.link.endpoint : null, attempt: call.attempts, outcome, retryable: call.retryable,
    });
  }

  // --- fan-outs: initialize, lists, logging ---

  #initialize(request: JsonRpcRequest, route: string[] | undefined): void {
    this.#initializeParams = request.params ?? {};
    this.#phase = 'initializing';
    const targets = [...this.#entries.values()].filter((e) => e.state === 'connected' && (!route || route.includes(e.name)));
    for (const e of targets) e.state = 'initializing';
    this.#fanOut(request, targets, (answers) => {
      const parts = [];
      for (const e of targets) {
        const answer = answers.get(e.name);
        if (answer && 'result' in answer && e.state === 'initializing') {
          e.state = 'initialized';
          e.capabilities = isObject(answer.result.capabilities) ? answer.result.capabilities : {};
          parts.push({ upstream: e.name, result: answer.result });
        } else if (e.state === 'initializing') {
          e.state = 'connected';
          e.link.rotate('initialize failed');
        }
      }
      if (parts.length === 0) {
        this.#phase = 'new';
        return this.#fail(request.id, UPSTREAM_UNAVAILABLE, 'no upstream completed initialize', ALL_UPSTREAMS);
      }
      this.#phase = 'initialized';
      this.#answer({ jsonrpc: '2.0', id: request.id, result: mergeInitialize(parts, this.#options.serverInfo) }, ALL_UPSTREAMS);
    });
  }

  #list(request: JsonRpcRequest, route: string[] | undefined): void {
    const method = request.method as keyof typeof LISTS;
    const cursor = request.params?.cursor;
    let cursors: Record<string, string> | undefined;
    if (cursor !== undefined) {
      cursors = typeof cursor === 'string' ? decodeCursor(cursor, (u) => this.#entries.has(u)) : undefined;
      if (!cursors) return this.#fail(request.id, INVALID_PARAMS, 'invalid cursor', ALL_UPSTREAMS);
    }
    const capability = LIST_CAPABILITY[method];
    const targets = this.#ready(route).filter((e) => (cursors ? e.name in cursors : isObject(e.capabilities[capability])));
    const paramsFor = (e: Entry): JsonObject => {
      const { cursor: _ignored, ...rest } = request.params ?? {};
      return cursors ? { ...rest, cursor: cursors[e.name]! } : rest;
    };
    const merge = (parts: ReadonlyArray<{ upstream: string; result: JsonObject }>, remember = false): JsonObject => {
      const merged = mergeLists(method, parts, this.#options.names);
      if (remember && method === 'tools/list') this.#remember(merged.items, merged.listedBy);
      const result: JsonObject = { [LISTS[method].field]: merged.items };
      if (Object.keys(merged.next).length > 0) result.nextCursor = encodeCursor(merged.next);
      return result;
    };
    this.#fanOut(request, targets, (answers) => {
      const parts = targets.flatMap((e) => {
        const a = answers.get(e.name);
        return a && 'result' in a ? [{ upstream: e.name, result: a.result }] : [];
      });
      const message: JsonRpcMessage = { jsonrpc: '2.0', id: request.id, result: merge(parts, true) };
      // The policy decides each upstream's own page (its own names), as if that upstream were alone.
      this.#parts.set(message, {
        parts: parts.map((p) => {
          const own = { jsonrpc: '2.0' as const, id: request.id, result: p.result };
          this.#origin.set(own, p.upstream);
          return { upstream: p.upstream, message: own, answers: { id: request.id, method, params: paramsFor(this.#entries.get(p.upstream)!) } };
        }),
        merge: (decided) => merge(decided),
        shown: (upstream, name) => this.#options.names.toClientName(upstream, name),
      });
      this.#answer(message, ALL_UPSTREAMS);
    }, paramsFor);
  }

  #remember(tools: JsonObject[], listedBy: Map<string, string[]>): void {
    for (const tool of tools) {
      const name = tool.name as string;
      this.#tools.set(name, { upstreams: listedBy.get(name) ?? [], annotations: isObject(tool.annotations) ? tool.annotations : {} });
    }
  }

  #fanOut(request: JsonRpcRequest, targets: Entry[], finish: FanOut['finish'], paramsFor?: (e: Entry) => JsonObject): void {
    const group: FanOut = { kind: 'fan-out', id: request.id, method: request.method, pending: new Map(), answers: new Map(), finish };
    if (targets.length === 0) return finish(group.answers);
    this.#calls.set(request.id, group);
    for (const e of targets) {
      const linkId = e.nextId++;
      e.pending.set(linkId, { type: 'part', group });
      group.pending.set(e.name, linkId);
      const params = paramsFor ? paramsFor(e) : request.params;
      this.#sendTo(e, { ...request, id: linkId, ...(params ? { params } : {}) });
    }
    group.timer = setTimeout(() => this.#finishFanOut(group, true), this.#options.fanOutTimeoutMs);
    group.timer.unref?.();
  }

  #partAnswered(group: FanOut, upstream: string, answer: JsonRpcMessage): void {
    group.pending.delete(upstream);
    group.answers.set(upstream, answer);
    if (group.pending.size === 0) this.#finishFanOut(group, false);
  }

  #finishFanOut(group: FanOut, timedOut: boolean): void {
    if (this.#calls.get(group.id) !== group) return;
    this.#calls.delete(group.id);
    clearTimeout(group.timer);
    if (timedOut) {
      for (const [upstream, linkId] of group.pending) {
        const e = this.#entries.get(upstream)!;
        e.pending.delete(linkId);
        this.onerror?.(new Error(`${upstream}: no answer to ${group.method} within ${this.#options.fanOutTimeoutMs} ms; left out`));
      }
    }
    group.finish(group.answers);
  }

  #ready(route: string[] | undefined): Entry[] {
    return [...this.#entries.values()].filter((e) => e.state === 'ready' && (!route || route.includes(e.name)));
  }

  // --- from upstreams ---

  #fromUpstream(entry: Entry, message: JsonRpcMessage, extra?: { relatedRequestId?: RequestId }): void {
    if (this.#closed) return;
    if (!('method' in message)) return this.#upstreamAnswer(entry, message);
    const related = this.#relatedCall(entry, extra?.relatedRequestId);
    const relatedExtra = related === undefined ? undefined : { relatedRequestId: related };
    if ('id' in message) {
      const id = this.#nextServerId++;
      const progressToken = progressTokenOf(message.params);
      this.#serverRequests.set(id, { upstream: entry.name, id: message.id, ...(progressToken === undefined ? {} : { progressToken }) });
      const delivered = progressToken === undefined ? message : { ...message, params: withProgressToken(message.params!, id) };
      return this.#deliver({ ...delivered, id }, entry.name, relatedExtra);
    }
    const params = message.params ?? {};
    if (message.method === 'notifications/cancelled') {
      const ours = [...this.#serverRequests].find(([, r]) => r.upstream === entry.name && r.id === params.requestId)?.[0];
      if (ours === undefined) return;
      return this.#deliver({ ...message, params: { ...params, requestId: ours } }, entry.name, relatedExtra);
    }
    if (message.method === 'notifications/resources/updated' && typeof params.uri === 'string') {
      const shown = this.#options.names.toClientUri(entry.name, params.uri);
      const delivered = { ...message, params: { ...params, uri: shown } };
      this.#views.set(delivered, { message, namespaced: { name: shown, namespace: this.#options.names.namespaceOf(entry.name) } });
      return this.#deliver(delivered, entry.name, relatedExtra);
    }
    this.#deliver(message, entry.name, relatedExtra);
  }

  #relatedCall(entry: Entry, linkId: RequestId | undefined): RequestId | undefined {
    const waiter = typeof linkId === 'number' ? entry.pending.get(linkId) : undefined;
    if (waiter?.type === 'call') return waiter.call.id;
    if (waiter?.type === 'part') return waiter.group.id;
    return undefined;
  }

  #upstreamAnswer(entry: Entry, answer: JsonRpcMessage & { id: RequestId | null }): void {
    const waiter = typeof answer.id === 'number' ? entry.pending.get(answer.id) : undefined;
    if (!waiter) return;
    entry.pending.delete(answer.id as number);
    switch (waiter.type) {
      case 'part': return this.#partAnswered(waiter.group, entry.name, answer);
      case 'handshake': return this.#handshakeAnswered(entry, answer);
      case 'internal': return;
      default: return this.#callAnswered(waiter.call, entry, answer);
    }
  }

  #callAnswered(call: RoutedCall, entry: Entry, answer: JsonRpcMessage): void {
    clearTimeout(call.timer);
    this.#calls.delete(call.id);
    this.#record(call, entry.name, 'result' in answer ? 'answered' : 'error');
    if (!('result' in answer)) {
      const error: JsonRpcMessage = { ...(answer as JsonRpcError), id: call.id };
      this.#views.set(error, this.#answeredView(call, error));
      return this.#deliver(error, entry.name);
    }
    const uri = call.request.params?.uri;
    if (typeof uri === 'string' && call.request.method === 'resources/subscribe') this.#subscriptions.set(uri, entry.name);
    if (typeof uri === 'string' && call.request.method === 'resources/unsubscribe') this.#subscriptions.delete(uri);
    const result = namespaceResultUris(call.request.method, answer.result, entry.name, this.#options.names);
    const delivered: JsonRpcMessage = { jsonrpc: '2.0', id: call.id, result };
    this.#views.set(delivered, this.#answeredView(call, { ...answer, id: call.id }));
    this.#deliver(delivered, entry.name);
  }

  /** A routed call's answer as the upstream gave it, with the request as that upstream got it. */
  #answeredView(call: RoutedCall, answer: JsonRpcMessage): UpstreamView {
    const target = targetOf(call.request, this.#options.names);
    const params = call.rewrite(call.request.params ?? {});
    return {
      message: answer,
      answers: { id: call.id, method: call.request.method, params },
      ...(target.kind === 'named' ? { namespaced: namespacedOf(target.decoded, target.shown) } : {}),
    };
  }

  // --- upstreams coming and going ---

  #up(entry: Entry): void {
    entry.state = 'connected';
    // Before the client's initialize, the client's own handshake will include it.
    if (this.#phase === 'new' || this.#initializeParams === undefined) return;
    entry.state = 'initializing';
    const linkId = entry.nextId++;
    entry.pending.set(linkId, { type: 'handshake' });
    this.#sendTo(entry, { jsonrpc: '2.0', id: linkId, method: 'initialize', params: this.#initializeParams });
  }

  #handshakeAnswered(entry: Entry, answer: JsonRpcMessage): void {
    if (!('result' in answer)) {
      entry.state = 'connected';
      entry.link.rotate('initialize failed');
      return;
    }
    entry.capabilities = isObject(answer.result.capabilities) ? answer.result.capabilities : {};
    this.#sendTo(entry, { jsonrpc: '2.0', method: 'notifications/initialized' });
    entry.state = 'ready';
    for (const [uri, upstream] of this.#subscriptions) {
      if (upstream !== entry.name) continue;
      const own = this.#options.names.decodeUri(uri);
      const linkId = entry.nextId++;
      entry.pending.set(linkId, { type: 'internal' });
      if (own) this.#sendTo(entry, { jsonrpc: '2.0', id: linkId, method: 'resources/subscribe', params: { uri: own.name } });
    }
    const waiting = entry.waiting;
    entry.waiting = [];
    for (const call of waiting) {
      clearTimeout(call.timer);
      this.#sendCall(call, entry);
    }
    this.#listsChanged(entry);
  }

  #down(entry: Entry, reason: string): void {
    const was = entry.state;
    entry.state = 'down';
    const pending = [...entry.pending.values()];
    entry.pending.clear();
    for (const [id, asked] of this.#serverRequests) if (asked.upstream === entry.name) this.#serverRequests.delete(id);
    for (const waiter of pending) {
      if (waiter.type === 'call') this.#retry(waiter.call, entry, 'connection-lost');
      else if (waiter.type === 'part') this.#partAnswered(waiter.group, entry.name, { jsonrpc: '2.0', id: 0, error: { code: UPSTREAM_UNAVAILABLE, message: reason } });
    }
    for (const [name, tool] of this.#tools) if (tool.upstreams.includes(entry.name)) this.#tools.delete(name);
    if (was === 'ready' && !this.#closed) this.#listsChanged(entry);
  }

  /** The client's lists changed: an upstream's items appeared or disappeared. */
  #listsChanged(entry: Entry): void {
    if (this.#phase !== 'ready' && this.#phase !== 'initialized') return;
    for (const kind of ['tools', 'prompts', 'resources'] as const) {
      if (!isObject(entry.capabilities[kind])) continue;
      this.#deliver({ jsonrpc: '2.0', method: `notifications/${kind}/list_changed` }, entry.name);
    }
  }

  // --- plumbing ---

  #sendTo(entry: Entry, message: JsonRpcMessage): void {
    entry.link.send(message).catch((error: unknown) => {
      this.onerror?.(new Error(`${entry.name}: ${error instanceof Error ? error.message : String(error)}`));
    });
  }

  #answer(message: JsonRpcMessage, origin: string): void {
    this.#calls.delete((message as { id: RequestId }).id);
    this.#deliver(message, origin);
  }

  #fail(id: RequestId, code: number, reason: string, origin: string): void {
    this.#answer({ jsonrpc: '2.0', id, error: { code, message: `mcp-warden: ${reason}` } }, origin);
  }

  #deliver(message: JsonRpcMessage, origin: string, extra?: { relatedRequestId?: RequestId }): void {
    this.#origin.set(message, origin);
    this.onmessage?.(message, extra);
  }
}

function namespacedOf(decoded: { namespace: string }, shown: string): Namespaced {
  return { name: shown, namespace: decoded.namespace };
}

type ProgressToken = string | number;

function progressTokenOf(params: JsonObject | undefined): ProgressToken | undefined {
  const meta = params?._meta;
  if (!isObject(meta)) return undefined;
  const token = meta.progressToken;
  return typeof token === 'string' || typeof token === 'number' ? token : undefined;
}

function withProgressToken(params: JsonObject, token: ProgressToken): JsonObject {
  return { ...params, _meta: { ...(params._meta as JsonObject), progressToken: token } };
}
