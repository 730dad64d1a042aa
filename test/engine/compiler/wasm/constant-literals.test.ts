/**
 * Collection literals of string and boolean constants laid out in the data segment: which Make
 * statements fold (hand-written IR), what they hold (read back from the data segment as the
 * runtime lays collections out), and compiled Rego whose shared constants are used in every way
 * a policy can use them, evaluated many times over, so that a constant changed in place would show.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile } from '../../../../engine/index.js';
import type { Func, Policy } from '../../../../engine/compiler/ir.js';
import { constantLiterals } from '../../../../engine/compiler/wasm/constant-literals.js';
import { DataLayout } from '../../../../engine/compiler/wasm/data-layout.js';
import { block, bool, local, policy, str } from './helpers.js';

type Bare = Parameters<typeof block>[number];

const BASE = 1024;
const STRINGS = ['b', 'a', 'k', 'v', 'w', 'é', 'ab'];

function func(name: string, ...stmts: Bare[]): Func {
  return { name, path: [name], params: [0, 1], return: 2, blocks: [block(...stmts)] };
}

/** Stand-ins for the runtime's boolean singletons, outside the data laid out here. */
const SINGLETONS = { null: 8, true: 24, false: 16 };

function folded(p: Policy, singletons?: typeof SINGLETONS): { count: number; absorbed: number; data: DataLayout; values: number[] } {
  const data = new DataLayout(BASE);
  const found = constantLiterals(p, data, singletons);
  return { count: found.values.size, absorbed: found.absorbed.size, data, values: [...found.values.values()] };
}

/** A collection read back the way the runtime reads it: its type tag, and its slots' strings. */
function readBack(data: DataLayout, addr: number): { type: number; members: string[] } {
  const bytes = data.finish();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number): number => view.getUint32(at - BASE, true);
  const text = (value: number): string => {
    if (value === SINGLETONS.true || value === SINGLETONS.false) return String(value === SINGLETONS.true);
    return new TextDecoder().decode(bytes.subarray(u32(value + 8) - BASE, u32(value + 8) - BASE + u32(value + 4)));
  };
  const type = view.getUint8(addr - BASE);
  const slots = (type === 6 ? 2 : 1) * u32(addr + 4);
  assert.is(u32(addr + 8), u32(addr + 4), 'capacity is the length');
  return { type, members: Array.from({ length: slots }, (_, i) => text(u32(u32(addr + 12) + 4 * i))) };
}

test('a set, an array and an object of string constants fold: sets sorted by bytes and deduplicated, the last value of a key kept', () => {
  const p = policy({
    strings: STRINGS,
    funcs: [func('f',
      { type: 'MakeSet', target: 3 }, { type: 'SetAdd', value: str(0), set: 3 }, { type: 'SetAdd', value: str(5), set: 3 },
      { type: 'SetAdd', value: str(6), set: 3 }, { type: 'SetAdd', value: str(1), set: 3 }, { type: 'SetAdd', value: str(0), set: 3 },
      { type: 'MakeArray', capacity: 2, target: 4 }, { type: 'ArrayAppend', value: str(0), array: 4 }, { type: 'ArrayAppend', value: str(0), array: 4 },
      { type: 'MakeObject', target: 5 }, { type: 'ObjectInsert', key: str(2), value: str(3), object: 5 },
      { type: 'ObjectInsert', key: str(1), value: str(3), object: 5 }, { type: 'ObjectInsert', key: str(2), value: str(4), object: 5 },
      { type: 'MakeObject', target: 6 },
    )],
  });
  const { count, absorbed, data, values } = folded(p);
  assert.is(count, 4);
  assert.is(absorbed, 10);
  assert.equal(values.map((addr) => readBack(data, addr)), [
    { type: 7, members: ['a', 'ab', 'b', 'é'] },
    { type: 5, members: ['b', 'b'] },
    { type: 6, members: ['a', 'v', 'k', 'w'] },
    { type: 6, members: [] },
  ]);
});

