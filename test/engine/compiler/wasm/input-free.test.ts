/**
 * Rules that never read the input keep their memoized value across `with input as ...`: the
 * analysis (which funcs read the input) on hand-written IR, then its effect on compiled Rego,
 * counted through a host builtin's calls, and the cases that must still be recomputed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile, hostBuiltins } from '../../../../engine/index.js';
import type { Block, Func, Stmt } from '../../../../engine/compiler/ir.js';
import { inputFreeFuncs } from '../../../../engine/compiler/wasm/input-free.js';
import { block, local, policy, str } from './helpers.js';

type Bare = Parameters<typeof block>[number];

function func(name: string, ...stmts: Bare[]): Func {
  return { name, path: name.split('.'), params: [0, 1], return: 2, blocks: [block(...stmts)], memo: true };
}

const call = (name: string, ...args: number[]): Bare => ({ type: 'Call', func: name, args: args.map(local), result: 2 });
const nested = (inner: Block): Bare => ({ type: 'Not', block: inner });

test('which funcs read the input: directly, through a callee, by printing, through a builtin or `with`', () => {
  const withInput: Stmt = { type: 'With', local: 0, path: [0], value: str(0), block: block(call('data_only', 0, 1)), loc: { file: 0, row: 1, col: 1 } };
  const funcs = [
    func('data_only', { type: 'Dot', source: local(1), key: str(0), target: 2 }),
    func('reads', { type: 'Dot', source: local(0), key: str(0), target: 2 }),
    func('reads_nested', nested(block({ type: 'Equal', a: local(0), b: str(0) }))),
    func('calls_data_only', call('data_only', 0, 1)),
    func('calls_reads', call('reads', 0, 1)),
    func('calls_calls_reads', call('calls_reads', 0, 1)),
    func('prints', { type: 'Print', args: [1] }),
    func('calls_prints', call('prints', 0, 1)),
    func('builtin', call('json.marshal', 0)),
    func('input_as_argument', call('data_only', 0, 1, 0)),
    { ...func('with'), blocks: [{ stmts: [withInput] }] },
  ];
  const free = inputFreeFuncs(policy({ strings: ['x'], funcs }));
  assert.equal([...free].sort(), ['calls_data_only', 'data_only']);
});

const names = Array.from({ length: 20 }, (_, i) => `tool_${i}`);

// `grants` reads data only; `allowed` reads the input; `visible` probes `allowed` once per name
// with `with input as`, as the warden's tool listing does.
const listing = `package t
import rego.v1
grants contains n if {
	some n in data.names
	base64url.encode(n) != ""
}
allowed if input.name in grants
visible contains name if {
	some name in input.names
	allowed with input as {"name": name}
}
`;

test('a rule that reads data alone is computed once per evaluation across `with input as` probes', async () => {
  let calls = 0;
  const counting = { ...hostBuiltins, 'base64url.encode': (...args: unknown[]) => { calls++; return hostBuiltins['base64url.encode']!(...args); } };
  const { wasm } = await compile({ modules: { 't.rego': listing }, entrypoints: ['t/visible'] });
  const loaded = await loadPolicy(wasm, undefined, counting);
  loaded.setData({ names: names.slice(0, 10) });
  const result = loaded.evaluate({ names: [...names.slice(5, 15)] }, 't/visible') as Array<{ result: string[] }>;
  assert.equal(result[0]!.result, names.slice(5, 10));
  assert.is(calls, 10, 'grants is built once, not once per probe');
  loaded.evaluate({ names }, 't/visible');
  assert.is(calls, 20, 'and again in the next evaluation');
});

test('what reads the input, even through another rule, is recomputed under `with input as`; `with data` still misses', async () => {
  const source = `package t
import rego.v1
a := base64url.encode(input.x)
b := concat("-", [a, "b"])
b_for_z := v if v := b with input as {"x": "z"}
pair := [b, b_for_z]
d := data.v
d_replaced := v if v := d with data.v as 9
data_pair := [d, d_replaced]
`;
  const { wasm } = await compile({ modules: { 't.rego': source }, entrypoints: ['t/pair', 't/data_pair'] });
  const loaded = await loadPolicy(wasm, undefined, hostBuiltins);
  loaded.setData({ v: 1 });
  assert.equal(loaded.evaluate({ x: 'y' }, 't/pair'), [{ result: ['eQ==-b', 'eg==-b'] }]);
  assert.equal(loaded.evaluate({}, 't/data_pair'), [{ result: [1, 9] }]);
});

test.run();
