/**
 * The decision input as a decision entry keeps it when the journal records inputs (opt-in), so
 * `warden replay` can re-decide the message under another policy. Recorded after the decision's
 * own redactions, exactly as the message was forwarded: a value the policy redacted never reaches
 * the journal. Departures from the live input (the first two undone by replay, cli/replay/input.ts):
 * - `time.ns` is a decimal string, because canonical JSON numbers cannot hold epoch nanoseconds;
 * - a response's `request.params` is left out (unless it was null): the request's own entry
 *   holds them, redacted by the request's decision, which this message's decision cannot know;
 * - an id past 2^53 (`id`, `request.id`) is the string of its digits, as `time.ns` is; replay
 *   gives it to the policy as that string.
 */
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { RedactionPath } from '../decision/document.js';
import type { DecisionInput } from '../decision/input.js';
import { journaledId } from '../protocol/number-markers.js';
import { redact } from './redact.js';

export type InputOmission =
  | { reason: 'too_large'; bytes: number; max_bytes: number }
  /** The warden refused the message itself (malformed, unmatched, shutting down): no policy decided it. */
  | { reason: 'not_decided_by_policy' };

export type RecordedInputFields = { input: JsonObject } | { input_omitted: InputOmission };

export function recordInput(input: DecisionInput | undefined, redactions: readonly RedactionPath[], maxBytes: number): RecordedInputFields {
  if (input === undefined) return { input_omitted: { reason: 'not_decided_by_policy' } };
  const recorded = recordedInput(input, redactions);
  // JSON.stringify's length matches the canonical form closely enough to bound the entry.
  const bytes = Buffer.byteLength(JSON.stringify(recorded), 'utf8');
  if (bytes > maxBytes) return { input_omitted: { reason: 'too_large', bytes, max_bytes: maxBytes } };
  return { input: recorded };
}

function recordedInput(input: DecisionInput, redactions: readonly RedactionPath[]): JsonObject {
  const { time, request, params, result, ...rest } = input;
  const recorded: JsonObject = { ...(rest as unknown as JsonObject), id: journaledId(rest.id), time: { rfc3339: time.rfc3339, ns: time.ns.toString() } };
  if (params !== undefined) recorded.params = redact(params, redactions).value;
  if (result !== undefined) recorded.result = redact(result, redactions).value;
  if (request !== undefined) recorded.request = request.params === null ? { id: journaledId(request.id), params: null } : { id: journaledId(request.id) };
  return recorded;
}
