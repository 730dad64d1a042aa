/**
 * Requests that name one pool (a tool, a prompt, a resource): sent to one upstream at a time and,
 * when that upstream is unavailable, lost or silent, tried on the next target or the next endpoint
 * if the request may be repeated. Every attempt is reported for the journal.
 */
import type { JsonRpcError, JsonRpcMessage, JsonRpcRequest } from '../protocol/jsonrpc.js';
import type { SendOptions } from '../mediator/channel.js';
import type { UpstreamView } from '../session/session.js';
import type { Outcome, RoutedCall } from './calls.js';
import { ALL_UPSTREAMS, namespacedOf, UPSTREAM_UNAVAILABLE, type Entry, type RouterContext } from './context.js';
import { namespaceResultUris } from './merge.js';
import type { Target } from './target.js';

export function startCall(ctx: RouterContext, request: JsonRpcRequest, target: Extract<Target, { kind: 'named' }>, route: string[] | undefined, options: SendOptions): void {
  const call: RoutedCall = {
    kind: 'call', id: request.id, request, rewrite: target.rewrite, namespaced: namespacedOf(target.decoded, target.shown), targets: route ?? servingMembers(ctx, request, target), index: 0,
    retryable: options.retry === true || safeToRetry(ctx, request), attempts: 0, endpointTries: 1,
    ...(options.decisionId ? { decisionId: options.decisionId } : {}),
  };
  ctx.calls.set(request.id, call);
  attempt(ctx, call);
}

/**
 * The pool members a request can go to, in pool order: for a tools/call, those that listed the
 * tool when any did. A replica that does not serve it would answer "unknown tool", and the
 * policy would decide its attempt without the tool's definition (input.tool). A subscription's
 * requests go to the member holding it: another would leave it running, its updates still sent.
 */
export function servingMembers(ctx: RouterContext, request: Pick<JsonRpcRequest, 'method'>, target: Extract<Target, { kind: 'named' }>): string[] {
  const members = target.decoded.upstreams;
  const holder = SUBSCRIPTION_METHODS.has(request.method) ? ctx.subscriptions.get(target.shown) : undefined;
  if (holder !== undefined && members.includes(holder)) return [holder];
  const listers = request.method === 'tools/call' ? ctx.tools.get(target.shown)?.upstreams : undefined;
  const serving = listers ? members.filter((u) => listers.includes(u)) : [];
  return serving.length > 0 ? serving : [...members];
}

const SUBSCRIPTION_METHODS = new Set(['resources/subscribe', 'resources/unsubscribe']);

/** readOnlyHint or idempotentHint from the upstream's own listing make a tool call safe to repeat. */
function safeToRetry(ctx: RouterContext, request: JsonRpcRequest): boolean {
  if (request.method !== 'tools/call') return !SUBSCRIPTION_METHODS.has(request.method);
  const name = request.params?.name;
  const annotations = typeof name === 'string' ? ctx.tools.get(name)?.annotations : undefined;
  return annotations?.readOnlyHint === true || annotations?.idempotentHint === true;
}

function attempt(ctx: RouterContext, call: RoutedCall): void {
  while (call.index < call.targets.length) {
    const entry = ctx.entries.get(call.targets[call.index]!);
    if (entry?.state === 'ready') return sendCall(ctx, call, entry);
    // Never sent: trying the next target is safe whatever the request does.
    if (entry) record(ctx, call, entry.name, 'unavailable');
    call.index++;
    call.endpointTries = 1;
  }
  failCall(ctx, call, `no upstream available for ${call.request.method} (tried ${call.targets.join(', ')})`);
}

export function sendCall(ctx: RouterContext, call: RoutedCall, entry: Entry): void {
  const linkId = entry.nextId++;
  entry.pending.set(linkId, { type: 'call', call });
  call.current = { upstream: entry.name, linkId };
  call.attempts++;
  const params = call.rewrite(call.request.params ?? {});
  ctx.sendTo(entry, { ...call.request, id: linkId, params });
  if (call.retryable && ctx.options.attemptTimeoutMs > 0) {
    call.timer = setTimeout(() => timedOut(ctx, call, entry, linkId), ctx.options.attemptTimeoutMs);
    call.timer.unref?.();
  }
}

function timedOut(ctx: RouterContext, call: RoutedCall, entry: Entry, linkId: number): void {
  // Nowhere else to send it: giving up would only turn a slow answer into an error.
  if (!entry.pending.has(linkId) || !somewhereElse(ctx, call, entry)) return;
  entry.pending.delete(linkId);
  ctx.sendTo(entry, { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: linkId, reason: 'mcp-warden: timed out, retrying elsewhere' } });
  const waits = retry(ctx, call, entry, 'timeout');
  // Only this upstream is left: its next endpoint may answer where this one hung.
  if (waits) entry.link.rotate(`a request timed out after ${ctx.options.attemptTimeoutMs} ms`);
}

/** Whether a call timed out on `entry` could be tried elsewhere: a later upstream of its route that is up, or another endpoint. */
function somewhereElse(ctx: RouterContext, call: RoutedCall, entry: Entry): boolean {
  const later = call.targets.slice(call.index + 1).some((u) => ctx.entries.get(u)?.state === 'ready');
  return later || call.endpointTries < entry.link.endpointCount;
}

