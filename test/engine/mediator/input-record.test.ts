/** recordInput and the decision entry fields a journal that records inputs adds. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decisionEntry, type DecisionRecord } from '../../../engine/mediator/audit.js';
import { recordInput } from '../../../engine/mediator/input-record.js';
import type { DecisionInput } from '../../../engine/decision/input.js';
import type { Verdict } from '../../../engine/decision/verdict.js';

const base: Omit<DecisionInput, 'kind'> = {
  direction: 'client_to_server', method: 'tools/call', id: 7,
  session: { id: 's-1', transport: 'stdio', protocol_version: '2025-06-18', client: null, server: null },
  principal: { id: 'alice', authenticated_by: 'api_key', claims: { key_id: 'k1' }, roles: [] },
  upstream: 'demo',
  time: { rfc3339: '2025-06-30T09:15:02.120Z', ns: 1751274902120000123n },
};
const request: DecisionInput = { ...base, kind: 'request', params: { name: 'login', arguments: { user: 'a', password: 'hunter2' } } };
const response: DecisionInput = {
  ...base, direction: 'server_to_client', kind: 'response',
  result: { content: [{ type: 'text', text: 'ok' }, { type: 'text', text: 'sk-live-123' }] },
  request: { id: 7, params: { name: 'login', arguments: { user: 'a', password: 'hunter2' } } },
};

test('params are recorded after the redactions; time.ns becomes an exact decimal string', () => {
  const recorded = recordInput(request, [['arguments', 'password']], 65536);
  assert.equal(recorded, {
    input: {
      direction: 'client_to_server', kind: 'request', method: 'tools/call', id: 7,
      session: base.session, principal: base.principal, upstream: 'demo',
      time: { rfc3339: '2025-06-30T09:15:02.120Z', ns: '1751274902120000123' },
      params: { name: 'login', arguments: { user: 'a', password: '[redacted by mcp-warden]' } },
    },
  });
  assert.is(request.params?.arguments && (request.params.arguments as { password: string }).password, 'hunter2', 'the live input is untouched');
});

test('a response: result redacted, the request reduced to its id (its params are in its own entry)', () => {
  const recorded = recordInput(response, [['content', 1, 'text']], 65536);
  assert.ok('input' in recorded);
  const input = (recorded as { input: Record<string, unknown> }).input;
  assert.equal(input.result, { content: [{ type: 'text', text: 'ok' }, { type: 'text', text: '[redacted by mcp-warden]' }] });
  assert.equal(input.request, { id: 7 });
  assert.not.ok(JSON.stringify(recorded).includes('hunter2'));
  assert.not.ok(JSON.stringify(recorded).includes('sk-live-123'));
});

test('a response to a request without params says so (null), so replay does not look it up', () => {
  const recorded = recordInput({ ...response, request: { id: 7, params: null } }, [], 65536) as { input: Record<string, unknown> };
  assert.equal(recorded.input.request, { id: 7, params: null });
});

test('inputs over the limit are omitted with their size; refusals without input say why', () => {
  const size = Buffer.byteLength(JSON.stringify((recordInput(request, [], 1 << 20) as { input: unknown }).input));
  assert.equal(recordInput(request, [], size), recordInput(request, [], size + 1), 'exactly at the limit is kept');
  assert.ok('input' in recordInput(request, [], size));
  assert.equal(recordInput(request, [], size - 1), { input_omitted: { reason: 'too_large', bytes: size, max_bytes: size - 1 } });
  assert.equal(recordInput(undefined, [], size), { input_omitted: { reason: 'not_decided_by_policy' } });
});

const verdict: Verdict = { allowed: true, reasons: [], visibleTools: ['a'], redactions: [['content', 1, 'text']], route: null, failure: null };
const record: DecisionRecord = {
  decisionId: 'd-1', sessionId: 's-1', principalId: 'alice', upstream: 'demo', direction: 'server_to_client', kind: 'response',
  method: 'tools/call', requestId: 7, tool: null, decided: { verdict, policyDigest: 'sha256:p' }, action: 'forward',
  payload: { result: response.result }, input: response,
};

test('decision entries keep input, redactions and visible tools only when the journal records inputs', () => {
  const commitment = (): string => 'c';
  const plain = decisionEntry({ commitment }, record);
  assert.not.ok('input' in plain || 'redactions' in plain || 'visible_tools' in plain);
  const withInputs = decisionEntry({ commitment, recordInputs: { maxBytes: 65536 } }, record);
  assert.equal(withInputs.redactions, [['content', 1, 'text']]);
  assert.equal(withInputs.visible_tools, ['a']);
  assert.equal((withInputs.input as { result: unknown }).result, (recordInput(response, verdict.redactions, 65536) as { input: { result: unknown } }).input.result);
  const refused = decisionEntry({ commitment, recordInputs: { maxBytes: 65536 } }, { ...record, input: undefined });
  assert.equal(refused.input_omitted, { reason: 'not_decided_by_policy' });
});

test.run();
