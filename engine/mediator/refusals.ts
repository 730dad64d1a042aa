/**
 * Answers the warden gives on its own, without asking the policy: a message too large to carry,
 * a request its peer left unanswered past the timeout, a request arriving while the session shuts
 * down. Each is journaled like a decision and answers the waiting requester, so nobody is left to
 * its own timeout and no refusal goes unrecorded.
 */
import type { JsonObject, JsonRpcError, JsonRpcNotification, MessageKind, RequestId } from '../protocol/jsonrpc.js';
import { failClosed } from '../decision/verdict.js';
import { decisionEntry, type Action } from './audit.js';
import { CANCELLED } from './cancellation.js';
import type { Outgoing, Side } from './channel.js';
import type { PendingRequest } from '../session/pending.js';
import type { Mapping } from '../session/id-map.js';
import { DIRECTION, OTHER, pendingFor } from './plan-parts.js';
import type { Plan, PlanContext } from './plan.js';

/** The MCP SDK's RequestTimeout code: clients already treat it as "gave up waiting". */
export const REQUEST_TIMED_OUT = -32001;
const INVALID_REQUEST = -32600;
const PARSE_ERROR = -32700;
const INTERNAL_ERROR = -32603;
/** JSON-RPC's range for implementation-defined server errors: the request was valid, warden will not carry it. */
const TURNED_AWAY = -32000;

/**
 * A message a transport could not deliver but could name (TransportError detail): a refused
 * incoming frame, or a request the upstream refused at the HTTP level.
 */
export interface Undelivered {
  /** null when the message had no id that can be echoed exactly. */
  id: RequestId | null;
  /** True when the undelivered message was itself a request (or notification) from `from`. */
  hasMethod: boolean;
  reason: string;
  /** A frame refused on arrival: journaled even when nobody can be answered. */
  frame?: boolean;
  /** Answer -32600 with id null (a batch, or a request whose id cannot be echoed), whoever sent it. */
  answerNull?: boolean;
  /** The transport already answered the sender (an HTTP error reply): journal, do not answer again. */
  answered?: boolean;
  /** The upstream asked to be tried again after this long: the requester's error carries it (`data.retry_after_ms`). */
  retryAfterMs?: number;
  /** The frame was not UTF-8 JSON at all. */
  parseError?: boolean;
  /**
   * Unparseable, or request-shaped with no id: JSON-RPC answers it with id null (-32700 or
   * -32600). Only a client is answered so: a server writing stray lines to its stdout is common,
   * and answering each would only add noise to its input.
   */
  unaddressed?: boolean;
}

/**
 * An undelivered request is answered -32600 to its sender; a client's frame that is not JSON at all
 * gets -32700, with id null as JSON-RPC asks. An undelivered response (or a request
 * the upstream could not take) settles the pending request, whose requester gets -32603 instead
 * of waiting for its timeout. A refused frame nobody can be answered for is still journaled, so
 * every message that reached warden leaves exactly one entry.
 */
export function planUndelivered(ctx: PlanContext, from: Side, frame: Undelivered): Plan | undefined {
  const { reason, id } = frame;
  if ((frame.hasMethod && id !== null) || frame.answerNull || (from === 'client' && frame.unaddressed)) {
    const entry = wardenEntry(ctx, { from, kind: frame.hasMethod ? 'request' : null, method: null, requestId: id, reason, action: 'deny' });
    const answer = frame.parseError
      ? errorTo(from, null, PARSE_ERROR, `Parse error in mcp-warden: ${reason}`, entry)
      : errorTo(from, id, INVALID_REQUEST, `Request refused by mcp-warden: ${reason}`, entry);
    return refusal(entry, frame.answered ? [] : [answer]);
  }
  const mapping = id === null || frame.hasMethod ? undefined : pendingFor(ctx.session, OTHER[from]).settle(id);
  if (!mapping) {
    if (!frame.frame) return undefined;
    const kind = frame.hasMethod ? 'notification' : id === null ? null : 'response';
    return refusal(wardenEntry(ctx, { from, kind, method: null, requestId: id, reason, action: 'drop' }), []);
  }
  const entry = wardenEntry(ctx, { from, kind: 'response', method: mapping.info.method, requestId: mapping.originalId, reason, action: 'deny' });
  const message = `No response through mcp-warden: ${reason}`;
  const retry: JsonObject = frame.retryAfterMs === undefined ? {} : { retry_after_ms: frame.retryAfterMs };
  return refusal(entry, [errorTo(OTHER[from], mapping.originalId, INTERNAL_ERROR, message, entry, retry)]);
}

