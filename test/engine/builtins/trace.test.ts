import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostBuiltins } from '../../../engine/builtins/index.js';
import { buildInput } from '../../../engine/decision/input.js';
import { buildPolicy } from '../../../engine/policy/build.js';
import { context } from '../decision/fixtures.js';

test('trace is true, as in OPA', () => {
  assert.is(hostBuiltins['trace']!('a note'), true);
});

test('a policy with trace() calls left in compiles and decides as without them', async () => {
  const policy = await buildPolicy({ modules: { 'mcp.rego': 'package mcp\nimport rego.v1\nallow if {\n\ttrace(sprintf("method %s", [input.method]))\n\tinput.method == "ping"\n}\n' }, data: {} });
  assert.is(policy.evaluate(buildInput({ jsonrpc: '2.0', id: 1, method: 'ping' }, context())).allowed, true);
  assert.is(policy.evaluate(buildInput({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, context())).allowed, false);
});

test.run();
