/**
 * Decides one message and works out everything that follows from the decision: the journal
 * entry, the messages to send, and what to send instead if the entry cannot be journaled.
 * Planning is synchronous and happens in arrival order, so session state (id maps, tool
 * registry, negotiated revision) always changes in the order messages arrived; nothing is
 * sent until the mediator has the journal's acknowledgement.
 */
import {
  invalidMessageReason, isUsableId, MAX_NESTING_DEPTH, messageKind, nestedDeeperThan,
  type JsonObject, type JsonRpcError, type JsonRpcMessage, type JsonRpcNotification, type JsonRpcRequest,
  type JsonRpcResult, type RequestId,
} from '../protocol/jsonrpc.js';
import { buildInput, toolNameOf, type AnsweredRequest, type TimeInfo, type ToolInfo } from '../decision/input.js';
import { failClosed, routeList, type Decided, type Decider } from '../decision/verdict.js';
import { duplicateToolName, duplicateToolReason } from '../session/registry.js';
import type { MessageTarget, Session } from '../session/session.js';
import type { Mapping } from '../session/id-map.js';
import type { PendingRequest } from '../session/pending.js';
import type { DecisionJournal } from './audit.js';
import { translateCancellation } from './cancellation.js';
import type { Outgoing, Side } from './channel.js';
import { DIRECTION, OTHER, pendingFor, plan, reply, type Step } from './plan-parts.js';
import { redact } from './redact.js';
import { filterToolList, unfiltered } from './tool-filter.js';
import type { ToolSearch } from '../search/tool-search.js';
import { planRetrieveTools } from './tool-search-plan.js';
import { planMergedList } from './merged-list.js';
import { decidePooled, isPooled } from './pool-decision.js';
import { isStrayProgress, STRAY_PROGRESS } from './progress.js';
import type { ListingPager } from './tool-search-paging.js';

export interface PlanContext {
  session: Session;
  decider: Decider;
  journal: Pick<DecisionJournal, 'commitment' | 'recordInputs'>;
  now: () => TimeInfo;
  newDecisionId: () => string;
  /**
   * Set when every message comes straight from a wire decoder (framing checked its depth, and
   * nobody else holds it): planning then uses it as it is instead of checking and copying it.
   */
  wireMessages?: boolean;
  /** Tool search (engine/search) is on for this session: it answers retrieve_tools and shapes listings. */
  toolSearch?: ToolSearch;
  /** With tool search on: completes paged upstream listings before the client is answered. */
  pager?: ListingPager;
}

export interface Plan {
  decisionId: string;
  entry: { kind: 'decision'; [field: string]: unknown };
  send: Outgoing[];
  /** Sent instead of `send` when the entry cannot be journaled, so no requester waits forever. */
  onJournalFailure: Outgoing[];
  /** A request this plan forwards: its pending entry, settled if it is answered by onJournalFailure instead. */
  forwarded?: { requester: Side; id: number };
  /** A plan the warden originates because of this one (the next listing page), journaled and acted on right after it. */
  next?: Plan;
}

export const JOURNAL_FAILED = 'audit journal unavailable; mcp-warden stopped (fail closed)';
const INVALID_REQUEST = -32600;

export const UNKNOWN_RESPONSE = 'response to an unknown or already answered request id';

/**
 * MCP's lifecycle has one initialize per session; a second would let the client restate who it
 * is and which revision it speaks, which later decisions read (input.session).
 */
export const SECOND_INITIALIZE = 'invalid request: this session is already initialized, and MCP allows one initialize per session';

/**
 * MCP: a request id MUST NOT have been used before in the session. Two in flight under one id
 * would get answers their sender cannot tell apart, and a cancellation could name only one.
 */
export const DUPLICATE_ID = 'invalid request: a request with this id is still in flight; MCP requires a fresh id per request';

/**
 * Every message gets a plan: one that cannot be decided (too deep to copy, or a fault while
 * planning) is refused and journaled like a malformed one, so nothing vanishes unanswered.
 */
export function planMessage(ctx: PlanContext, from: Side, received: JsonRpcMessage): Plan {
  // Framing already refuses deeper frames; in-process channels hand over objects unchecked.
  if (!ctx.wireMessages && nestedDeeperThan(received, MAX_NESTING_DEPTH)) return planMalformed(ctx, from, envelopeOf(received), 'malformed message: nested too deeply');
  let message: JsonRpcMessage | undefined;
  try {
    message = ctx.wireMessages ? received : asJson(received);
    const invalid = invalidMessageReason(message);
    if (invalid !== undefined) return planMalformed(ctx, from, message, `malformed message: ${invalid}`);
    switch (messageKind(message)) {
      case 'request': return planRequest(ctx, from, message as JsonRpcRequest);
      case 'notification': return planNotification(ctx, from, message as JsonRpcNotification);
      default: return planResponse(ctx, from, message as JsonRpcResult | JsonRpcError);
    }
  } catch (error) {
    // A bug, not a policy outcome: nothing was decided, so it is refused, never forwarded.
    const reason = `mcp-warden could not decide the message: ${error instanceof Error ? error.message : String(error)}`;
    return planFault(ctx, from, envelopeOf(message ?? received), reason);
  }
}