/** A call lost its upstream (connection or timeout): retried when it may be, else answered with why. Returns whether it now waits for `entry` to reconnect. */
export function retry(ctx: RouterContext, call: RoutedCall, entry: Entry, outcome: Outcome): boolean {
  clearTimeout(call.timer);
  call.current = undefined;
  record(ctx, call, entry.name, outcome);
  if (!call.retryable) {
    failCall(ctx, call, `upstream ${entry.name}: ${outcome === 'timeout' ? 'timed out' : 'connection lost'} before it answered; not retried (not marked retryable)`);
    return false;
  }
  if (call.index + 1 < call.targets.length) {
    call.index++;
    call.endpointTries = 1;
    attempt(ctx, call);
    return false;
  }
  if (call.endpointTries < entry.link.endpointCount) {
    call.endpointTries++;
    entry.waiting.push(call);
    call.timer = setTimeout(() => {
      entry.waiting = entry.waiting.filter((c) => c !== call);
      failCall(ctx, call, `upstream ${entry.name}: no endpoint answered`);
    }, Math.max(ctx.options.attemptTimeoutMs, 1000));
    call.timer.unref?.();
    return true;
  }
  failCall(ctx, call, `upstream ${entry.name}: ${outcome === 'timeout' ? 'timed out' : 'connection lost'}; every target tried`);
  return false;
}

/** `entry` is back: the calls that waited for it are sent to its new endpoint. */
export function resumeWaiting(ctx: RouterContext, entry: Entry): void {
  const waiting = entry.waiting;
  entry.waiting = [];
  for (const call of waiting) {
    clearTimeout(call.timer);
    sendCall(ctx, call, entry);
  }
}

function failCall(ctx: RouterContext, call: RoutedCall, reason: string): void {
  clearTimeout(call.timer);
  ctx.calls.delete(call.id);
  ctx.fail(call.id, UPSTREAM_UNAVAILABLE, reason, call.current?.upstream ?? call.targets[Math.min(call.index, call.targets.length - 1)] ?? ALL_UPSTREAMS);
}

function record(ctx: RouterContext, call: RoutedCall, upstream: string, outcome: Outcome): void {
  const entry = ctx.entries.get(upstream);
  ctx.events.attempt({
    requestId: call.id, decisionId: call.decisionId ?? null, method: call.request.method, upstream,
    endpoint: entry && outcome !== 'unavailable' ? entry.link.endpoint : null, attempt: call.attempts, outcome, retryable: call.retryable,
  });
}

export function callAnswered(ctx: RouterContext, call: RoutedCall, entry: Entry, answer: JsonRpcMessage): void {
  clearTimeout(call.timer);
  ctx.calls.delete(call.id);
  record(ctx, call, entry.name, 'result' in answer ? 'answered' : 'error');
  if (!('result' in answer)) {
    const error: JsonRpcMessage = { ...(answer as JsonRpcError), id: call.id };
    ctx.views.set(error, answeredView(call, error));
    return ctx.deliver(error, entry.name);
  }
  const uri = call.request.params?.uri;
  if (typeof uri === 'string' && call.request.method === 'resources/subscribe') ctx.subscriptions.set(uri, entry.name);
  if (typeof uri === 'string' && call.request.method === 'resources/unsubscribe') ctx.subscriptions.delete(uri);
  const result = namespaceResultUris(call.request.method, answer.result, entry.name, ctx.options.names);
  const delivered: JsonRpcMessage = { jsonrpc: '2.0', id: call.id, result };
  ctx.views.set(delivered, answeredView(call, { ...answer, id: call.id }));
  ctx.deliver(delivered, entry.name);
}

/** A routed call's answer as the upstream gave it, with the request as that upstream got it. */
function answeredView(call: RoutedCall, answer: JsonRpcMessage): UpstreamView {
  const params = call.rewrite(call.request.params ?? {});
  return { message: answer, answers: { id: call.id, method: call.request.method, params }, namespaced: call.namespaced };
}

/** The client cancelled a request: every upstream it is pending on is told, and a waiting call stops waiting. */
export function cancel(ctx: RouterContext, requestId: unknown, reason: unknown): void {
  if (typeof requestId !== 'string' && typeof requestId !== 'number') return;
  const call = ctx.calls.get(requestId);
  if (!call) return;
  ctx.calls.delete(requestId);
  clearTimeout(call.timer);
  const cancelOn = (e: Entry, linkId: number): void => {
    e.pending.delete(linkId);
    ctx.sendTo(e, { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: linkId, ...(typeof reason === 'string' ? { reason } : {}) } });
  };
  if (call.kind === 'fan-out') {
    for (const [upstream, linkId] of call.pending) cancelOn(ctx.entries.get(upstream)!, linkId);
    return;
  }
  if (call.current) {
    cancelOn(ctx.entries.get(call.current.upstream)!, call.current.linkId);
    record(ctx, call, call.current.upstream, 'cancelled');
  }
  for (const e of ctx.entries.values()) e.waiting = e.waiting.filter((c) => c !== call);
}
