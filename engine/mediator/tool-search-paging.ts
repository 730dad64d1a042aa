/**
 * With tool search on, the client sees one listing (the meta-tool and favourites) and searches
 * the whole catalogue, so a paged upstream listing cannot be left to the client to follow: a
 * client that reads one page would search part of it. When the client's first tools/list comes
 * back with a nextCursor, the warden asks the upstream for the following pages itself, each a
 * tools/list request decided by the policy and journaled (`origin: "mcp-warden"`), sent upstream
 * under an id the upstream table hands out, and each page's answer decided like any listing. The
 * client gets one answer, without nextCursor, once the last page is in. A page that is denied,
 * fails or times out, or more than MAX_PAGES pages, end the walk: the client gets what is known
 * and the journal says the listing is incomplete and why (`search_listing`).
 */
import type { JsonObject, JsonRpcMessage, JsonRpcRequest, JsonValue, RequestId } from '../protocol/jsonrpc.js';
import type { PendingRequest } from '../session/pending.js';
import type { Mapping } from '../session/id-map.js';
import type { Outgoing } from './channel.js';
import { planMessage, type Plan, type PlanContext } from './plan.js';

/** Upstream pages one client listing may walk; beyond it the client gets what is known. */
export const MAX_PAGES = 100;

/** The client's listing being completed: what it will be shown so far. */
interface Walk {
  clientId: RequestId;
  /** Pages answered so far. */
  pages: number;
  /** The first page's result as tool search presented it (the meta-tool, favourites). */
  first: JsonObject;
  /** Tools to show, from every page so far (meta-tool first). */
  shown: JsonValue[];
}

export class ListingPager {
  /** Walks by the forwarded id of the page request they wait for. */
  readonly #walks = new Map<number, Walk>();

  /** The walk waiting for the request forwarded as `forwardedId`, removed (its page has an answer, or never will). */
  take(forwardedId: RequestId | null): Walk | undefined {
    if (typeof forwardedId !== 'number') return undefined;
    const walk = this.#walks.get(forwardedId);
    this.#walks.delete(forwardedId);
    return walk;
  }

  /**
   * Looks at the plan made for an upstream answer to `mapping`: a listing page with a further
   * cursor is held back and the next page asked for; the last page (or a failure during a walk)
   * becomes the client's one answer. Anything else is returned as it is.
   */
  follow(ctx: PlanContext, mapping: Mapping<PendingRequest>, planned: Plan, walk: Walk | undefined): Plan {
    if (mapping.info.method !== 'tools/list') return planned;
    const answer = planned.send.find(answerTo(mapping.originalId));
    const page = answer && 'result' in answer.message ? answer.message.result as JsonObject : undefined;
    if (!page) return walk ? this.rescue(planned, walk, failureOf(answer?.message)) : planned;
    const cursor = typeof page.nextCursor === 'string' ? page.nextCursor : undefined;
    const asked = mapping.info.params?.cursor !== undefined;
    if (!walk && (cursor === undefined || asked)) return planned;
    const current: Walk = walk
      ? { ...walk, pages: walk.pages + 1, shown: [...walk.shown, ...toolsOf(page)] }
      : { clientId: mapping.originalId, pages: 1, first: page, shown: toolsOf(page) };
    if (cursor === undefined) return finish(planned, current, null);
    if (current.pages >= MAX_PAGES) return finish(planned, current, `stopped after ${MAX_PAGES} pages`);
    planned.entry.search_listing = { page: current.pages };
    // Nothing goes to the client yet; the next page's request is planned (and journaled) right after this answer.
    const held: Plan = { ...planned, send: planned.send.filter((o) => o !== answer), onJournalFailure: [] };
    held.next = this.#nextPage(ctx, current, cursor);
    return held;
  }

  /** A plan that answers a walk's client with an error instead of a page: it gets what is known. */
  rescue(planned: Plan, walk: Walk, reason: string): Plan {
    return finish(planned, walk, reason, (o) => o.to === 'client' && 'error' in o.message && o.message.id === walk.clientId);
  }

  /**
   * The warden's request for the page after `cursor`, planned as a client's request is (decided,
   * redacted, routed, forwarded under a fresh upstream id); the journal says the warden sent it.
   */
  #nextPage(ctx: PlanContext, walk: Walk, cursor: string): Plan {
    const request: JsonRpcRequest = { jsonrpc: '2.0', id: walk.clientId, method: 'tools/list', params: { cursor } };
    const planned = planMessage(ctx, 'client', request);
    planned.entry.origin = 'mcp-warden';
    if (!planned.forwarded) {
      const reasons = Array.isArray(planned.entry.reasons) ? planned.entry.reasons.join('; ') : '';
      return this.rescue(planned, walk, `page ${walk.pages + 1} denied: ${reasons}`);
    }
    this.#walks.set(planned.forwarded.id, walk);
    return planned;
  }
}

/** Picks the plan's answer to the client's request `clientId`. */
function answerTo(clientId: RequestId): (o: Outgoing) => boolean {
  return (o) => o.to === 'client' && !('method' in o.message) && o.message.id === clientId;
}

function toolsOf(page: JsonObject): JsonValue[] {
  return Array.isArray(page.tools) ? page.tools : [];
}

function failureOf(message: JsonRpcMessage | undefined): string {
  if (message && 'error' in message && message.error) return `a page failed: ${message.error.message}`;
  return 'a page got no answer';
}

/**
 * Replaces the plan's answer to the client (or the one `replaced` picks) by the listing the walk
 * collected, without nextCursor; the entry says how many pages it holds and why it is incomplete.
 */
function finish(planned: Plan, walk: Walk, incomplete: string | null, replaced?: (o: Outgoing) => boolean): Plan {
  const { nextCursor: _more, ...first } = walk.first;
  const listing: JsonRpcMessage = { jsonrpc: '2.0', id: walk.clientId, result: { ...first, tools: walk.shown } };
  const pick = replaced ?? answerTo(walk.clientId);
  const answer: Outgoing = { to: 'client', message: listing };
  const send = planned.send.some(pick) ? planned.send.map((o) => (pick(o) ? answer : o)) : [...planned.send, answer];
  planned.entry.search_listing = { pages: walk.pages, complete: incomplete === null, ...(incomplete === null ? {} : { reason: incomplete }) };
  return { ...planned, send };
}