test('booleans fold too, as the runtime\'s singletons, given their addresses: in a set ordered before strings, false first', () => {
  const members: Bare[] = [
    { type: 'MakeSet', target: 3 }, { type: 'SetAdd', value: str(0), set: 3 }, { type: 'SetAdd', value: bool(true), set: 3 },
    { type: 'SetAdd', value: bool(false), set: 3 }, { type: 'SetAdd', value: bool(true), set: 3 },
    { type: 'MakeArray', capacity: 2, target: 4 }, { type: 'ArrayAppend', value: bool(true), array: 4 }, { type: 'ArrayAppend', value: str(1), array: 4 },
    { type: 'MakeObject', target: 5 }, { type: 'ObjectInsert', key: str(2), value: bool(false), object: 5 },
  ];
  const p = policy({ strings: STRINGS, funcs: [func('f', ...members)] });
  assert.is(folded(p).count, 0, 'without the singletons\' addresses, no literal holding a boolean folds');
  const { count, data, values } = folded(p, SINGLETONS);
  assert.is(count, 3);
  assert.equal(values.map((addr) => readBack(data, addr).members), [['false', 'true', 'b'], ['true', 'a'], ['k', 'false']]);
});

test('an array or object whose values are literals folded just before folds too; a set of them does not', () => {
  const inner: Bare[] = [{ type: 'MakeArray', capacity: 1, target: 3 }, { type: 'ArrayAppend', value: str(0), array: 3 }];
  const p = policy({
    strings: STRINGS,
    funcs: [func('f', ...inner,
      { type: 'MakeArray', capacity: 0, target: 4 },
      { type: 'MakeObject', target: 5 }, { type: 'ObjectInsert', key: str(2), value: local(3), object: 5 },
      { type: 'ObjectInsert', key: str(1), value: local(4), object: 5 },
      { type: 'MakeArray', capacity: 1, target: 6 }, { type: 'ArrayAppend', value: local(5), array: 6 },
      { type: 'MakeSet', target: 7 }, { type: 'SetAdd', value: local(3), set: 7 },
    )],
  });
  const { count, data, values } = folded(p);
  assert.is(count, 4, 'the two arrays, the object holding them, the array holding that; not the set');
  const bytes = data.finish();
  const u32 = (at: number): number => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at - BASE, true);
  const [array, empty, object, outer] = values as [number, number, number, number];
  assert.equal([u32(object + 4), u32(u32(object + 12)), u32(u32(object + 12) + 4), u32(u32(object + 12) + 8), u32(u32(object + 12) + 12)],
    [2, data.stringValue('a'), empty, data.stringValue('k'), array], 'keys sorted, each with its nested literal');
  assert.is(u32(u32(outer + 12)), object);
});

test('no nested fold when the nested local may hold something else by then: assigned, or a nested block between', () => {
  const between: Bare[][] = [
    [{ type: 'AssignVar', source: str(0), target: 3 }],
    [{ type: 'ResetLocal', target: 3 }],
    [{ type: 'Not', block: block({ type: 'IsDefined', source: 0 }) }],
  ];
  for (const stmts of between) {
    const p = policy({
      strings: STRINGS,
      funcs: [func('f',
        { type: 'MakeArray', capacity: 0, target: 3 }, ...stmts,
        { type: 'MakeObject', target: 5 }, { type: 'ObjectInsert', key: str(2), value: local(3), object: 5 },
      )],
    });
    assert.is(folded(p).count, 1, `only the empty array, with ${stmts[0]!.type} between`);
  }
});

test('no fold: a member that is not a string constant, a collection also filled elsewhere, a key given two values once-only', () => {
  const p = policy({
    strings: STRINGS,
    funcs: [func('f',
      { type: 'MakeSet', target: 3 }, { type: 'SetAdd', value: local(0), set: 3 },
      { type: 'MakeSet', target: 4 }, { type: 'SetAdd', value: str(0), set: 4 },
      { type: 'Not', block: block({ type: 'SetAdd', value: str(1), set: 4 }) },
      { type: 'MakeObject', target: 5 }, { type: 'ObjectInsertOnce', key: str(2), value: str(3), object: 5 },
      { type: 'ObjectInsertOnce', key: str(2), value: str(4), object: 5 },
      { type: 'MakeObject', target: 6 }, { type: 'ObjectInsertOnce', key: str(2), value: str(3), object: 6 },
      { type: 'ObjectInsertOnce', key: str(2), value: str(3), object: 6 },
    )],
  });
  const { count, data, values } = folded(p);
  assert.is(count, 1, 'only the object whose key is given the same value twice');
  assert.equal(readBack(data, values[0]!), { type: 6, members: ['k', 'v'] });
});

