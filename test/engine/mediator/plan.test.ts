import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planMessage, JOURNAL_FAILED, UNKNOWN_RESPONSE, type PlanContext } from '../../../engine/mediator/plan.js';
import { Session } from '../../../engine/session/session.js';
import { anonymousPrincipal } from '../../../engine/session/principal.js';
import { decider } from './harness.js';
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

test.run();
