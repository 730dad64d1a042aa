import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PolicyStore, NO_POLICY } from '../../../engine/policy/store.js';
import { WardenPolicy } from '../../../engine/policy/policy.js';
import { buildInput } from '../../../engine/decision/input.js';
import { context } from '../decision/fixtures.js';

const input = buildInput({ jsonrpc: '2.0', id: 1, method: 'ping' }, context());

function policy(digest: string, allow: boolean): WardenPolicy {
  const doc = { allow, deny: [], visible_tools: null, redactions: [], route: null };
  return new WardenPolicy({ digest, modules: ['b.rego', 'a.rego'], evaluator: { evaluate: () => [{ result: doc }] }, entrypoint: 0, inputReads: true, budgetMs: 100 });
}

test('with no policy loaded everything is denied', () => {
  const decided = new PolicyStore().decide(input);
  assert.is(decided.verdict.allowed, false);
  assert.equal(decided.verdict.reasons, [NO_POLICY]);
  assert.is(decided.policyDigest, null);
});

test('decides with the policy in force and names its digest', () => {
  const store = new PolicyStore(policy('sha256:one', true));
  const decided = store.decide(input);
  assert.is(decided.verdict.allowed, true);
  assert.is(decided.policyDigest, 'sha256:one');
});

test('swap replaces the policy and returns the previous one', () => {
  const first = policy('sha256:one', true);
  const store = new PolicyStore(first);
  assert.is(store.swap(policy('sha256:two', false)), first);
  const decided = store.decide(input);
  assert.is(decided.policyDigest, 'sha256:two');
  assert.is(decided.verdict.allowed, false);
  assert.is(store.current?.digest, 'sha256:two');
});

test('module names are sorted', () => {
  assert.equal([...policy('d', true).modules], ['a.rego', 'b.rego']);
});

test.run();
