/**
 * A caller refused at the door (bad credentials, Origin, Host, limits) never becomes a session,
 * yet auditors must see every attempt: it is journaled as a denied decision like any other.
 */
import { randomUUID } from 'node:crypto';
import { failClosed } from '../engine/decision/verdict.js';
import { decisionEntry, type DecisionJournal } from '../engine/mediator/index.js';
import type { Rejection } from '../transports/contract.js';

export function refusalEntry(journal: Pick<DecisionJournal, 'commitment'>, rejection: Rejection, policyDigest: string | null): ReturnType<typeof decisionEntry> {
  const verdict = failClosed(`${rejection.code}: ${rejection.message}`);
  const entry = decisionEntry(journal, {
    decisionId: randomUUID(),
    sessionId: '',
    principalId: rejection.principal?.id ?? 'unauthenticated',
    upstream: '',
    direction: 'client_to_server',
    kind: rejection.method === undefined ? null : rejection.requestId === undefined ? 'notification' : 'request',
    method: rejection.method ?? null,
    requestId: rejection.requestId ?? null,
    tool: null,
    decided: { verdict, policyDigest },
    action: 'deny',
    payload: {},
  });
  return { ...entry, listener: rejection.listener, http_status: rejection.status, refusal: rejection.code, ...(rejection.source === undefined ? {} : { source: rejection.source }) };
}