test('no fold anywhere when some func fills a collection it did not make: a parameter, a call result, a copy', () => {
  const literal: Bare[] = [{ type: 'MakeSet', target: 3 }, { type: 'SetAdd', value: str(0), set: 3 }];
  const fillers: Bare[][] = [
    [{ type: 'SetAdd', value: str(0), set: 1 }],
    [{ type: 'Call', func: 'g', args: [local(0), local(1)], result: 7 }, { type: 'SetAdd', value: str(0), set: 7 }],
    [{ type: 'MakeSet', target: 7 }, { type: 'AssignVar', source: local(3), target: 7 }, { type: 'SetAdd', value: str(0), set: 7 }],
  ];
  for (const filler of fillers) assert.is(folded(policy({ strings: STRINGS, funcs: [func('f', ...literal), func('g', ...filler)] })).count, 0);
  assert.is(folded(policy({ strings: STRINGS, funcs: [func('f', ...literal)] })).count, 1);
});

// Each rule uses shared constants as a policy can: membership, iteration, as a value kept in a
// set or object, `with` replacing input by one and then extended, unions, sorting, marshalling,
// returned from a function and from a rule. Evaluated repeatedly with changing inputs, any
// constant changed in place would change a later answer.
const POLICY = `package t
import rego.v1
methods := {"tools/list", "ping", "initialize"}
known if input.m in {"ping", "initialize", "tools/list"}
listed := [m | some m in {"b", "a", "c"}]
kept := {"one": ["x", "y"], "two": {"k": "v"}}
grown := {"a", "b"} | {input.m}
appended := array.concat(["p", "q"], [input.m])
merged := object.union({"k": "v", "j": "w"}, {input.m: "z"})
sorted := sort(["b", "a"])
text := json.marshal({"b": "2", "a": "1"})
probe if allowed with input as {"m": "ping"}
allowed if input.m == "ping"
f(x) := {"s": "t"} if x
got := f(true)
seen contains {"fixed": "value"} if true
flags := {"on": true, "off": false, "name": "x"}
mixed := {true, "a", false}
off if not flags.off
`;

const EXPECTED = (m: string): Record<string, unknown> => ({
  methods: ['initialize', 'ping', 'tools/list'],
  known: ['ping', 'initialize', 'tools/list'].includes(m) || undefined,
  listed: ['a', 'b', 'c'],
  kept: { one: ['x', 'y'], two: { k: 'v' } },
  grown: [...new Set(['a', 'b', m])].sort(),
  appended: ['p', 'q', m],
  merged: { j: 'w', k: 'v', [m]: 'z' },
  sorted: ['a', 'b'],
  text: '{"a":"1","b":"2"}',
  probe: true,
  got: { s: 't' },
  seen: [{ fixed: 'value' }],
  flags: { name: 'x', off: false, on: true },
  mixed: [false, true, 'a'],
  off: true,
});

test('compiled Rego: shared constants give the same answers evaluation after evaluation, whatever uses them', async () => {
  const { wasm } = await compile({ modules: { 't.rego': POLICY }, entrypoints: ['t'] });
  const loaded = await loadPolicy(wasm);
  for (let round = 0; round < 3; round++) {
    for (const m of ['ping', 'k', 'a', 'zz', 'tools/list']) {
      const [row] = loaded.evaluate({ m }, 't') as Array<{ result: Record<string, unknown> }>;
      const result = row!.result;
      const wanted = EXPECTED(m);
      for (const [name, value] of Object.entries(wanted)) {
        const got = result[name];
        const unordered = Array.isArray(got) && !['listed', 'appended', 'sorted', 'mixed'].includes(name);
        assert.equal(unordered ? [...got].sort() : got, value, `${name} for ${m}, round ${round}`);
      }
    }
  }
});

test.run();
