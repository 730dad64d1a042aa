import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../../engine/compiler/index.js';
import { loadRuntime } from '../../../../engine/compiler/wasm/index.js';
import { readModule } from '../../../../engine/compiler/wasm/module-reader.js';
import { CHUNK_STMTS, SPLIT_FUNC_STMTS } from '../../../../engine/compiler/wasm/split.js';
import { loadPolicyWasm } from '../../../../engine/policy/load-wasm.js';

const RULES = 1500;

/** Rules of the default policy's shape, plus a complete rule and a set rule with many definitions. */
function manyRules(n: number): string {
  const lines = ['package big', 'import rego.v1', ''];
  for (let i = 0; i < n; i++) {
    lines.push(`allow if { input.name == "tool_${i}"; input.x == ${i} }`);
    if (i % 3 === 0) lines.push(`deny contains "no_${i}" if { input.name == "tool_${i}"; input.x > ${i} }`);
    if (i % 5 === 0) lines.push(`level := ${i} if { input.level == ${i} }`);
  }
  // matches together with any level definition: two outputs for one complete rule
  lines.push('level := -1 if input.clash');
  return lines.join('\n');
}

async function compiled(n: number) {
  return compile({ modules: { 'big.rego': manyRules(n) }, entrypoints: ['big/allow', 'big/deny', 'big/level'] });
}

test('a func far larger than one helper is split into bounded wasm functions', async () => {
  assert.ok(RULES * 3 > SPLIT_FUNC_STMTS, 'the policy must be large enough to be split');
  const out = await compiled(RULES);
  const runtime = readModule(await loadRuntime());
  const generated = readModule(out.wasm).code.slice(runtime.code.length);
  const largest = Math.max(...generated.map((body) => body.length));
  // a chunk is at most CHUNK_STMTS statements of a few dozen bytes each; one func of 1,500
  // rule bodies would be over 100 KB
  assert.ok(largest < CHUNK_STMTS * 64, `largest generated function is ${largest} bytes`);
  assert.ok(generated.length > RULES / 50, `only ${generated.length} generated functions`);
});

test('split funcs decide as the rules say: allow, deny contains, complete rules', async () => {
  const out = await compiled(RULES);
  const policy = await loadPolicyWasm(out.wasm, {});
  const evaluate = (name: string, input: unknown): unknown => (policy.evaluate(input, name) as Array<{ result: unknown }>)[0]?.result;
  for (const i of [0, 1, 299, 750, RULES - 1]) {
    assert.is(evaluate('big/allow', { name: `tool_${i}`, x: i }), true, `allow tool_${i}`);
    assert.is(evaluate('big/allow', { name: `tool_${i}`, x: i + 1 }), undefined, `tool_${i} with another x`);
  }
  assert.equal(evaluate('big/deny', { name: 'tool_300', x: 301 }), ['no_300']);
  assert.equal(evaluate('big/deny', { name: 'tool_301', x: 302 }), []);
  assert.is(evaluate('big/level', { level: 1495 }), 1495);
  assert.is(evaluate('big/level', { level: 1496 }), undefined);
});

test('conflicting definitions in different helpers still abort as one complete rule', async () => {
  const out = await compiled(RULES);
  const policy = await loadPolicyWasm(out.wasm, {});
  // the SDK rethrows the abort message as it is, not always as an Error
  let thrown: unknown;
  try {
    policy.evaluate({ level: 5, clash: true }, 'big/level');
  } catch (error) {
    thrown = error;
  }
  assert.match(String(thrown), /big\.rego:\d+:1: eval_conflict_error: complete rules must not produce multiple outputs/);
});

test.run();
