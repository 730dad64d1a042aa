import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Func } from '../../../../engine/compiler/ir.js';
import { block, bool, evalRaw, load, local, policy, resultOf, str } from './helpers.js';

// A plan that reads input.x and answers {"result": input.x}.
const inputX = policy({
  strings: ['x', 'result'],
  plans: [{ name: 'p/x', blocks: [block({ type: 'Dot', source: local(0), key: str(0), target: 2 }, ...resultOf(2, 1))] }],
});

test('Dot on input: defined, undefined and no input', async () => {
  const lp = await load(inputX);
  assert.equal(lp.evaluate({ x: 7 }), [{ result: 7 }]);
  assert.equal(lp.evaluate({ x: { a: [1, 'two', null] } }), [{ result: { a: [1, 'two', null] } }]);
  assert.equal(lp.evaluate({ y: 7 }), []);
  assert.equal(lp.evaluate(undefined), []);
  assert.equal(lp.evaluate([1, 2]), []);
});

test('Scan adds one result per element; a failing statement skips only that iteration', async () => {
  // result = v for each v in input with v != 2
  const p = policy({
    strings: ['result'],
    plans: [{ name: 'p/scan', blocks: [block({
      type: 'Scan', source: 0, key: 2, value: 3, block: block(
        { type: 'MakeNumberInt', value: 2, target: 4 },
        { type: 'NotEqual', a: local(3), b: local(4) },
        ...resultOf(3, 0),
      ),
    })] }],
  });
  const lp = await load(p);
  assert.equal(lp.evaluate([1, 2, 3]), [{ result: 1 }, { result: 3 }]);
  assert.equal(lp.evaluate({ a: 'x', b: 2 }), [{ result: 'x' }]);
  assert.equal(lp.evaluate('scalar'), []);
  assert.equal(lp.evaluate([]), []);
});

test('Scan binds keys: array indexes and object keys', async () => {
  const p = policy({
    strings: ['result'],
    plans: [{ name: 'p/keys', blocks: [block({ type: 'Scan', source: 0, key: 2, value: 3, block: block(...resultOf(2, 0)) })] }],
  });
  const lp = await load(p);
  assert.equal(lp.evaluate(['a', 'b']), [{ result: 0 }, { result: 1 }]);
  assert.equal(lp.evaluate({ k2: 1, k1: 2 }), [{ result: 'k1' }, { result: 'k2' }]);
});

test('Not fails when its block completes and continues when it is left early', async () => {
  // result = true if not input.deny
  const p = policy({
    strings: ['deny', 'result'],
    plans: [{ name: 'p/not', blocks: [block(
      { type: 'Not', block: block({ type: 'Dot', source: local(0), key: str(0), target: 2 }) },
      { type: 'AssignVar', source: bool(true), target: 3 },
      ...resultOf(3, 1),
    )] }],
  });
  const lp = await load(p);
  assert.equal(lp.evaluate({}), [{ result: true }]);
  assert.equal(lp.evaluate({ deny: false }), []);
});

test('Block runs every inner block; Break leaves the requested number of blocks', async () => {
  // Block 1 breaks out of itself early (the next block still runs); block 2 breaks out of the
  // plan's block, so the final ResultSetAdd is skipped.
  const p = policy({
    strings: ['result', 'stop'],
    plans: [{ name: 'p/break', blocks: [block(
      { type: 'MakeArray', capacity: 2, target: 2 },
      { type: 'Block', blocks: [
        block({ type: 'Break', index: 0 }, { type: 'ArrayAppend', value: str(1), array: 2 }),
        block({ type: 'MakeNumberInt', value: 1, target: 3 }, { type: 'ArrayAppend', value: local(3), array: 2 }),
      ] },
      ...resultOf(2, 0),
      { type: 'Dot', source: local(0), key: str(1), target: 4 },
      { type: 'Block', blocks: [block({ type: 'Break', index: 1 })] },
      ...resultOf(4, 0),
    )] }],
  });
  const lp = await load(p);
  assert.equal(lp.evaluate({}), [{ result: [1] }]);
  assert.equal(lp.evaluate({ stop: 1 }), [{ result: [1] }]);
});

