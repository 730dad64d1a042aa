/**
 * Runs the test_* rules of policies/mcp_test.rego against policies/mcp.rego through the real
 * compiler and SDK: each test rule is an entrypoint and must evaluate to true.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile } from '../../../engine/compiler/index.js';
import { hostBuiltins } from '../../../engine/builtins/index.js';
import { fromRoot } from './paths.js';

const policySource = readFileSync(fromRoot('policies', 'mcp.rego'), 'utf8');
const testSource = readFileSync(fromRoot('policies', 'mcp_test.rego'), 'utf8');
const testNames = [...testSource.matchAll(/^(test_\w+)\s+if\b/gm)].map((m) => m[1]!);

test('the test file has tests', () => {
  assert.ok(testNames.length >= 15, `found ${testNames.length}`);
});

const compiled = compile({
  modules: { 'mcp.rego': policySource, 'mcp_test.rego': testSource },
  entrypoints: testNames.map((name) => `mcp_test/${name}`),
}).then(async (out) => ({ out, policy: await loadPolicy(out.wasm as Uint8Array<ArrayBuffer>, undefined, hostBuiltins) }));
// Reported per test below; this only keeps an early rejection from being "unhandled".
compiled.catch(() => undefined);

for (const name of testNames) {
  test(name, async () => {
    const { policy } = await compiled;
    assert.equal(policy.evaluate({}, `mcp_test/${name}`), [{ result: true }]);
  });
}

test.run();
