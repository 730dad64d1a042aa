/**
 * The fuel counter through the real compiler, runtime and SDK: a policy that does more work
 * than its limit aborts with FUEL_EXHAUSTED, every evaluation starts with the full limit, and
 * the default limit leaves ordinary evaluation alone.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile } from '../../../../engine/compiler/index.js';
import { DEFAULT_FUEL_LIMIT, FUEL_EXHAUSTED, FUEL_LIMIT_EXPORT } from '../../../../engine/compiler/wasm/fuel.js';

async function load(source: string) {
  const out = await compile({ modules: { 'p.rego': source }, entrypoints: ['p/r'] });
  const policy = await loadPolicy(out.wasm as Uint8Array<ArrayBuffer>);
  const instance = policy.wasmInstance as WebAssembly.Instance;
  const limit = instance.exports[FUEL_LIMIT_EXPORT] as WebAssembly.Global;
  return { policy, limit };
}

function abortText(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return String(error);
  }
  return 'no abort';
}

// 100 x 100 iterations of the inner scan, plus the outer ones, the rule calls and one unit per
// value numbers.range builds: about 20,300 units.
const nested = 'package p\nimport rego.v1\nr := count([1 | some i in numbers.range(1, 100); some j in numbers.range(1, 100)])\n';

test('the default limit is the largest i32 and ordinary work stays within it', async () => {
  const { policy, limit } = await load(nested);
  assert.is(limit.value, DEFAULT_FUEL_LIMIT);
  assert.equal(policy.evaluate({}, 'p/r'), [{ result: 10_000 }]);
});

test('scan iterations burn fuel: too small a limit aborts with the budget text', async () => {
  const { policy, limit } = await load(nested);
  limit.value = 5_000;
  assert.is(abortText(() => policy.evaluate({}, 'p/r')), FUEL_EXHAUSTED);
  limit.value = 50_000;
  assert.equal(policy.evaluate({}, 'p/r'), [{ result: 10_000 }]);
});

test('function calls burn fuel', async () => {
  const calls = 'package p\nimport rego.v1\nf(x) := x\nr := [f(1), f(2), f(3), f(4), f(5), f(6)]\n';
  const { policy, limit } = await load(calls);
  limit.value = 3;
  assert.is(abortText(() => policy.evaluate({}, 'p/r')), FUEL_EXHAUSTED);
  limit.value = 100;
  assert.equal(policy.evaluate({}, 'p/r'), [{ result: [1, 2, 3, 4, 5, 6] }]);
});

test('each evaluation starts with the full limit, also after an abort', async () => {
  const { policy, limit } = await load(nested);
  limit.value = 50_000;
  for (let i = 0; i < 5; i++) assert.equal(policy.evaluate({}, 'p/r'), [{ result: 10_000 }]);
  limit.value = 10;
  assert.is(abortText(() => policy.evaluate({}, 'p/r')), FUEL_EXHAUSTED);
  limit.value = 50_000;
  assert.equal(policy.evaluate({}, 'p/r'), [{ result: 10_000 }]);
});

test('a limit of zero aborts before any rule runs', async () => {
  const { policy, limit } = await load('package p\nr := 1\n');
  limit.value = 0;
  assert.is(abortText(() => policy.evaluate({}, 'p/r')), FUEL_EXHAUSTED);
});

test('numbers.range burns one unit per value, before building them', async () => {
  const { policy, limit } = await load('package p\nr := count(numbers.range(1, 1000))\n');
  limit.value = 900;
  assert.is(abortText(() => policy.evaluate({}, 'p/r')), FUEL_EXHAUSTED);
  limit.value = 1100;
  assert.equal(policy.evaluate({}, 'p/r'), [{ result: 1000 }]);
});

const big = 'x'.repeat(1 << 20);

test('memory past the first 256 MiB of an evaluation burns fuel (a unit per 256 bytes); writing the input is free', async () => {
  const { policy, limit } = await load('package p\nimport rego.v1\nr := count([x | some i in numbers.range(1, input.n); x := concat("", [input.s, "a"])])\n');
  limit.value = 5_000;
  assert.equal(policy.evaluate({ n: 200, s: big }, 'p/r'), [{ result: 200 }], '200 MiB: iterations only, and a 1 MiB input costs its parse nothing');
  assert.is(abortText(() => policy.evaluate({ n: 320, s: big }, 'p/r')), FUEL_EXHAUSTED);
  limit.value = 1_000_000;
  assert.equal(policy.evaluate({ n: 320, s: big }, 'p/r'), [{ result: 320 }], '64 MiB past the allowance: about 262,000 units');
});

test('sort burns fuel for its comparisons, json.marshal for the text it writes', async () => {
  const arr = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 5000);
  const sorted = await load('package p\nimport rego.v1\nr := count(sort(input.arr))\n');
  sorted.limit.value = 5_000;
  assert.is(abortText(() => sorted.policy.evaluate({ arr }, 'p/r')), FUEL_EXHAUSTED);
  sorted.limit.value = 50_000;
  assert.equal(sorted.policy.evaluate({ arr }, 'p/r'), [{ result: 5000 }]);
  const marshal = await load('package p\nimport rego.v1\nr := count(json.marshal(input.v))\n');
  const v = { list: Array.from({ length: 5000 }, (_, i) => `item-${i}`) };
  marshal.limit.value = 2_000;
  assert.is(abortText(() => marshal.policy.evaluate({ v }, 'p/r')), FUEL_EXHAUSTED);
  marshal.limit.value = 50_000;
  assert.equal(marshal.policy.evaluate({ v }, 'p/r'), [{ result: JSON.stringify(v).length }]);
});

test('after an exhausted evaluation, setData and the next evaluation are not charged for it', async () => {
  const { policy, limit } = await load(nested);
  limit.value = 10;
  assert.is(abortText(() => policy.evaluate({}, 'p/r')), FUEL_EXHAUSTED);
  policy.setData({ padding: 'y'.repeat(1 << 20) });
  limit.value = 50_000;
  assert.equal(policy.evaluate({}, 'p/r'), [{ result: 10_000 }]);
});

test.run();
