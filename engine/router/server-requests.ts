/**
 * Requests upstreams send toward the client (sampling, elicitation, roots), under ids the router
 * gives them: two upstreams may use the same id, and the client's answer, its progress and the
 * upstream's cancellation must each reach the one request they concern.
 */
import { exactMember, keepDerivedText, keepMarkedText, markedPayload } from '../protocol/exact-integers.js';
import type { JsonObject, JsonRpcMessage, JsonRpcNotification, JsonRpcRequest, RequestId } from '../protocol/jsonrpc.js';
import { isNumberMarker, markedLiteral } from '../protocol/number-markers.js';
import type { RouterContext } from './context.js';

type ProgressToken = string | number;

interface Asked {
  upstream: string;
  /** The upstream's own id. */
  id: RequestId;
  /** The upstream's own progress token as written (past 2^53, a marker: exactMember); the client sees the router's id in its place. */
  progressToken?: ProgressToken;
}

export class ServerRequests {
  /** By the id the router gave them toward the client. */
  readonly #asked = new Map<number, Asked>();
  #nextId = 1;

  /** The request as the client gets it: under the router's id, and that id as its progress token. */
  track(upstream: string, request: JsonRpcRequest): JsonRpcRequest {
    const id = this.#nextId++;
    const progressToken = progressTokenOf(request.params);
    this.#asked.set(id, { upstream, id: request.id, ...(progressToken === undefined ? {} : { progressToken }) });
    const params = request.params!;
    const delivered = progressToken === undefined ? request : { ...request, params: keepDerivedText(params, withProgressToken(params, id), (marked) => withProgressToken(marked, id)) };
    return { ...delivered, id };
  }

  get(id: unknown): Asked | undefined {
    return typeof id === 'number' ? this.#asked.get(id) : undefined;
  }

  take(id: unknown): Asked | undefined {
    const asked = this.get(id);
    if (asked) this.#asked.delete(id as number);
    return asked;
  }

  /**
   * The router's id of an upstream's request, from the upstream's own id, which the upstream has
   * just cancelled: the request is forgotten, so an answer the client still sends reaches nobody.
   */
  cancelledBy(upstream: string, own: unknown): number | undefined {
    const id = [...this.#asked].find(([, r]) => r.upstream === upstream && r.id === own)?.[0];
    if (id !== undefined) this.#asked.delete(id);
    return id;
  }

  /** An upstream went down: its requests will never be answered there. Returns the router's ids of them. */
  forget(upstream: string): number[] {
    const gone = [...this.#asked].filter(([, asked]) => asked.upstream === upstream).map(([id]) => id);
    for (const id of gone) this.#asked.delete(id);
    return gone;
  }
}

/**
 * Progress the client reports on a server-initiated request goes only to the upstream that asked,
 * under that upstream's own token (the client saw the warden id in its place, so two upstreams
 * using the same token cannot be confused). Progress for no live server request is dropped.
 */
export function progressToUpstream(ctx: RouterContext, notification: JsonRpcNotification, params: JsonObject): void {
  const asked = ctx.serverRequests.get(params.progressToken);
  if (asked?.progressToken === undefined) return;
  const entry = ctx.entries.get(asked.upstream)!;
  if (entry.state !== 'down') ctx.sendTo(entry, { ...notification, params: withOwnToken(params, asked.progressToken) });
}

/** The client's answer to a server-initiated request goes back to the upstream that asked, under its own id. */
export function responseToUpstream(ctx: RouterContext, response: JsonRpcMessage & { id: RequestId | null }): void {
  const asked = ctx.serverRequests.take(response.id);
  if (!asked) return;
  const entry = ctx.entries.get(asked.upstream)!;
  if (entry.state !== 'down') ctx.sendTo(entry, { ...response, id: asked.id } as JsonRpcMessage);
}

function progressTokenOf(params: JsonObject | undefined): ProgressToken | undefined {
  const token = params === undefined ? undefined : exactMember(params, ['_meta', 'progressToken']);
  return typeof token === 'string' || typeof token === 'number' ? token : undefined;
}

/** Progress `params` under the upstream's own `token`; one past 2^53 is written with all its digits. */
function withOwnToken(params: JsonObject, token: ProgressToken): JsonObject {
  if (!isNumberMarker(token)) return { ...params, progressToken: token };
  const own = { ...params, progressToken: Number(markedLiteral(token)) };
  keepMarkedText(own, { ...markedPayload(params), progressToken: token });
  return own;
}

function withProgressToken(params: JsonObject, token: ProgressToken): JsonObject {
  return { ...params, _meta: { ...(params._meta as JsonObject), progressToken: token } };
}
