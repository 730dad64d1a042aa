/**
 * The client's lists (tools, prompts, resources, templates): each page is fanned out to the
 * upstreams that have the list (or, past the first page, to those the cursor still pages through),
 * and their pages are merged under client-visible names with one cursor for all.
 */
import { keepMarkedText, markedPayload } from '../protocol/exact-integers.js';
import { isJsonObject, type JsonObject, type JsonRpcMessage, type JsonRpcRequest } from '../protocol/jsonrpc.js';
import { holdsExactIntegers } from '../protocol/message-text.js';
import { ALL_UPSTREAMS, INVALID_PARAMS, type Entry, type RouterContext } from './context.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { fanOut } from './fan-out.js';
import { LIST_CAPABILITY, LISTS, mergeLists } from './merge.js';

export function list(ctx: RouterContext, request: JsonRpcRequest, route: string[] | undefined): void {
  const method = request.method as keyof typeof LISTS;
  const cursor = request.params?.cursor;
  let cursors: Record<string, string> | undefined;
  if (cursor !== undefined) {
    cursors = typeof cursor === 'string' ? decodeCursor(cursor, (u) => ctx.entries.has(u)) : undefined;
    if (!cursors) return ctx.fail(request.id, INVALID_PARAMS, 'invalid cursor', ALL_UPSTREAMS);
  }
  const capability = LIST_CAPABILITY[method];
  const targets = ctx.ready(route).filter((e) => (cursors ? Object.hasOwn(cursors, e.name) : isJsonObject(e.capabilities[capability])));
  const paramsFor = (e: Entry): JsonObject => {
    const { cursor: _ignored, ...rest } = request.params ?? {};
    return cursors ? { ...rest, cursor: cursors[e.name]! } : rest;
  };
  const merge = (parts: readonly ListPart[], remember = false): JsonObject => {
    const merged = mergeLists(method, parts, ctx.options.names);
    if (remember && method === 'tools/list') rememberTools(ctx, merged.items, merged.listedBy);
    const result = listResult(method, merged.items, merged.next);
    // A page holding integers only its text has (protocol/exact-integers.ts): merged again from
    // the pages read with markers, so the merged text keeps every digit.
    if (parts.some((p) => holdsExactIntegers(p.result))) {
      const marked = mergeLists(method, parts.map((p) => ({ upstream: p.upstream, result: markedPayload(p.result) })), ctx.options.names);
      keepMarkedText(result, listResult(method, marked.items, marked.next));
    }
    return result;
  };
  fanOut(ctx, request, targets, (answers) => {
    const parts = targets.flatMap((e) => {
      const a = answers.get(e.name);
      return a && 'result' in a ? [{ upstream: e.name, result: a.result }] : [];
    });
    const message: JsonRpcMessage = { jsonrpc: '2.0', id: request.id, result: merge(parts, true) };
    // The policy decides each upstream's own page (its own names), as if that upstream were alone.
    ctx.parts.set(message, {
      parts: parts.map((p) => {
        const own = { jsonrpc: '2.0' as const, id: request.id, result: p.result };
        ctx.origin.set(own, p.upstream);
        return { upstream: p.upstream, message: own, answers: { id: request.id, method, params: paramsFor(ctx.entries.get(p.upstream)!) } };
      }),
      merge: (decided) => merge(decided),
      shown: (upstream, name) => ctx.options.names.toClientName(upstream, name),
    });
    ctx.answer(message, ALL_UPSTREAMS);
  }, paramsFor);
}

type ListPart = { upstream: string; result: JsonObject };

function listResult(method: keyof typeof LISTS, items: JsonObject[], next: Record<string, string>): JsonObject {
  const result: JsonObject = { [LISTS[method].field]: items };
  if (Object.keys(next).length > 0) result.nextCursor = encodeCursor(next);
  return result;
}

function rememberTools(ctx: RouterContext, tools: JsonObject[], listedBy: Map<string, string[]>): void {
  for (const tool of tools) {
    const name = tool.name as string;
    ctx.tools.set(name, { upstreams: listedBy.get(name) ?? [], annotations: isJsonObject(tool.annotations) ? tool.annotations : {} });
  }
}
