/**
 * Requests that concern every upstream (initialize, the lists, logging): sent to each at once and
 * finished when all have answered or the wait is over, leaving out the upstreams that stayed silent.
 */
import type { JsonObject, JsonRpcMessage, JsonRpcRequest } from '../protocol/jsonrpc.js';
import type { FanOut } from './calls.js';
import type { Entry, RouterContext } from './context.js';

export function fanOut(ctx: RouterContext, request: JsonRpcRequest, targets: Entry[], finish: FanOut['finish'], paramsFor?: (e: Entry) => JsonObject): void {
  const group: FanOut = { kind: 'fan-out', id: request.id, method: request.method, pending: new Map(), answers: new Map(), finish };
  if (targets.length === 0) return finish(group.answers);
  ctx.calls.set(request.id, group);
  for (const e of targets) {
    const linkId = e.nextId++;
    e.pending.set(linkId, { type: 'part', group });
    group.pending.set(e.name, linkId);
    const params = paramsFor ? paramsFor(e) : request.params;
    ctx.sendTo(e, { ...request, id: linkId, ...(params ? { params } : {}) });
  }
  group.timer = setTimeout(() => finishFanOut(ctx, group, true), ctx.options.fanOutTimeoutMs);
  group.timer.unref?.();
}

export function partAnswered(ctx: RouterContext, group: FanOut, upstream: string, answer: JsonRpcMessage): void {
  group.pending.delete(upstream);
  group.answers.set(upstream, answer);
  if (group.pending.size === 0) finishFanOut(ctx, group, false);
}

function finishFanOut(ctx: RouterContext, group: FanOut, timedOut: boolean): void {
  if (ctx.calls.get(group.id) !== group) return;
  ctx.calls.delete(group.id);
  clearTimeout(group.timer);
  if (timedOut) {
    for (const [upstream, linkId] of group.pending) {
      const e = ctx.entries.get(upstream)!;
      e.pending.delete(linkId);
      ctx.events.error(new Error(`${upstream}: no answer to ${group.method} within ${ctx.options.fanOutTimeoutMs} ms; left out`));
    }
  }
  group.finish(group.answers);
}
