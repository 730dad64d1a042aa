import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../engine/compiler/index.js';
import { evaluateDirect, evaluateDirectText } from '../../../engine/policy/direct-eval.js';
import { loadPolicyWasm } from '../../../engine/policy/load-wasm.js';

const SOURCE = `package d
import rego.v1
echo := {"input": input, "data": data.config, "n": count(object.keys(input))}
`;

async function loaded() {
  const { wasm, entrypoints } = await compile({ modules: { 'd.rego': SOURCE }, entrypoints: ['d/echo'] });
  const policy = await loadPolicyWasm(wasm);
  policy.setData({ config: { mode: 'x' } });
  return { policy, entrypoint: entrypoints['d/echo']! };
}

const inputs: unknown[] = [
  { a: 1, b: 'two' },
  { text: 'héllo wörld 😀 ✓', nested: { list: [1, 2.5, null, true] } },
  { big: 'y'.repeat(2_000_000) },
  { after: 'a smaller input again' },
];

test('gives the result set the SDK gives, for unicode and for inputs that grow the memory', async () => {
  const { policy, entrypoint } = await loaded();
  for (const input of inputs) {
    const text = JSON.stringify(input);
    const direct = evaluateDirect(policy, text, entrypoint);
    assert.equal(direct, policy.evaluate(input, entrypoint), text.slice(0, 60));
  }
});

test('follows setData, which moves the data and the heap', async () => {
  const { policy, entrypoint } = await loaded();
  policy.setData({ config: { mode: 'changed', padding: 'z'.repeat(100_000) } });
  const result = evaluateDirect(policy, '{"k":1}', entrypoint) as Array<{ result: { data: { mode: string } } }>;
  assert.is(result[0]!.result.data.mode, 'changed');
});

test('after the memory grew past 2 GiB (a huge evaluation), inputs still arrive whole and results are read', async () => {
  const { policy, entrypoint } = await loaded();
  const mem = policy.mem!;
  mem.grow(2 ** 31 / 65536 + 16 - mem.buffer.byteLength / 65536);
  assert.ok(mem.buffer.byteLength > 2 ** 31);
  for (const input of [{ a: 1 }, { text: 'x'.repeat(5000) }]) {
    const text = JSON.stringify(input);
    assert.equal(evaluateDirect(policy, text, entrypoint), policy.evaluate(input, entrypoint), text.slice(0, 40));
  }
});

test('the text form keeps the digits of numbers past 2^53; an empty input is no input', async () => {
  const { policy, entrypoint } = await loaded();
  const text = evaluateDirectText(policy, '{"ns":1704060000123456789}', entrypoint)!;
  assert.match(text, '"ns":1704060000123456789');
  assert.is(evaluateDirectText(policy, '', entrypoint), '[]');
});

test('an evaluator without the SDK fast-path fields, or a named entrypoint, is left to evaluate()', async () => {
  const { policy } = await loaded();
  assert.is(evaluateDirect({}, '{}', 0), undefined);
  assert.is(evaluateDirect(policy, '{}', 'd/echo'), undefined);
  assert.is(evaluateDirect({ ...policy, wasmInstance: policy.wasmInstance, minorVersion: 1 }, '{}', 0), undefined);
});

test.run();
