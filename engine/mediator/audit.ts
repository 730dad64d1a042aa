/**
 * The journal entry of one decision. Payloads (params, results, errors) are recorded as keyed
 * HMAC commitments: the journal proves what was decided about which message without holding
 * arguments or secrets, and a holder of the key can still check a claimed payload. Only a journal
 * opened to record inputs (for `warden replay`) also keeps the decision input, after the
 * decision's redactions (input-record.ts), with the redactions and visible tools it was given.
 */
import { journaledId } from '../protocol/number-markers.js';
import type { MessageKind, RequestId } from '../protocol/jsonrpc.js';
import type { DecisionInput, Direction } from '../decision/input.js';
import type { Decided } from '../decision/verdict.js';
import { recordInput } from './input-record.js';

/** Structural view of the journal (engine/journal's Journal fits it). */
export interface DecisionJournal {
  append(entry: { kind: 'decision'; [field: string]: unknown }): Promise<{ seq: number; hash: string }>;
  /**
   * `append` without a promise: `answered` is called once, later (never from within this call),
   * with nothing once the entry counts as written or with why it never will.
   */
  appendThen?(entry: { kind: 'decision'; [field: string]: unknown }, answered: (error?: unknown) => void): void;
  commitment(payload: unknown): string;
  /** Set when decision entries keep their decision input (engine/journal JournalOptions.recordInputs). */
  readonly recordInputs?: { maxBytes: number };
}

/** What the warden did with the message: the effect, not just the verdict. `answer`: the warden replied itself (tool search). */
export type Action = 'forward' | 'deny' | 'drop' | 'answer';

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
  /** The input the policy decided on; absent when the warden refused the message itself. */
  input?: DecisionInput;
  /** The decisions behind this one, one per upstream (a merged list's pages, a pooled request's targets). */
  parts?: DecisionPart[];
}

/** One upstream's decision among several made for one message. */
export interface DecisionPart {
  upstream: string;
  decision_id: string;
  allow: boolean;
  reasons: string[];
  hidden_tools?: string[];
  /** A tools/call decided for this upstream: the hash of its definition of the tool (null if it never listed it). */
  tool_hash?: string | null;
}

export function decisionEntry(journal: Pick<DecisionJournal, 'commitment' | 'recordInputs'>, r: DecisionRecord): { kind: 'decision'; [field: string]: unknown } {
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
    request_id: journaledId(r.requestId),
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
  if (r.parts) entry.parts = r.parts;
  if (journal.recordInputs) Object.assign(entry, replayFields(r, journal.recordInputs.maxBytes));
  return entry;
}

/** What `warden replay` compares a new decision with, and the input to make it from. */
function replayFields(r: DecisionRecord, maxBytes: number): Record<string, unknown> {
  const { verdict } = r.decided;
  const fields: Record<string, unknown> = recordInput(r.input, verdict.redactions, maxBytes);
  if (verdict.redactions.length > 0) fields.redactions = verdict.redactions;
  if (verdict.visibleTools !== null) fields.visible_tools = verdict.visibleTools;
  return fields;
}