test('With replaces input at a path for its block only, including when broken out of', async () => {
  // inside: result = input.a.b with input.a.b as 5; after the With, input is the original again.
  const p = policy({
    strings: ['a', 'b', 'result', 'inner', 'outer'],
    plans: [{ name: 'p/with', blocks: [block(
      { type: 'MakeNumberInt', value: 5, target: 2 },
      { type: 'MakeObject', target: 10 },
      { type: 'With', local: 0, path: [0, 1], value: local(2), block: block(
        { type: 'Dot', source: local(0), key: str(0), target: 3 },
        { type: 'Dot', source: local(3), key: str(1), target: 4 },
        { type: 'ObjectInsert', key: str(3), value: local(4), object: 10 },
        { type: 'ResultSetAdd', value: 10 },
        { type: 'Break', index: 1 },
      ) },
    ), block(
      { type: 'MakeObject', target: 10 },
      { type: 'ObjectInsert', key: str(4), value: local(0), object: 10 },
      ...resultOf(10, 2),
    )] }],
  });
  const lp = await load(p);
  assert.equal(lp.evaluate({ a: { c: 1 } }), [{ inner: 5 }, { result: { outer: { a: { c: 1 } } } }]);
  assert.equal(lp.evaluate(undefined), [{ inner: 5 }]);
});

test('With on data with an empty path replaces the whole document', async () => {
  const p = policy({
    strings: ['result', 'v'],
    plans: [{ name: 'p/data', blocks: [block(
      { type: 'With', local: 1, path: [], value: local(0), block: block(
        { type: 'Dot', source: local(1), key: str(1), target: 2 },
        ...resultOf(2, 0),
      ) },
      { type: 'Dot', source: local(1), key: str(1), target: 3 },
      ...resultOf(3, 0),
    )] }],
  });
  const lp = await load(p);
  lp.setData({ v: 'from data' });
  assert.equal(lp.evaluate({ v: 'from input' }), [{ result: 'from data' }, { result: 'from input' }]);
});

const double: Func = {
  name: 'g0.data.lib.double', path: ['g0', 'lib', 'double'], params: [0, 1, 2], return: 3,
  blocks: [block(
    { type: 'Call', func: 'plus', args: [local(2), local(2)], result: 4 },
    { type: 'AssignVarOnce', source: local(4), target: 3 },
  ), block({ type: 'ReturnLocal', source: 3 })],
};

test('Call of an IR func that calls a builtin', async () => {
  const p = policy({
    strings: ['x', 'result'],
    funcs: [double],
    plans: [{ name: 'p/call', blocks: [block(
      { type: 'Dot', source: local(0), key: str(0), target: 2 },
      { type: 'Call', func: double.name, args: [local(0), local(1), local(2)], result: 3 },
      ...resultOf(3, 1),
    )] }],
  });
  const lp = await load(p, { plus: (a: unknown, b: unknown) => (a as number) + (b as number) });
  assert.equal(lp.evaluate({ x: 21 }), [{ result: 42 }]);
  assert.equal(lp.evaluate({}), []);
});

test('CallDynamic resolves the path at run time', async () => {
  const p = policy({
    strings: ['g0', 'lib', 'double', 'f', 'result'],
    funcs: [double],
    plans: [{ name: 'p/dyn', blocks: [block(
      { type: 'Dot', source: local(0), key: str(3), target: 2 },
      { type: 'MakeNumberInt', value: 4, target: 3 },
      { type: 'CallDynamic', path: [str(0), str(1), local(2)], args: [0, 1, 3], result: 4 },
      ...resultOf(4, 4),
    )] }],
  });
  const lp = await load(p, { plus: (a: unknown, b: unknown) => (a as number) + (b as number) });
  assert.equal(lp.evaluate({ f: 'double' }), [{ result: 8 }]);
  assert.equal(lp.evaluate({ f: 'triple' }), []);
  assert.equal(lp.evaluate({}), []);
});

