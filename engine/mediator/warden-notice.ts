/**
 * Notifications the warden itself sends to the client, such as tools/list_changed after an
 * approval changed which tools the client may see. Nobody upstream sent them and no policy is
 * asked, but each is journaled like every other message warden originates, and is sent only once
 * the entry is acknowledged: a journal that fails sends nothing.
 */
import type { JsonRpcNotification } from '../protocol/jsonrpc.js';
import { decisionEntry } from './audit.js';
import { DIRECTION } from './plan-parts.js';
import type { Plan, PlanContext } from './plan.js';

export function planWardenNotice(ctx: PlanContext, method: string): Plan {
  const { session } = ctx;
  const decisionId = ctx.newDecisionId();
  const entry = decisionEntry(ctx.journal, {
    decisionId,
    sessionId: session.id,
    principalId: session.principal.id,
    upstream: session.upstream,
    direction: DIRECTION.upstream,
    kind: 'notification',
    method,
    requestId: null,
    tool: null,
    decided: { verdict: { allowed: true, reasons: [], visibleTools: null, redactions: [], route: null, failure: null }, policyDigest: null },
    // The warden spoke for itself, as it does when it answers a tool search.
    action: 'answer',
    payload: {},
  });
  const notice: JsonRpcNotification = { jsonrpc: '2.0', method };
  return { decisionId, entry, send: [{ to: 'client', message: notice }], onJournalFailure: [] };
}