/** Only the scalar envelope members: safe to journal whatever the rest of the message holds. */
function envelopeOf(received: unknown): JsonRpcMessage {
  const m = (typeof received === 'object' && received !== null ? received : {}) as Record<string, unknown>;
  const envelope: Record<string, unknown> = { jsonrpc: m.jsonrpc === '2.0' ? '2.0' : null };
  if (isUsableId(m.id)) envelope.id = m.id;
  if (typeof m.method === 'string') envelope.method = m.method;
  return envelope as unknown as JsonRpcMessage;
}

/** A request is answered with a denial; anything else is journaled and dropped. */
function planFault(ctx: PlanContext, from: Side, envelope: JsonRpcMessage, reason: string): Plan {
  const rejected = planRejected(ctx, from, envelope, reason);
  const m = envelope as Partial<JsonRpcRequest>;
  if (typeof m.method !== 'string' || m.id === undefined) return rejected;
  const answer = [reply(from, m.id, [reason], rejected.decisionId)];
  return { ...rejected, entry: { ...rejected.entry, action: 'deny' }, send: answer, onJournalFailure: answer };
}

function planRequest(ctx: PlanContext, from: Side, request: JsonRpcRequest): Plan {
  const { session } = ctx;
  if (from === 'client' && ctx.toolSearch?.handles(request.method, request.params)) return planRetrieveTools(ctx, ctx.toolSearch, request);
  if (from === 'client' && request.method === 'initialize' && session.initialized) return planMalformed(ctx, from, request, SECOND_INITIALIZE);
  if (pendingFor(session, from).forwardedFor(request.id) !== undefined) return planMalformed(ctx, from, request, DUPLICATE_ID);
  const step = decide(ctx, from, request, {});
  const failure = [reply(from, request.id, [JOURNAL_FAILED], step.decisionId)];
  if (!step.decided.verdict.allowed) {
    return plan(ctx, step, 'deny', [reply(from, request.id, step.decided.verdict.reasons, step.decisionId)], failure);
  }
  const params = redact(request.params ?? {}, step.decided.verdict.redactions);
  if (from === 'client' && request.method === 'initialize') session.recordInitializeRequest(request.params);
  const pending = pendingFor(session, from);
  const forwardedId = pending.forward(request);
  const forwarded: JsonRpcRequest = { ...request, id: forwardedId, ...(request.params ? { params: params.value } : {}) };
  const routing = from === 'client' ? routingOf(step.decided.verdict) : {};
  try {
    const planned = plan(ctx, step, 'forward', [{ to: OTHER[from], message: forwarded, ...routing }], failure, { redacted: params.count });
    return { ...planned, forwarded: { requester: from, id: forwardedId } };
  } catch (error) {
    // Refused instead (planMessage): nothing was forwarded, so nothing may wait for an answer.
    pending.settle(forwardedId);
    throw error;
  }
}

function planNotification(ctx: PlanContext, from: Side, notification: JsonRpcNotification): Plan {
  if (isStrayProgress(ctx.session, from, notification)) {
    return planRejected(ctx, from, notification, STRAY_PROGRESS, ctx.session.targetOf(from, notification).upstream);
  }
  const step = decide(ctx, from, notification, {});
  if (!step.decided.verdict.allowed) return plan(ctx, step, 'drop', [], []);
  const pending = pendingFor(ctx.session, from);
  const translated = translateCancellation(notification, (id) => pending.forwardedFor(id));
  if (!translated) return plan(ctx, step, 'drop', [], []);
  const cancelled = translated.params?.requestId;
  if (translated !== notification && typeof cancelled === 'number') {
    pending.settle(cancelled);
    ctx.pager?.take(cancelled);
  }
  const params = redact(translated.params ?? {}, step.decided.verdict.redactions);
  const forwarded: JsonRpcNotification = translated.params ? { ...translated, params: params.value } : translated;
  return plan(ctx, step, 'forward', [{ to: OTHER[from], message: forwarded }], [], { redacted: params.count });
}

function planResponse(ctx: PlanContext, from: Side, response: JsonRpcResult | JsonRpcError): Plan {
  // A response travels opposite to its request: the client answers what the upstream asked.
  const mapping = pendingFor(ctx.session, OTHER[from]).settle(response.id);
  if (!mapping) return planRejected(ctx, from, response, UNKNOWN_RESPONSE);
  const planned = planAnswer(ctx, from, response, mapping);
  if (from !== 'upstream' || !ctx.pager) return planned;
  return ctx.pager.follow(ctx, mapping, planned, ctx.pager.take(mapping.forwardedId));
}

