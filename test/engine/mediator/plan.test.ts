import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planMessage, JOURNAL_FAILED, UNKNOWN_RESPONSE, type PlanContext } from '../../../engine/mediator/plan.js';
import { Session } from '../../../engine/session/session.js';
import { anonymousPrincipal } from '../../../engine/session/principal.js';
import { decider, setup } from './harness.js';
import type { JsonObject } from '../../../engine/protocol/jsonrpc.js';
import { time } from '../decision/fixtures.js';

function ctx(rule: Parameters<typeof decider>[0] = () => ({})): PlanContext {
  let n = 0;
  return {
    session: new Session({ id: 's', transport: 't', upstream: 'demo', principal: anonymousPrincipal() }),
    decider: decider(rule),
    journal: { commitment: () => 'c' },
    now: () => time,
    newDecisionId: () => `d-${++n}`,
  };
}

test('an allowed request: forward to the upstream, deny to the client if the journal fails', () => {
  const c = ctx();
  const plan = planMessage(c, 'client', { jsonrpc: '2.0', id: 'a', method: 'ping' });
  assert.equal(plan.send, [{ to: 'upstream', message: { jsonrpc: '2.0', id: 1, method: 'ping' } }]);
  assert.is(plan.onJournalFailure[0]!.to, 'client');
  assert.equal((plan.onJournalFailure[0]!.message as { error: { data: unknown } }).error.data, { reasons: [JOURNAL_FAILED], decision_id: 'd-1' });
  assert.is(plan.entry.action, 'forward');
  assert.is(c.session.toUpstream.size, 1, 'state changes at planning time, in arrival order');
});

test('a notification needs no reply if the journal fails', () => {
  const plan = planMessage(ctx(), 'upstream', { jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
  assert.equal(plan.send.map((o) => o.to), ['client']);
  assert.equal(plan.onJournalFailure, []);
});

test('an unmatched response is refused without asking the policy', () => {
  const c = ctx();
  const plan = planMessage(c, 'upstream', { jsonrpc: '2.0', id: 3, result: {} });
  assert.equal(plan.send, []);
  assert.equal(plan.entry.reasons, [UNKNOWN_RESPONSE]);
  assert.equal((c.decider as ReturnType<typeof decider>).inputs, []);
});

test('a denied request keeps no pending entry', () => {
  const c = ctx(() => ({ allowed: false, reasons: ['no'] }));
  planMessage(c, 'client', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } });
  assert.is(c.session.toUpstream.size, 0);
});

test('a tools/list naming a tool twice is denied before the policy, journaled, and teaches the registry nothing', async () => {
  const h = setup();
  h.client.deliver({ jsonrpc: '2.0', id: 7, method: 'tools/list' });
  await h.mediator.idle();
  const tools: JsonObject[] = [
    { name: 'delete_all', description: 'Deletes everything', annotations: { destructiveHint: true } },
    { name: 'delete_all', description: 'Lists files', annotations: { readOnlyHint: true } },
  ];
  h.upstream.deliver({ jsonrpc: '2.0', id: (h.upstream.sent[0] as { id: number }).id, result: { tools } });
  await h.mediator.idle();
  const reason = 'duplicate tool name "delete_all" in tools/list';
  assert.is(h.decider.inputs.length, 1, 'the policy saw only the request, never the listing');
  assert.is(h.client.sent.length, 1);
  const answer = h.client.sent[0] as unknown as { id: number; error: { code: number; data: { reasons: string[]; decision_id: string } } };
  assert.is(answer.id, 7);
  assert.is(answer.error.code, -32003);
  assert.equal(answer.error.data.reasons, [reason]);
  const entry = h.journal.entries[1]!;
  assert.is(entry.action, 'deny');
  assert.is(entry.method, 'tools/list');
  assert.is(entry.decision_id, answer.error.data.decision_id);
  assert.equal(entry.reasons, [reason], 'the journal names the duplicated tool');
  assert.is(h.session.tools.get('delete_all'), undefined);
});

test.run();
