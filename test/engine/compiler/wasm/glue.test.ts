import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { abortMessage, block, cstring, evalRaw, exported, load, local, policy, resultOf, str } from './helpers.js';

// Two entrypoints: "a/x" answers input.x, "b/set" answers a set built from data.items.
const twoPlans = policy({
  strings: ['x', 'result', 'items'],
  plans: [
    { name: 'a/x', blocks: [block({ type: 'Dot', source: local(0), key: str(0), target: 2 }, ...resultOf(2, 1))] },
    { name: 'b/set', blocks: [block(
      { type: 'Dot', source: local(1), key: str(2), target: 2 },
      { type: 'MakeSet', target: 3 },
      { type: 'Scan', source: 2, key: 4, value: 5, block: block({ type: 'SetAdd', value: local(5), set: 3 }) },
      ...resultOf(3, 1),
    )] },
  ],
});

/** Evaluates through the pre-1.2 ABI: ctx, eval, get_result, json_dump. */
function evalCtx(lp: LoadedPolicy, entrypoint: number, input: unknown): unknown {
  const call = (name: string, ...args: number[]): number => exported(lp, name)(...args);
  call('opa_heap_ptr_set', lp.dataHeapPtr);
  const text = new TextEncoder().encode(JSON.stringify(input));
  const addr = call('opa_malloc', text.length);
  new Uint8Array(lp.mem.buffer).set(text, addr);
  const inputValue = call('opa_json_parse', addr, text.length);
  const ctx = call('opa_eval_ctx_new');
  call('opa_eval_ctx_set_input', ctx, inputValue);
  call('opa_eval_ctx_set_data', ctx, lp.dataAddr);
  call('opa_eval_ctx_set_entrypoint', ctx, entrypoint);
  assert.is(call('eval', ctx), 0);
  return JSON.parse(cstring(lp, call('opa_json_dump', call('opa_eval_ctx_get_result', ctx))));
}

test('entrypoints() lists plans in order; the SDK picks them by name', async () => {
  const lp = await load(twoPlans);
  assert.equal(lp.entrypoints, { 'a/x': 0, 'b/set': 1 });
  lp.setData({ items: [3, 1, 3] });
  assert.equal(lp.evaluate({ x: 'y' }, 'a/x'), [{ result: 'y' }]);
  assert.equal(lp.evaluate({}, 'b/set'), [{ result: [1, 3] }]);
  assert.equal(lp.evaluate({}, 1), [{ result: [1, 3] }]);
});

test('the ctx path (eval and opa_eval_ctx_*) gives the same result sets', async () => {
  const lp = await load(twoPlans);
  lp.setData({ items: ['b', 'a'] });
  assert.equal(evalCtx(lp, 0, { x: 7 }), [{ result: 7 }]);
  assert.equal(evalCtx(lp, 1, null), [{ result: ['a', 'b'] }]);
  assert.equal(evalCtx(lp, 0, {}), []);
});

test('an illegal entrypoint id aborts on both paths', async () => {
  const lp = await load(twoPlans);
  assert.is(abortMessage(() => lp.evaluate({}, 2)), 'invalid entrypoint id');
  assert.is(abortMessage(() => lp.evaluate({}, -1)), 'invalid entrypoint id');
  assert.is(abortMessage(() => evalCtx(lp, 5, {})), 'invalid entrypoint id');
});

test('a policy without plans loads, and every entrypoint is illegal', async () => {
  const lp = await load(policy({}));
  assert.equal(lp.entrypoints, {});
  assert.is(abortMessage(() => lp.evaluate({})), 'invalid entrypoint id');
});

test('opa_eval format 1 dumps Rego values (sets as sets)', async () => {
  const lp = await load(twoPlans);
  lp.setData({ items: [2, 1] });
  assert.is(evalRaw(lp, 1, 0), '[{"result":[1,2]}]');
  assert.match(evalRaw(lp, 1, 1), /\{1, ?2\}/);
});

test('builtins() maps host builtin names to the ids the code calls', async () => {
  const p = policy({
    strings: ['result'],
    plans: [{ name: 'p', blocks: [block(
      { type: 'Call', func: 'custom.first', args: [local(0)], result: 2 },
      { type: 'Call', func: 'custom.second', args: [local(2), local(2)], result: 3 },
      { type: 'Call', func: 'custom.first', args: [local(3)], result: 4 },
      ...resultOf(4, 0),
    )] }],
  });
  const lp = await load(p, {
    'custom.first': (x: unknown) => `first(${String(x)})`,
    'custom.second': (a: unknown, b: unknown) => `${String(a)}+${String(b)}`,
  });
  const builtins = JSON.parse(cstring(lp, exported(lp, 'opa_json_dump')(exported(lp, 'builtins')())));
  assert.equal(builtins, { 'custom.first': 0, 'custom.second': 1 });
  assert.equal(lp.evaluate('z'), [{ result: 'first(first(z)+first(z))' }]);
});

test('repeated evaluations reuse the heap and stay correct', async () => {
  const lp = await load(twoPlans);
  lp.setData({ items: [1] });
  const heap = lp.dataHeapPtr;
  for (let i = 0; i < 2000; i++) assert.equal(lp.evaluate({ x: i }), [{ result: i }]);
  assert.is(lp.dataHeapPtr, heap);
  assert.equal(lp.evaluate({}, 'b/set'), [{ result: [1] }]);
});

test('input given in Rego value syntax parses on the fast path', async () => {
  const lp = await load(twoPlans);
  const input = new TextEncoder().encode('{"x": {1, 2}}');
  assert.equal(lp.evaluate(input.buffer), [{ result: [1, 2] }]);
});

test.run();