function planAnswer(ctx: PlanContext, from: Side, response: JsonRpcResult | JsonRpcError, mapping: Mapping<PendingRequest>): Plan {
  const { session } = ctx;
  const answers = mapping.info;
  const requester = OTHER[from];
  const time = ctx.now();
  const listing = from === 'upstream' && 'result' in response ? observeListing(ctx, answers, response.result, time) : undefined;
  if (listing && 'refused' in listing) return planRefusedListing(ctx, response, answers, mapping.originalId, listing.refused);
  const parts = from === 'upstream' && 'result' in response ? session.targetOf(from, response).parts : undefined;
  if (parts && parts.parts.length > 0) return planMergedList(ctx, response, answers, mapping.originalId, parts, time);
  const listed = listing?.tools;
  const step = decide(ctx, from, response, { answers, tools: listed, time });
  const failure = [reply(requester, mapping.originalId, [JOURNAL_FAILED], step.decisionId)];
  const { verdict } = step.decided;
  if (!verdict.allowed) return plan(ctx, step, 'deny', [reply(requester, mapping.originalId, verdict.reasons, step.decisionId)], failure);
  if (!('result' in response)) {
    // An error can carry what a result would (a hostile server's way around result redaction).
    const error = redact(response.error as unknown as JsonObject, verdict.redactions);
    const forwarded = { ...response, id: mapping.originalId, error: error.value as unknown as JsonRpcError['error'] };
    return plan(ctx, step, 'forward', [{ to: requester, message: forwarded }], failure, { redacted: error.count });
  }
  if (from === 'upstream' && answers.method === 'initialize') session.recordInitializeResult(response.result);
  const filtered = listed ? filterToolList(response.result, verdict.visibleTools) : unfiltered(response.result);
  const result = redact(filtered.result, filtered.redactions(verdict.redactions));
  const shown = listed && ctx.toolSearch ? ctx.toolSearch.present(result.value, answers.params) : result.value;
  const forwarded: JsonRpcResult = { jsonrpc: '2.0', id: mapping.originalId, result: shown };
  return plan(ctx, step, 'forward', [{ to: requester, message: forwarded }], failure, { hiddenTools: filtered.hidden, redacted: result.count });
}

type Listing = { tools: Record<string, ToolInfo> } | { refused: string };

/**
 * A tools/list result updates the registry before the decision, so the policy sees `changed`.
 * A listing naming a tool twice is refused before the policy sees it: the client would keep one
 * definition and the policy judge another, so nothing of it is recorded or forwarded.
 */
function observeListing(ctx: PlanContext, answers: AnsweredRequest, result: JsonObject, time: TimeInfo): Listing | undefined {
  if (answers.method !== 'tools/list' || !Array.isArray(result.tools)) return undefined;
  const duplicate = duplicateToolName(result.tools);
  if (duplicate !== undefined) return { refused: duplicateToolReason(duplicate) };
  const { session } = ctx;
  const records = session.tools.observe(result.tools, time.rfc3339);
  return { tools: Object.fromEntries(records.map((r) => [r.name, session.tools.info(r.name, session.upstream)])) };
}

/** The warden's own denial of a listing: journaled like a decision, the requester told why. */
function planRefusedListing(
  ctx: PlanContext, response: JsonRpcMessage, answers: AnsweredRequest, requesterId: RequestId, reason: string,
): Plan {
  const decided: Decided = { verdict: failClosed(reason), policyDigest: null };
  const step: Step = { decisionId: ctx.newDecisionId(), from: 'upstream', message: response, decided, tool: undefined, answers };
  const answer = [reply('client', requesterId, [reason], step.decisionId)];
  return plan(ctx, step, 'deny', answer, answer);
}

/**
 * In-process channels (the SDK's InMemoryTransport) hand over objects with `undefined` members,
 * which a wire transport would never deliver; a JSON round trip gives the mediator exactly what
 * the wire would, and a private copy the sender cannot change while it is pending.
 */
function asJson(message: JsonRpcMessage): JsonRpcMessage {
  return JSON.parse(JSON.stringify(message)) as JsonRpcMessage;
}

/** A malformed request that still has an id and a method gets -32600, so its sender does not wait forever. */
function planMalformed(ctx: PlanContext, from: Side, message: JsonRpcMessage, reason: string): Plan {
  const plan = planRejected(ctx, from, message, reason);
  const m = message as Partial<JsonRpcRequest>;
  if (typeof m.method !== 'string' || (typeof m.id !== 'string' && typeof m.id !== 'number')) return plan;
  const reply: JsonRpcError = { jsonrpc: '2.0', id: m.id, error: { code: INVALID_REQUEST, message: reason } };
  return { ...plan, send: [{ to: from, message: reply }], onJournalFailure: [{ to: from, message: reply }] };
}