test('host builtin results declared as sets come back as sets', async () => {
  const p = policy({
    strings: ['result'],
    builtins: [{ name: 'custom.members', decl: { args: [{ type: 'any' }], result: { type: 'set' } } }],
    plans: [{ name: 'p/set', blocks: [block(
      { type: 'Call', func: 'custom.members', args: [local(0)], result: 2 },
      { type: 'IsSet', source: local(2) },
      ...resultOf(2, 0),
    )] }],
  });
  const lp = await load(p, { 'custom.members': (x: unknown) => x });
  assert.equal(lp.evaluate(['b', 'a', 'b']), [{ result: ['a', 'b'] }]);
});

test('Len, Equal and type tests', async () => {
  const p = policy({
    strings: ['result', 'héllo'],
    plans: [{ name: 'p/len', blocks: [
      block({ type: 'IsArray', source: local(0) }, { type: 'Len', source: local(0), target: 2 }, ...resultOf(2, 0)),
      block({ type: 'IsObject', source: local(0) }, { type: 'Len', source: local(0), target: 2 }, ...resultOf(2, 0)),
      block({ type: 'Equal', a: local(0), b: str(1) }, { type: 'Len', source: str(1), target: 2 }, ...resultOf(2, 0)),
    ] }],
  });
  const lp = await load(p);
  assert.equal(lp.evaluate([1, 2, 3]), [{ result: 3 }]);
  assert.equal(lp.evaluate({ a: 1 }), [{ result: 1 }]);
  assert.equal(lp.evaluate('héllo'), [{ result: 5 }]);
  assert.equal(lp.evaluate(true), []);
});

test('numbers: MakeNumberRef keeps big integers exact, MakeNull, sets and ObjectMerge', async () => {
  const p = policy({
    strings: ['result', '123456789012345678901234567890', 'a', 'b'],
    plans: [{ name: 'p/values', blocks: [block(
      { type: 'MakeNumberRef', index: 1, target: 2 },
      { type: 'MakeNull', target: 3 },
      { type: 'MakeSet', target: 4 },
      { type: 'SetAdd', value: str(3), set: 4 },
      { type: 'SetAdd', value: str(2), set: 4 },
      { type: 'SetAdd', value: str(3), set: 4 },
      { type: 'MakeObject', target: 5 },
      { type: 'ObjectInsert', key: str(2), value: local(2), object: 5 },
      { type: 'MakeObject', target: 6 },
      { type: 'ObjectInsert', key: str(3), value: local(4), object: 6 },
      { type: 'ObjectInsert', key: str(2), value: local(3), object: 6 },
      { type: 'ObjectMerge', a: 5, b: 6, target: 7 },
      ...resultOf(7, 0),
    )] }],
  });
  // Through the raw text: JSON.parse in the SDK would round the big integer.
  assert.is(evalRaw(await load(p)), '[{"result":{"a":123456789012345678901234567890,"b":["a","b"]}}]');
});

test('IsDefined, IsUndefined, ResetLocal and AssignInt', async () => {
  const p = policy({
    strings: ['result', 'x'],
    plans: [{ name: 'p/defined', blocks: [
      block({ type: 'Dot', source: local(0), key: str(1), target: 2 }, { type: 'ResetLocal', target: 2 },
        { type: 'IsUndefined', source: 2 }, { type: 'AssignInt', value: 1, target: 3 }, ...resultOf(3, 0)),
      block({ type: 'Dot', source: local(0), key: str(1), target: 2 }, { type: 'IsDefined', source: 2 },
        { type: 'AssignInt', value: 2, target: 3 }, ...resultOf(3, 0)),
    ] }],
  });
  const lp = await load(p);
  assert.equal(lp.evaluate({ x: 0 }), [{ result: 1 }, { result: 2 }]);
  assert.equal(lp.evaluate({}), []);
});

test.run();
