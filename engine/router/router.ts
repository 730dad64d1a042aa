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
 *
 * This class only dispatches; routed calls and failover, fan-outs and lists, the upstreams'
 * lifecycle and server-initiated requests each live in their own module over a RouterContext.
 */
import { isJsonObject, type JsonRpcMessage, type JsonRpcNotification, type JsonRpcRequest, type JsonValue, type RequestId } from '../protocol/jsonrpc.js';
import type { ReceivedExtra, SendOptions } from '../mediator/channel.js';
import type { MessageTarget } from '../session/session.js';
import type { AttemptRecord } from './calls.js';
import { ALL_UPSTREAMS, namespacedOf, RouterContext, type Entry, type RouterOptions } from './context.js';
import { fanOut, partAnswered } from './fan-out.js';
import { down, handshakeAnswered, hintsAnswered, initialize, initialized, listHints, up } from './lifecycle.js';
import { list } from './lists.js';
import { isListMethod } from './merge.js';
import { callAnswered, cancel, servingMembers, startCall } from './routed-calls.js';
import { progressToUpstream, responseToUpstream } from './server-requests.js';
import { targetOf } from './target.js';

export { ALL_UPSTREAMS, UPSTREAM_UNAVAILABLE, type RoutedUpstream, type RouterOptions } from './context.js';

/** Why an upstream's message that belongs to nothing in flight is refused (ReceivedExtra.refused). */
export const STRAY_ANSWER = 'answer to no request in flight to this upstream (never sent, already answered, cancelled or given up)';
export const STRAY_CANCELLATION = 'cancellation of no request this upstream has in flight to the client';
export const UNOFFERED_LIST_CHANGED = 'list_changed of a list the client was not offered at initialize';
const LIST_CHANGED = /^notifications\/(tools|prompts|resources)\/list_changed$/;

export class Router {
  onmessage?: (message: JsonRpcMessage, extra?: ReceivedExtra) => void;
  onclose?: () => void;
  onerror?(error: Error): void;
  /** Every attempt of a routed call (for the journal). */
  onattempt?: (attempt: AttemptRecord) => void;
  /**
   * An upstream's own tools, as the router listed them itself after a reconnect or the
   * upstream's list_changed: its owner records the definitions, so a call the client makes
   * before listing again is decided on what the server serves now, not on what it served before.
   */
  onlisting?: (upstream: string, tools: readonly JsonValue[]) => void;
  readonly #ctx: RouterContext;

