import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decisionEntry, type DecisionRecord } from '../../../engine/mediator/audit.js';
import { failClosed } from '../../../engine/decision/verdict.js';

const journal = { commitment: (payload: unknown) => `hmac(${JSON.stringify(payload)})` };

const record: DecisionRecord = {
  decisionId: 'd-1', sessionId: 's-1', principalId: 'alice', upstream: 'demo',
  direction: 'client_to_server', kind: 'request', method: 'tools/call', requestId: 7,
  tool: { name: 'write_file', hash: 'h1' },
  decided: { verdict: { ...failClosed('x'), failure: null, reasons: ['bad path'] }, policyDigest: 'sha256:p' },
  action: 'deny',
  payload: { params: { name: 'write_file', arguments: { path: '/etc/passwd', content: 'sk-secret' } } },
};

test('records the decision and commitments, never the payload', () => {
  const entry = decisionEntry(journal, record);
  assert.equal(entry, {
    kind: 'decision', decision_id: 'd-1', session_id: 's-1', principal_id: 'alice', upstream: 'demo',
    direction: 'client_to_server', message_kind: 'request', method: 'tools/call', request_id: 7,
    tool: 'write_file', tool_hash: 'h1', allow: false, reasons: ['bad path'], failure: null,
    policy_digest: 'sha256:p', action: 'deny',
    params_commitment: journal.commitment(record.payload.params),
  });
});

test('results, errors, hidden tools and redaction counts', () => {
  const entry = decisionEntry(journal, {
    ...record, kind: 'response', tool: null, action: 'forward',
    payload: { result: { tools: [] } }, hiddenTools: ['evil'], redacted: 2,
  });
  assert.is(entry.result_commitment, journal.commitment({ tools: [] }));
  assert.not.ok('params_commitment' in entry);
  assert.equal(entry.hidden_tools, ['evil']);
  assert.is(entry.redacted, 2);
  assert.is(entry.tool, null);
  const error = decisionEntry(journal, { ...record, payload: { error: { code: 1, message: 'm' } }, hiddenTools: [], redacted: 0 });
  assert.ok('error_commitment' in error);
  assert.not.ok('hidden_tools' in error);
  assert.not.ok('redacted' in error);
});

test.run();
