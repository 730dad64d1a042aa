/** ReplayCases: which entries replay, which cannot and why, and how a response gets its request's params back. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ReplayCases, type ReplayCase } from '../../../cli/replay/input.js';
import type { DecisionEntry } from '../../../cli/replay/journal.js';
import type { JsonObject } from '../../../engine/protocol/jsonrpc.js';

const TIME = { rfc3339: '2025-06-30T09:15:02.120Z', ns: '1751274902120000123' };
let seq = 0;

function entry(fields: Partial<DecisionEntry>): DecisionEntry {
  return {
    seq: ++seq, decision_id: `d-${seq}`, session_id: 's-1', upstream: 'demo', direction: 'client_to_server',
    message_kind: 'request', method: 'tools/call', request_id: 1, tool: null, allow: true, reasons: [], failure: null,
    ...fields,
  };
}

const request = (id: number, params: JsonObject, session = 's-1') =>
  entry({ request_id: id, session_id: session, input: { kind: 'request', params, time: TIME } });
const response = (id: number, request: JsonObject = { id }, session = 's-1') =>
  entry({ request_id: id, session_id: session, direction: 'server_to_client', message_kind: 'response', input: { kind: 'response', request, result: {}, time: TIME } });

function replayCases(entries: DecisionEntry[], kept?: number): ReplayCase[] {
  const cases = new ReplayCases(kept);
  return entries.map((e) => cases.next(e));
}

const paramsOf = (cases: ReplayCase[]) => cases.map((c) => (c.kind === 'replay' ? c.input.request?.params : c.kind === 'not_replayable' ? c.reason : c.kind));

test('time.ns comes back as an exact bigint', () => {
  const [c] = replayCases([request(1, { name: 'a' })]);
  assert.is(c?.kind, 'replay');
  assert.equal(c?.kind === 'replay' && c.input.time, { rfc3339: TIME.rfc3339, ns: 1751274902120000123n });
});

test('a response gets the params of the latest request with its session, id and the opposite direction', () => {
  const cases = replayCases([
    request(1, { name: 'old' }), response(1),
    request(1, { name: 'new' }), request(1, { name: 'other session' }, 's-2'), response(1),
  ]);
  const requests = cases.map((c) => (c.kind === 'replay' ? c.input.request?.params : undefined));
  assert.equal(requests, [undefined, { name: 'old' }, undefined, undefined, { name: 'new' }]);
});

test('a response takes its request\'s params: one more to that request finds none (the warden refuses it itself)', () => {
  const cases = replayCases([request(1, { name: 'a' }), response(1), response(1)]);
  assert.equal(paramsOf(cases), [undefined, { name: 'a' }, 'request_input_missing']);
});

test('at most the newest unanswered requests are kept: the response to one forgotten finds no params', () => {
  const cases = replayCases([request(1, { n: 1 }), request(2, { n: 2 }), request(3, { n: 3 }), response(1), response(3), request(2, { n: 22 }), request(4, { n: 4 }), response(2)], 2);
  assert.equal(paramsOf(cases), [undefined, undefined, undefined, 'request_input_missing', { n: 3 }, undefined, undefined, { n: 22 }]);
});

test('a response whose request had no params keeps null without a lookup', () => {
  const [c] = replayCases([response(9, { id: 9, params: null })]);
  assert.equal(c?.kind === 'replay' && c.input.request, { id: 9, params: null });
});

test('not replayable: no input, too large, request without a recorded input, malformed time', () => {
  const cases = replayCases([
    entry({}),
    entry({ request_id: 2, input_omitted: { reason: 'too_large' } }),
    response(2),
    response(3),
    entry({ input: { kind: 'request', time: { rfc3339: TIME.rfc3339, ns: 5 } } }),
  ]);
  assert.equal(cases.map((c) => (c.kind === 'not_replayable' ? c.reason : c.kind)), [
    'input_not_recorded', 'input_too_large', 'request_input_missing', 'request_input_missing', 'input_malformed',
  ]);
});

test('a decision the journal digested fields of is not replayable: what it was decided by is only a digest', () => {
  const cases = replayCases([{ ...request(1, { name: 'a' }), oversized: { visible_tools: { bytes: 9, sha256: 'ab' } } }, response(1)]);
  assert.equal(paramsOf(cases), ['entry_oversized', 'request_input_missing']);
});

test('the warden\'s own refusals are not the policy\'s decisions', () => {
  const [c] = replayCases([entry({ input_omitted: { reason: 'not_decided_by_policy' } })]);
  assert.is(c?.kind, 'not_policy');
});

test.run();