/**
 * `requester` sent the request; its peer did not answer in time. The requester gets the SDK's
 * timeout error and the peer a cancellation, so it can stop working on it.
 */
export function planExpired(ctx: PlanContext, requester: Side, mapping: Mapping<PendingRequest>, timeoutMs: number): Plan {
  const reason = `no response within ${timeoutMs} ms`;
  const entry = standInEntry(ctx, requester, mapping, reason);
  return refusal(entry, [
    errorTo(requester, mapping.originalId, REQUEST_TIMED_OUT, `Request timed out in mcp-warden: ${reason}`, entry),
    { to: OTHER[requester], message: cancelled(mapping.forwardedId, 'mcp-warden: request timed out') },
  ]);
}

/**
 * A request still unanswered when its session stops: the requester gets an error, not silence,
 * unless it is the side that closed (`answer` false); the side asked gets a cancellation while it
 * is still there (`cancel`), so a sampling dialog or a running tool can stop; the stand-in entry
 * is journaled either way.
 */
export function planAbandoned(ctx: PlanContext, requester: Side, mapping: Mapping<PendingRequest>, reason: string, answer = true, cancel = false): Plan {
  const entry = standInEntry(ctx, requester, mapping, reason);
  const sends: Outgoing[] = answer ? [errorTo(requester, mapping.originalId, INTERNAL_ERROR, `No response through mcp-warden: ${reason}`, entry)] : [];
  if (cancel) sends.push({ to: OTHER[requester], message: cancelled(mapping.forwardedId, `mcp-warden: ${reason}`) });
  return refusal(entry, sends);
}

function cancelled(requestId: RequestId, reason: string): JsonRpcNotification {
  return { jsonrpc: '2.0', method: CANCELLED, params: { requestId, reason } };
}

/**
 * A valid request warden turns away before deciding it: the session drains for shutdown or began
 * to stop, the side it would go to cannot answer, or its sender has too many in flight.
 */
export function planTurnedAway(ctx: PlanContext, from: Side, id: RequestId, method: string, reason: string): Plan {
  const entry = wardenEntry(ctx, { from, kind: 'request', method, requestId: id, reason, action: 'deny' });
  return refusal(entry, [errorTo(from, id, TURNED_AWAY, `Request refused: ${reason}`, entry)]);
}

/**
 * The entry of an error warden answers in place of the peer's response: journaled like the
 * response it stands in for (from the peer, under the requester's id), so every forwarded
 * request has exactly one response-side entry, whether the peer answered or not.
 */
function standInEntry(ctx: PlanContext, requester: Side, mapping: Mapping<PendingRequest>, reason: string): Plan['entry'] {
  return wardenEntry(ctx, {
    from: OTHER[requester], kind: 'error', method: mapping.info.method, requestId: mapping.originalId, reason, action: 'deny',
    upstream: ctx.session.upstreamOfPending(requester, mapping),
  });
}

interface WardenDecision {
  from: Side;
  kind: MessageKind | null;
  method: string | null;
  requestId: RequestId | null;
  reason: string;
  action: Action;
  /** The upstream it concerns, when warden knows better than the session's (several upstreams). */
  upstream?: string;
}

function wardenEntry(ctx: PlanContext, d: WardenDecision): Plan['entry'] {
  const { session } = ctx;
  return decisionEntry(ctx.journal, {
    decisionId: ctx.newDecisionId(),
    sessionId: session.id,
    principalId: session.principal.id,
    upstream: d.upstream ?? session.upstream,
    direction: DIRECTION[d.from],
    kind: d.kind,
    method: d.method,
    requestId: d.requestId,
    tool: null,
    decided: { verdict: failClosed(d.reason), policyDigest: null },
    action: d.action,
    payload: {},
  });
}

function errorTo(to: Side, id: RequestId | null, code: number, message: string, entry: Plan['entry'], data: JsonObject = {}): Outgoing {
  const error: JsonRpcError = { jsonrpc: '2.0', id, error: { code, message, data: { ...data, decision_id: entry.decision_id as string } } };
  return { to, message: error };
}

/** The answer goes out whether or not the entry is journaled: it refuses, it never forwards. */
function refusal(entry: Plan['entry'], send: Outgoing[]): Plan {
  return { decisionId: entry.decision_id as string, entry, send, onJournalFailure: send.filter((o) => 'error' in o.message) };
}
