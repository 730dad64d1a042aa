/**
 * Upstreams coming and going under one client session. The client's handshake is fanned out to
 * the upstreams that are up, and repeated on each that comes up later; an upstream that goes down
 * leaves the session up: its calls fail over, its items disappear (list_changed is sent), and once
 * it is back its subscriptions are renewed and the calls waiting for it are sent.
 */
import { isJsonObject, type JsonRpcMessage, type JsonRpcNotification, type JsonRpcRequest } from '../protocol/jsonrpc.js';
import { ALL_UPSTREAMS, UPSTREAM_UNAVAILABLE, type Entry, type RouterContext } from './context.js';
import { fanOut, partAnswered } from './fan-out.js';
import { mergeInitialize } from './merge.js';
import { resumeWaiting, retry } from './routed-calls.js';

/** The client's initialize, to every connected upstream; answered with their merged capabilities. */
export function initialize(ctx: RouterContext, request: JsonRpcRequest, route: string[] | undefined): void {
  ctx.initializeParams = request.params ?? {};
  ctx.phase = 'initializing';
  const targets = [...ctx.entries.values()].filter((e) => e.state === 'connected' && (!route || route.includes(e.name)));
  for (const e of targets) e.state = 'initializing';
  const sentOn = new Map(targets.map((e) => [e, e.connection]));
  fanOut(ctx, request, targets, (answers) => {
    const parts = [];
    for (const e of targets) {
      // Reconnected meanwhile: its own handshake (sent by up()) decides, not this answer.
      if (e.connection !== sentOn.get(e)) continue;
      const answer = answers.get(e.name);
      if (answer && 'result' in answer && e.state === 'initializing') {
        e.state = 'initialized';
        e.capabilities = isJsonObject(answer.result.capabilities) ? answer.result.capabilities : {};
        parts.push({ upstream: e.name, result: answer.result });
      } else if (e.state === 'initializing') {
        e.state = 'connected';
        e.link.rotate('initialize failed');
      }
    }
    if (parts.length === 0) {
      ctx.phase = 'new';
      return ctx.fail(request.id, UPSTREAM_UNAVAILABLE, 'no upstream completed initialize', ALL_UPSTREAMS);
    }
    ctx.phase = 'initialized';
    const answered = new Set(parts.map((p) => p.upstream));
    const incomplete = [...ctx.entries.values()].some((e) => (!route || route.includes(e.name)) && !answered.has(e.name));
    const result = mergeInitialize(parts, ctx.options.serverInfo, incomplete);
    ctx.announced = isJsonObject(result.capabilities) ? result.capabilities : {};
    ctx.answer({ jsonrpc: '2.0', id: request.id, result }, ALL_UPSTREAMS);
  });
}

/** The client's notifications/initialized completes the handshake on every upstream that answered initialize. */
export function initialized(ctx: RouterContext, notification: JsonRpcNotification): void {
  ctx.phase = 'ready';
  for (const e of ctx.entries.values()) {
    if (e.state !== 'initialized') continue;
    e.state = 'ready';
    ctx.sendTo(e, notification);
  }
}

export function up(ctx: RouterContext, entry: Entry): void {
  entry.state = 'connected';
  entry.connection++;
  // Before the client's initialize, the client's own handshake will include it.
  if (ctx.phase === 'new' || ctx.initializeParams === undefined) return;
  entry.state = 'initializing';
  const linkId = entry.nextId++;
  entry.pending.set(linkId, { type: 'handshake' });
  ctx.sendTo(entry, { jsonrpc: '2.0', id: linkId, method: 'initialize', params: ctx.initializeParams });
}

export function handshakeAnswered(ctx: RouterContext, entry: Entry, answer: JsonRpcMessage): void {
  if (!('result' in answer)) {
    entry.state = 'connected';
    entry.link.rotate('initialize failed');
    return;
  }
  entry.capabilities = isJsonObject(answer.result.capabilities) ? answer.result.capabilities : {};
  ctx.sendTo(entry, { jsonrpc: '2.0', method: 'notifications/initialized' });
  entry.state = 'ready';
  renewSubscriptions(ctx, entry);
  resumeWaiting(ctx, entry);
  listHints(ctx, entry);
  listsChanged(ctx, entry);
}

/** Pages of a reconnected upstream's tools read for their hints, at most: a server paging without end stops there. */
const HINT_PAGES = 100;

/**
 * An upstream's tools, listed by the router itself once it reconnects or says its tools changed:
 * the client was told the lists changed but may not list again for a while. Until then the tools
 * only this upstream serves would have no hints, so their calls would not be retried, and a call
 * would be decided on the definition approved before, not the one served now (a server changing
 * a tool and restarting, with a client that ignores list_changed). Nothing here reaches the
 * client, which lists (and the policy decides on the listing) as before.
 */