  constructor(options: RouterOptions) {
    this.#ctx = new RouterContext(options, {
      message: (message, extra) => this.onmessage?.(message, extra),
      error: (error) => this.onerror?.(error),
      attempt: (attempt) => this.onattempt?.(attempt),
      listing: (upstream, tools) => this.onlisting?.(upstream, tools),
    });
    for (const { link, private: isPrivate } of options.upstreams) {
      const entry: Entry = { name: link.name, private: isPrivate, link, state: 'down', connection: 0, nextId: 1, pending: new Map(), capabilities: {}, waiting: [] };
      this.#ctx.entries.set(link.name, entry);
      link.onmessage = (message, extra) => this.#fromUpstream(entry, message, extra);
      link.onup = () => up(this.#ctx, entry);
      link.ondown = (reason) => down(this.#ctx, entry, reason);
      link.onerror = (error) => this.onerror?.(new Error(`${entry.name}: ${error.message}`));
    }
  }

  /** Connects every upstream; fails only when none can be reached (the others keep trying). */
  async start(): Promise<void> {
    const started = await Promise.all([...this.#ctx.entries.values()].map((e) => e.link.start()));
    if (!started.some(Boolean)) throw new Error('no upstream could be reached');
  }

  /** The mediator's backpressure reaches every upstream: any of them may be what fills the client's queue. */
  pause(): boolean {
    let all = true;
    for (const e of this.#ctx.entries.values()) all = e.link.pause?.() === true && all;
    return all;
  }

  resume(): void {
    for (const e of this.#ctx.entries.values()) e.link.resume?.();
  }

  async close(): Promise<void> {
    const ctx = this.#ctx;
    if (ctx.closed) return;
    ctx.closed = true;
    for (const call of ctx.calls.values()) clearTimeout(call.timer);
    ctx.calls.clear();
    await Promise.all([...ctx.entries.values()].map((e) => e.link.close().catch(() => undefined)));
    this.onclose?.();
  }

  /** Which upstream a message to or from the client concerns, for the policy input and the journal. */
  targetOf(from: 'client' | 'upstream', message: JsonRpcMessage): MessageTarget {
    const ctx = this.#ctx;
    if (from === 'upstream') {
      const view = ctx.views.get(message);
      const parts = ctx.parts.get(message);
      return { upstream: ctx.origin.get(message) ?? ALL_UPSTREAMS, ...(view ? { view } : {}), ...(parts ? { parts } : {}) };
    }
    if ('method' in message && 'id' in message) {
      const target = targetOf(message, ctx.options.names);
      if (target.kind === 'named') {
        const candidates = servingMembers(ctx, message, target).map((u) => ctx.candidate(u));
        const view = { message: { ...message, params: target.rewrite(message.params ?? {}) }, namespaced: namespacedOf(target.decoded, target.shown) };
        return { upstream: candidates.find((c) => c.available)?.name ?? candidates[0]!.name, candidates, view };
      }
      return { upstream: ALL_UPSTREAMS, candidates: [...ctx.entries.keys()].map((u) => ctx.candidate(u)) };
    }
    if (!('method' in message)) {
      const origin = ctx.serverRequests.get(message.id)?.upstream;
      if (origin !== undefined) return { upstream: origin };
    }
    return { upstream: ALL_UPSTREAMS };
  }

  /** The upstream the client request forwarded as `id` is sent to now, when it is sent to one (not a fan-out). */
  servingNow(id: RequestId): string | undefined {
    const call = this.#ctx.calls.get(id);
    return call?.kind === 'call' ? call.current?.upstream : undefined;
  }

  /** Whether the client request forwarded as `id` is in flight on `upstream`: sent there (this attempt) and not yet answered. */
  inFlightOn(upstream: string, id: RequestId): boolean {
    const call = this.#ctx.calls.get(id);
    return call?.kind === 'fan-out' ? call.pending.has(upstream) : call?.current?.upstream === upstream;
  }

  /**
   * The upstream (and its own name) behind a client-visible tool name, for the tool registry:
   * `meant` when it is one of the name's pool (a decision made for it, an answer from it), so
   * the policy judges the definition that upstream serves; otherwise, of the replicas that listed
   * it, the first available one, where the call goes by default (input.upstream).
   */
  toolOwner(name: string, meant?: string): { upstream: string; name: string } | undefined {
    const decoded = this.#ctx.options.names.decodeName(name);
    if (!decoded) return undefined;
    if (meant !== undefined && decoded.upstreams.includes(meant)) return { upstream: meant, name: decoded.name };
    const listers = this.#ctx.tools.get(name)?.upstreams ?? decoded.upstreams;
    const upstream = listers.find((u) => this.#ctx.entries.get(u)?.state === 'ready') ?? listers[0] ?? decoded.upstreams[0]!;
    return { upstream, name: decoded.name };
  }

  send(message: JsonRpcMessage, options: SendOptions = {}): Promise<void> {
    if (this.#ctx.closed) return Promise.resolve();
    if ('method' in message && 'id' in message) this.#request(message, options);
    else if ('method' in message) this.#notification(message);
    else responseToUpstream(this.#ctx, message);
    return Promise.resolve();
  }

  // --- from the client ---

  #request(request: JsonRpcRequest, options: SendOptions): void {
    const ctx = this.#ctx;
    if (request.method === 'logging/setLevel') ctx.logLevel = request.params ?? {};
    const target = targetOf(request, ctx.options.names);
    const route = options.route && options.route.length > 0 ? [...options.route] : undefined;
    switch (target.kind) {
      case 'local': return ctx.answer({ jsonrpc: '2.0', id: request.id, result: {} }, ALL_UPSTREAMS);
      case 'unknown': return ctx.fail(request.id, target.code, target.reason, ALL_UPSTREAMS);
      case 'named': return startCall(ctx, request, target, route, options);
      default:
        if (request.method === 'initialize') return initialize(ctx, request, route);
        if (isListMethod(request.method)) return list(ctx, request, route);
        return fanOut(ctx, request, ctx.ready(route), () => ctx.answer({ jsonrpc: '2.0', id: request.id, result: {} }, ALL_UPSTREAMS));
    }
  }

  #notification(notification: JsonRpcNotification): void {
    const params = notification.params ?? {};
    switch (notification.method) {
      case 'notifications/initialized': return initialized(this.#ctx, notification);
      case 'notifications/cancelled': return cancel(this.#ctx, params.requestId, params.reason);
      case 'notifications/progress': return progressToUpstream(this.#ctx, notification, params);
      default:
        for (const e of this.#ctx.entries.values()) if (e.state === 'ready') this.#ctx.sendTo(e, notification);
    }
  }

  // --- from upstreams ---

  #fromUpstream(entry: Entry, message: JsonRpcMessage, extra?: { relatedRequestId?: RequestId }): void {
    const ctx = this.#ctx;
    if (ctx.closed) return;
    if (!('method' in message)) return this.#upstreamAnswer(entry, message);
    const related = relatedCall(entry, extra?.relatedRequestId);
    const relatedExtra = related === undefined ? undefined : { relatedRequestId: related };
    if ('id' in message) return ctx.deliver(ctx.serverRequests.track(entry.name, message), entry.name, relatedExtra);
    const params = message.params ?? {};
    if (message.method === 'notifications/cancelled') {
      const ours = ctx.serverRequests.cancelledBy(entry.name, params.requestId);
      if (ours === undefined) return ctx.deliver(message, entry.name, { refused: STRAY_CANCELLATION });
      return ctx.deliver({ ...message, params: { ...params, requestId: ours } }, entry.name, relatedExtra);
    }
    // Its tools changed: the router lists them for itself too, before the client does.
    if (message.method === 'notifications/tools/list_changed') listHints(ctx, entry);
    // MCP lifecycle: only negotiated capabilities are used; a strict client would take it for a protocol error.
    const changed = LIST_CHANGED.exec(message.method)?.[1];
    if (changed !== undefined && !isJsonObject(ctx.announced[changed])) return ctx.deliver(message, entry.name, { refused: UNOFFERED_LIST_CHANGED });
    if (message.method === 'notifications/resources/updated' && typeof params.uri === 'string') {
      const shown = ctx.options.names.toClientUri(entry.name, params.uri);
      const delivered = { ...message, params: { ...params, uri: shown } };
      ctx.views.set(delivered, { message, namespaced: { name: shown, namespace: ctx.options.names.namespaceOf(entry.name) } });
      return ctx.deliver(delivered, entry.name, relatedExtra);
    }
    // Several servers log to one client: the logger says whose message it is. The policy sees the
    // message as the upstream sent it, as for every other message.
    if (message.method === 'notifications/message') {
      const logger = typeof params.logger === 'string' && params.logger !== '' ? `${entry.name}/${params.logger}` : entry.name;
      const delivered = { ...message, params: { ...params, logger } };
      ctx.views.set(delivered, { message });
      return ctx.deliver(delivered, entry.name, relatedExtra);
    }
    ctx.deliver(message, entry.name, relatedExtra);
  }

  #upstreamAnswer(entry: Entry, answer: JsonRpcMessage & { id: RequestId | null }): void {
    const waiter = typeof answer.id === 'number' ? entry.pending.get(answer.id) : undefined;
    // Its own id, which names nothing on the client's side: journaled as refused, never delivered as an answer.
    if (!waiter) return this.#ctx.deliver(answer, entry.name, { refused: STRAY_ANSWER });
    entry.pending.delete(answer.id as number);
    switch (waiter.type) {
      case 'part': return partAnswered(this.#ctx, waiter.group, entry.name, answer);
      case 'handshake': return handshakeAnswered(this.#ctx, entry, answer);
      case 'internal': return;
      case 'hints': return hintsAnswered(this.#ctx, entry, answer, waiter.page);
      default: return callAnswered(this.#ctx, waiter.call, entry, answer);
    }
  }
}

function relatedCall(entry: Entry, linkId: RequestId | undefined): RequestId | undefined {
  const waiter = typeof linkId === 'number' ? entry.pending.get(linkId) : undefined;
  if (waiter?.type === 'call') return waiter.call.id;
  if (waiter?.type === 'part') return waiter.group.id;
  return undefined;
}
