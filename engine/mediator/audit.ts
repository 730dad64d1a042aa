/**
 * The journal entry of one decision. Payloads (params, results, errors) are recorded only as
 * keyed HMAC commitments: the journal proves what was decided about which message without
 * holding arguments or secrets, and a holder of the key can still check a claimed payload.
 */
import type { MessageKind, RequestId } from '../protocol/jsonrpc.js';
import type { Direction } from '../decision/input.js';
import type { Decided } from '../decision/verdict.js';

/** Structural view of the journal (engine/journal's Journal fits it). */
export interface DecisionJournal {
  append(entry: { kind: 'decision'; [field: string]: unknown }): Promise<{ seq: number; hash: string }>;
  commitment(payload: unknown): string;
}

/** What the warden did with the message: the effect, not just the verdict. */
export type Action = 'forward' | 'deny' | 'drop';

export interface DecisionRecord {
  decisionId: string;
  sessionId: string;
  principalId: string;
  upstream: string;
  direction: Direction;
  kind: MessageKind | null;
  method: string | null;
  requestId: RequestId | null;
  tool: { name: string; hash: string | null } | null;
  decided: Decided;
  action: Action;
  payload: { params?: unknown; result?: unknown; error?: unknown };
  hiddenTools?: string[];
  redacted?: number;
}

export function decisionEntry(journal: Pick<DecisionJournal, 'commitment'>, r: DecisionRecord): { kind: 'decision'; [field: string]: unknown } {
  const { verdict, policyDigest } = r.decided;
  const entry: { kind: 'decision'; [field: string]: unknown } = {
    kind: 'decision',
    decision_id: r.decisionId,
    session_id: r.sessionId,
    principal_id: r.principalId,
    upstream: r.upstream,
    direction: r.direction,
    message_kind: r.kind,
    method: r.method,
    request_id: r.requestId,
    tool: r.tool?.name ?? null,
    tool_hash: r.tool?.hash ?? null,
    allow: verdict.allowed,
    reasons: verdict.reasons,
    failure: verdict.failure,
    policy_digest: policyDigest,
    action: r.action,
  };
  for (const key of ['params', 'result', 'error'] as const) {
    const payload = r.payload[key];
    if (payload !== undefined) entry[`${key}_commitment`] = journal.commitment(payload);
  }
  if (r.hiddenTools && r.hiddenTools.length > 0) entry.hidden_tools = r.hiddenTools;
  if (r.redacted) entry.redacted = r.redacted;
  return entry;
}
