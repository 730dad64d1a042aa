/**
 * Turns the inputs decision entries recorded (engine/mediator/input-record.ts) back into the
 * documents the policy saw, walking the journal in order: `time.ns` becomes a bigint again, and
 * a response gets back the `request.params` of the request it answers, taken from that
 * request's own entry (redacted by the request's decision, as it was forwarded).
 */
import type { DecisionInput } from '../../engine/decision/index.js';
import type { JsonObject, RequestId } from '../../engine/protocol/jsonrpc.js';
import type { DecisionEntry } from './journal.js';

export type NotReplayableReason = 'input_not_recorded' | 'input_too_large' | 'request_input_missing' | 'input_malformed';

export type ReplayCase =
  | { kind: 'replay'; entry: DecisionEntry; input: DecisionInput }
  | { kind: 'not_replayable'; entry: DecisionEntry; reason: NotReplayableReason }
  /** The warden refused the message itself; no policy decided it, so no candidate can change it. */
  | { kind: 'not_policy'; entry: DecisionEntry };

const OPPOSITE: Record<string, string> = { client_to_server: 'server_to_client', server_to_client: 'client_to_server' };

export function replayCases(entries: readonly DecisionEntry[]): ReplayCase[] {
  /** Recorded params of the latest request per session, direction and id; null when it had no input. */
  const requests = new Map<string, JsonObject | null>();
  return entries.map((entry) => {
    const found = caseOf(entry, requests);
    if (entry.message_kind === 'request') {
      requests.set(requestKey(entry.session_id, entry.direction, entry.request_id), found.kind === 'replay' ? found.input.params ?? {} : null);
    }
    return found;
  });
}

function caseOf(entry: DecisionEntry, requests: Map<string, JsonObject | null>): ReplayCase {
  if (entry.input === undefined) {
    const omitted = entry.input_omitted?.reason;
    if (omitted === 'not_decided_by_policy') return { kind: 'not_policy', entry };
    return { kind: 'not_replayable', entry, reason: omitted === 'too_large' ? 'input_too_large' : 'input_not_recorded' };
  }
  const time = entry.input.time as { rfc3339?: unknown; ns?: unknown } | undefined;
  if (typeof time?.rfc3339 !== 'string' || typeof time.ns !== 'string' || !/^-?\d+$/.test(time.ns)) {
    return { kind: 'not_replayable', entry, reason: 'input_malformed' };
  }
  const input = { ...entry.input, time: { rfc3339: time.rfc3339, ns: BigInt(time.ns) } } as unknown as DecisionInput;
  // As recorded: `params` is left out when the request's own entry holds them.
  const request = input.request as { id: RequestId; params?: JsonObject | null } | undefined;
  if (request === undefined || 'params' in request) return { kind: 'replay', entry, input };
  const params = requests.get(requestKey(entry.session_id, OPPOSITE[entry.direction] ?? '', entry.request_id));
  if (params === undefined || params === null) return { kind: 'not_replayable', entry, reason: 'request_input_missing' };
  return { kind: 'replay', entry, input: { ...input, request: { id: request.id, params } } };
}

function requestKey(session: string, direction: string, id: unknown): string {
  return JSON.stringify([session, direction, id]);
}
