/**
 * The pieces every plan is assembled from: the decision step, the journal entry it produces,
 * and the replies and id tables both the policy path (plan.ts) and the warden's own refusals
 * (refusals.ts) use, so an entry looks the same whoever decided it.
 */
import {
  invalidMessageReason, messageKind,
  type JsonRpcError, type JsonRpcMessage, type JsonRpcRequest, type JsonRpcResult, type RequestId,
} from '../protocol/jsonrpc.js';
import type { AnsweredRequest, DecisionInput, Direction, ToolInfo } from '../decision/input.js';
import type { Decided } from '../decision/verdict.js';
import type { Session } from '../session/session.js';
import type { PendingRequests } from '../session/pending.js';
import { decisionEntry, type Action, type DecisionPart, type DecisionRecord } from './audit.js';
import type { Outgoing, Side } from './channel.js';
import { denialError } from './denial.js';
import type { Plan, PlanContext } from './plan.js';

export const DIRECTION: Record<Side, Direction> = { client: 'client_to_server', upstream: 'server_to_client' };
export const OTHER: Record<Side, Side> = { client: 'upstream', upstream: 'client' };

export interface Step {
  decisionId: string;
  from: Side;
  message: JsonRpcMessage;
  decided: Decided;
  tool: ToolInfo | undefined;
  answers?: AnsweredRequest;
  /** What the policy decided on; absent for the warden's own refusals. */
  input?: DecisionInput;
  /** The upstream the message went to or came from, when it is not the session's only one. */
  upstream?: string;
  /** Each upstream's own decision, when the message was decided for several. */
  parts?: DecisionPart[];
}

/** Requests sent by `side` are tracked in this table. */
export function pendingFor(session: Session, side: Side): PendingRequests {
  return side === 'client' ? session.toUpstream : session.toClient;
}

export function reply(to: Side, id: RequestId, reasons: readonly string[], decisionId: string): Outgoing {
  return { to, message: denialError(id, reasons, decisionId) };
}

export function plan(
  ctx: PlanContext, step: Step, action: Action, send: Outgoing[], onJournalFailure: Outgoing[],
  extra: Pick<DecisionRecord, 'hiddenTools' | 'redacted'> = {},
): Plan {
  return { decisionId: step.decisionId, entry: entryFor(ctx, step, action, extra), send, onJournalFailure };
}

function entryFor(ctx: PlanContext, step: Step, action: Action, extra: Pick<DecisionRecord, 'hiddenTools' | 'redacted'>): Plan['entry'] {
  const { session } = ctx;
  const m = step.message as Partial<JsonRpcRequest & JsonRpcResult & JsonRpcError>;
  const wellFormed = invalidMessageReason(step.message) === undefined;
  return decisionEntry(ctx.journal, {
    decisionId: step.decisionId,
    sessionId: session.id,
    principalId: session.principal.id,
    upstream: step.upstream ?? session.upstream,
    direction: DIRECTION[step.from],
    kind: wellFormed ? messageKind(step.message) : null,
    method: typeof m.method === 'string' ? m.method : step.answers?.method ?? null,
    // A response is journaled under the id its requester used, like the request it answers (the
    // id on the wire is the one warden forwarded the request with).
    requestId: step.answers?.id ?? (typeof m.id === 'string' || typeof m.id === 'number' ? m.id : null),
    tool: step.tool ? { name: step.tool.name, hash: step.tool.hash } : null,
    decided: step.decided,
    action,
    payload: { params: m.params, result: m.result, error: m.error },
    ...(step.input ? { input: step.input } : {}),
    ...(step.parts ? { parts: step.parts } : {}),
    ...extra,
  });
}