/** A message the upstream side refused itself (ReceivedExtra.refused): journaled under the upstream it came from, dropped. */
export function planRefused(ctx: PlanContext, from: Side, message: JsonRpcMessage, reason: string): Plan {
  return planRejected(ctx, from, message, reason, ctx.session.targetOf(from, message).upstream);
}

/** Messages the warden refuses without asking the policy (malformed, unmatched): journaled, dropped (under `upstream` when known). */
function planRejected(ctx: PlanContext, from: Side, message: JsonRpcMessage, reason: string, upstream?: string): Plan {
  const decided: Decided = { verdict: failClosed(reason), policyDigest: null };
  const step: Step = { decisionId: ctx.newDecisionId(), from, message, decided, tool: undefined, ...(upstream === undefined ? {} : { upstream }) };
  return plan(ctx, step, 'drop', [], []);
}

export interface DecideExtras {
  answers?: AnsweredRequest;
  tools?: Record<string, ToolInfo>;
  time?: TimeInfo;
}

export function decide(ctx: PlanContext, from: Side, message: JsonRpcMessage, extras: DecideExtras): Step {
  const target = ctx.session.targetOf(from, message);
  const decideFor = (upstream: string): Step => decideAt(ctx, from, message, target, upstream, extras);
  return from === 'client' && isPooled(target) ? decidePooled(target, decideFor) : decideFor(target.upstream);
}

/** Decides the message as going to (or coming from) `upstream`, with that upstream's own definition of its tool. */
function decideAt(ctx: PlanContext, from: Side, message: JsonRpcMessage, target: MessageTarget, upstream: string, extras: DecideExtras): Step {
  const { session } = ctx;
  // Behind a router the policy decides the message as its upstream sees it (own names and URIs).
  const view = target.view;
  const tool = toolFor(ctx, message, upstream, extras.answers);
  const input = buildInput(view?.message ?? message, {
    direction: DIRECTION[from],
    session: session.info(),
    principal: session.principal,
    upstream,
    time: extras.time ?? ctx.now(),
    answers: view?.answers ?? extras.answers,
    tool,
    tools: extras.tools,
    candidates: target.candidates,
    namespaced: view?.namespaced,
  });
  const decided = routed(safeDecide(ctx.decider, input), input.kind, upstream, target.candidates?.map((c) => c.name));
  const first = routeList(decided.verdict)[0] ?? upstream;
  return { decisionId: ctx.newDecisionId(), from, message, decided, tool, answers: extras.answers, input, upstream: first };
}

/** The decider is not supposed to throw; if it does, that is a denial like any other failure. */
export function safeDecide(decider: Decider, input: Parameters<Decider['decide']>[0]): Decided {
  try {
    return decider.decide(input);
  } catch (error) {
    return { verdict: failClosed(`decider failed: ${error instanceof Error ? error.message : String(error)}`), policyDigest: null };
  }
}

/**
 * A route must name upstreams that can serve the request: the session's one upstream, or the
 * candidates an aggregating session found for it. Names that cannot serve it are dropped; a route
 * left empty is a denial (fail closed), never a silent fallback. Replay applies it too.
 */
export function routed(decided: Decided, kind: string, upstream: string, candidates?: readonly string[]): Decided {
  const { route, allowed } = decided.verdict;
  if (kind !== 'request' || !allowed || route === null) return decided;
  const wanted = routeList(decided.verdict);
  const possible = candidates ?? [upstream];
  const kept = wanted.filter((name) => possible.includes(name));
  if (kept.length === 0) {
    const named = wanted.map((name) => `"${name}"`).join(', ');
    return { ...decided, verdict: failClosed(`policy routed the request to upstream ${named}, which cannot serve it (candidates: ${possible.join(', ')})`) };
  }
  return { ...decided, verdict: { ...decided.verdict, route: kept } };
}

/** Only what the policy said: an unrouted request carries nothing extra. */
function routingOf(verdict: Decided['verdict']): Pick<Outgoing, 'route' | 'retry'> {
  const route = routeList(verdict);
  return { ...(route.length > 0 ? { route } : {}), ...(verdict.retry === true ? { retry: true } : {}) };
}

/** The tool as `upstream` defines it (replicas of a pool each have their own definition). */
function toolFor(ctx: PlanContext, message: JsonRpcMessage, upstream: string, answers?: AnsweredRequest): ToolInfo | undefined {
  const name = toolNameOf(message, answers);
  // A tools/call request has its arguments checked against the tool's inputSchema; its response not.
  const call = 'method' in message ? { arguments: message.params?.arguments } : undefined;
  return name === undefined ? undefined : ctx.session.tools.info(name, upstream, call);
}