export function listHints(ctx: RouterContext, entry: Entry, cursor?: string, page = 1): void {
  if (!isJsonObject(entry.capabilities.tools)) return;
  const linkId = entry.nextId++;
  entry.pending.set(linkId, { type: 'hints', page });
  ctx.sendTo(entry, { jsonrpc: '2.0', id: linkId, method: 'tools/list', params: cursor === undefined ? {} : { cursor } });
}

/**
 * A tool already known keeps the hints the client's own listing brought; this upstream joins its
 * replicas, in config order. The page goes to the router's owner, which records the definitions.
 */
export function hintsAnswered(ctx: RouterContext, entry: Entry, answer: JsonRpcMessage, page: number): void {
  if (!('result' in answer) || !Array.isArray(answer.result.tools)) return;
  ctx.events.listing(entry.name, answer.result.tools);
  const order = [...ctx.entries.keys()];
  for (const tool of answer.result.tools) {
    if (!isJsonObject(tool) || typeof tool.name !== 'string') continue;
    const shown = ctx.options.names.toClientName(entry.name, tool.name);
    const known = ctx.tools.get(shown);
    if (known?.upstreams.includes(entry.name)) continue;
    const upstreams = order.filter((u) => u === entry.name || known?.upstreams.includes(u));
    ctx.tools.set(shown, { upstreams, annotations: known?.annotations ?? (isJsonObject(tool.annotations) ? tool.annotations : {}) });
  }
  const next = answer.result.nextCursor;
  if (typeof next === 'string' && page < HINT_PAGES) listHints(ctx, entry, next, page + 1);
}

/** What the client set up on an upstream that went away: its subscriptions and its log level. */
function renewSubscriptions(ctx: RouterContext, entry: Entry): void {
  if (ctx.logLevel && isJsonObject(entry.capabilities.logging)) {
    const linkId = entry.nextId++;
    entry.pending.set(linkId, { type: 'internal' });
    ctx.sendTo(entry, { jsonrpc: '2.0', id: linkId, method: 'logging/setLevel', params: ctx.logLevel });
  }
  for (const [uri, upstream] of ctx.subscriptions) {
    if (upstream !== entry.name) continue;
    const own = ctx.options.names.decodeUri(uri);
    const linkId = entry.nextId++;
    entry.pending.set(linkId, { type: 'internal' });
    if (own) ctx.sendTo(entry, { jsonrpc: '2.0', id: linkId, method: 'resources/subscribe', params: { uri: own.name } });
  }
}

export function down(ctx: RouterContext, entry: Entry, reason: string): void {
  const was = entry.state;
  entry.state = 'down';
  const pending = [...entry.pending.values()];
  entry.pending.clear();
  const asked = ctx.serverRequests.forget(entry.name);
  for (const waiter of pending) {
    if (waiter.type === 'call') retry(ctx, waiter.call, entry, 'connection-lost');
    else if (waiter.type === 'part') partAnswered(ctx, waiter.group, entry.name, { jsonrpc: '2.0', id: 0, error: { code: UPSTREAM_UNAVAILABLE, message: reason } });
  }
  forgetListings(ctx, entry.name);
  if (ctx.closed) return;
  cancelAsked(ctx, entry, asked, reason);
  if (was === 'ready') listsChanged(ctx, entry);
}

/**
 * What a lost upstream asked the client (sampling, elicitation, roots) can no longer be answered:
 * the client is told, as the upstream itself would cancel them, so it stops a dialog or a model
 * call nobody waits for, instead of finding out at the request timeout.
 */
function cancelAsked(ctx: RouterContext, entry: Entry, asked: readonly number[], reason: string): void {
  for (const requestId of asked) {
    const cancelled: JsonRpcNotification = {
      jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId, reason: `mcp-warden: upstream ${entry.name} went away (${reason})` },
    };
    ctx.deliver(cancelled, entry.name);
  }
}

/**
 * A tool only `upstream` listed is forgotten; one its replicas listed too keeps their listing, and
 * with it the hints (readOnlyHint, idempotentHint) that make its calls safe to retry on them
 * until the client lists tools again. Once `upstream` is back, listHints brings its own back.
 */
function forgetListings(ctx: RouterContext, upstream: string): void {
  for (const [name, tool] of ctx.tools) {
    if (!tool.upstreams.includes(upstream)) continue;
    const others = tool.upstreams.filter((u) => u !== upstream);
    if (others.length === 0) ctx.tools.delete(name);
    else ctx.tools.set(name, { ...tool, upstreams: others });
  }
}

/** The client's lists changed: an upstream's items appeared or disappeared. */
function listsChanged(ctx: RouterContext, entry: Entry): void {
  if (ctx.phase !== 'ready' && ctx.phase !== 'initialized') return;
  for (const kind of ['tools', 'prompts', 'resources'] as const) {
    if (!isJsonObject(entry.capabilities[kind]) || !isJsonObject(ctx.announced[kind])) continue;
    ctx.deliver({ jsonrpc: '2.0', method: `notifications/${kind}/list_changed` }, entry.name);
  }
}
