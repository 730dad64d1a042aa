/**
 * Turns the inputs decision entries recorded (engine/mediator/input-record.ts) back into the
 * documents the policy saw, walking the journal in order: `time.ns` becomes a bigint again, and
 * a response gets back the `request.params` of the request it answers, taken from that
 * request's own entry (redacted by the request's decision, as it was forwarded).
 *
 * Replay streams the journal, so what is kept between entries is bounded: a request's params
 * only until the response that takes them (the warden decides one response per request, and
 * refuses any other itself), and at most `REQUESTS_KEPT` requests still unanswered, the oldest
 * forgotten first (its response, if one ever comes, is then `request_input_missing`).
 */
import type { DecisionInput } from '../../engine/decision/index.js';
import type { JsonObject, RequestId } from '../../engine/protocol/jsonrpc.js';
import type { DecisionEntry } from './journal.js';

export type NotReplayableReason = 'input_not_recorded' | 'input_too_large' | 'request_input_missing' | 'input_malformed' | 'entry_oversized';

export type ReplayCase =
  | { kind: 'replay'; entry: DecisionEntry; input: DecisionInput }
  | { kind: 'not_replayable'; entry: DecisionEntry; reason: NotReplayableReason }
  /** The warden refused the message itself; no policy decided it, so no candidate can change it. */
  | { kind: 'not_policy'; entry: DecisionEntry };

const OPPOSITE: Record<string, string> = { client_to_server: 'server_to_client', server_to_client: 'client_to_server' };

/** Unanswered requests whose params are kept for their response. */
export const REQUESTS_KEPT = 10_000;

/** The replay case of each decision entry, given in journal order. */
export class ReplayCases {
  /** Recorded params of the latest unanswered request per session, direction and id; null when it had no input. Oldest first. */
  private readonly requests = new Map<string, JsonObject | null>();

  constructor(private readonly kept = REQUESTS_KEPT) {}

  next(entry: DecisionEntry): ReplayCase {
    const found = caseOf(entry, this.requests);
    if (entry.message_kind === 'request') {
      const key = requestKey(entry.session_id, entry.direction, entry.request_id);
      this.requests.delete(key);
      this.requests.set(key, found.kind === 'replay' ? found.input.params ?? {} : null);
      if (this.requests.size > this.kept) this.requests.delete(this.requests.keys().next().value!);
    }
    return found;
  }
}

function caseOf(entry: DecisionEntry, requests: Map<string, JsonObject | null>): ReplayCase {
  // Some of what the decision was compared by is only a digest now: nothing to compare with.
  if (entry.oversized !== undefined) return { kind: 'not_replayable', entry, reason: 'entry_oversized' };
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
  const key = requestKey(entry.session_id, OPPOSITE[entry.direction] ?? '', entry.request_id);
  const params = requests.get(key);
  requests.delete(key);
  if (params === undefined || params === null) return { kind: 'not_replayable', entry, reason: 'request_input_missing' };
  return { kind: 'replay', entry, input: { ...input, request: { id: request.id, params } } };
}

function requestKey(session: string, direction: string, id: unknown): string {
  return JSON.stringify([session, direction, id]);
}
