/**
 * Rule memoization: a rule referenced many times is computed once per evaluation, and again
 * in the next evaluation. Counted through a host builtin's calls, not timed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile, hostBuiltins } from '../../../../engine/index.js';

// Each level refers to the one below twice: without memoization base64.encode runs 2^12 times.
const levels = Array.from({ length: 12 }, (_, i) => `p${i + 1} := [p${i}, p${i}]`).join('\n');
const source = `package t\nimport rego.v1\np0 := base64.encode(input.s)\n${levels}\nout := count(p12)\n`;

test('memo: a rule is computed once per evaluation, and again for the next', async () => {
  let calls = 0;
  const counting = { ...hostBuiltins, 'base64.encode': (...args: unknown[]) => { calls++; return hostBuiltins['base64.encode']!(...args); } };
  const { wasm } = await compile({ modules: { 't.rego': source }, entrypoints: ['t/out'] });
  const policy = await loadPolicy(wasm, undefined, counting);
  assert.equal(policy.evaluate({ s: 'a' }, 't/out'), [{ result: 2 }]);
  assert.is(calls, 1);
  assert.equal(policy.evaluate({ s: 'b' }, 't/out'), [{ result: 2 }]);
  assert.is(calls, 2, 'a new evaluation does not reuse the previous one');
});

test.run();
