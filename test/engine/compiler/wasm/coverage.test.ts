/**
 * Coverage probes in the emitter, on hand-written IR: a Nop at a site stores its hit byte in
 * the region `warden_coverage_hits` points to, below the heap; Nops emit nothing without
 * coverage; the fuel export and the ABI are unchanged.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { emitWasm } from '../../../../engine/compiler/wasm/index.js';
import { COVERAGE_EXPORT } from '../../../../engine/compiler/wasm/coverage.js';
import { FUEL_LIMIT_EXPORT } from '../../../../engine/compiler/wasm/fuel.js';
import type { CoverageSites } from '../../../../engine/compiler/plan/coverage.js';
import type { Stmt } from '../../../../engine/compiler/ir.js';
import { block, getRuntime, policy, resultOf, st, validate } from './helpers.js';

const SITES: CoverageSites = { sites: [{ file: 'policy.rego', row: 3 }, { file: 'policy.rego', row: 7 }, { file: 'policy.rego', row: 9 }] };
const nop = (row: number): Stmt => st({ type: 'Nop' }, { file: 0, row, col: 1 });

/** Plan 0 reaches the Nops of rows 3 and 8 (8 is no site); plan 1 reaches row 9 only when input.go is defined. */
function probed(withNops: boolean) {
  const nops = (...rows: number[]): Stmt[] => (withNops ? rows.map(nop) : []);
  const first = block({ type: 'MakeNumberInt', value: 1, target: 2 }, ...resultOf(2, 0));
  first.stmts.unshift(...nops(3, 8));
  const second = block({ type: 'Dot', source: { type: 'local', value: 0 }, key: { type: 'string_index', value: 1 }, target: 3 }, ...resultOf(3, 0));
  second.stmts.splice(1, 0, ...nops(9));
  return policy({ strings: ['result', 'go'], plans: [{ name: 'a', blocks: [first] }, { name: 'b', blocks: [second] }] });
}

function hits(lp: LoadedPolicy): number[] {
  const base = ((lp.wasmInstance as WebAssembly.Instance).exports[COVERAGE_EXPORT] as WebAssembly.Global).value as number;
  return [...new Uint8Array(lp.mem.buffer, base, SITES.sites.length)];
}

async function loadProbed(): Promise<LoadedPolicy> {
  const out = emitWasm(probed(true), await getRuntime(), { coverage: SITES });
  await validate(out.wasm);
  return loadPolicy(out.wasm);
}

test('a Nop at a site marks its hit byte; a Nop off any site marks nothing', async () => {
  const lp = await loadProbed();
  assert.equal(hits(lp), [0, 0, 0]);
  assert.equal(lp.evaluate({}, 'a'), [{ result: 1 }]);
  assert.equal(hits(lp), [1, 0, 0]);
});

test('a probe after a failing statement is not reached; hits survive the heap reset of later evaluations', async () => {
  const lp = await loadProbed();
  lp.evaluate({}, 'a');
  assert.equal(lp.evaluate({}, 'b'), []);
  assert.equal(hits(lp), [1, 0, 0]);
  assert.equal(lp.evaluate({ go: 5 }, 'b'), [{ result: 5 }]);
  for (let i = 0; i < 3; i++) lp.evaluate({ go: 'x'.repeat(1000) }, 'a');
  assert.equal(hits(lp), [1, 0, 1]);
});

test('the hit bytes lie below the heap and the fuel export stays', async () => {
  const lp = await loadProbed();
  const exports = (lp.wasmInstance as WebAssembly.Instance).exports;
  const base = (exports[COVERAGE_EXPORT] as WebAssembly.Global).value as number;
  assert.ok(base + SITES.sites.length <= lp.baseHeapPtr, `region ${base} ends below the heap ${lp.baseHeapPtr}`);
  assert.instance(exports[FUEL_LIMIT_EXPORT], WebAssembly.Global);
});

test('without coverage a Nop emits nothing: the same bytes as without the Nops, and no hit export', async () => {
  const rt = await getRuntime();
  const withNops = emitWasm(probed(true), rt).wasm;
  assert.equal(withNops, emitWasm(probed(false), rt).wasm);
  const names = WebAssembly.Module.exports(new WebAssembly.Module(withNops)).map((e) => e.name);
  assert.not.ok(names.includes(COVERAGE_EXPORT));
});

test('a site in a file the policy does not have is an internal error', async () => {
  const bad: CoverageSites = { sites: [{ file: 'other.rego', row: 1 }] };
  const rt = await getRuntime();
  assert.throws(() => emitWasm(probed(true), rt, { coverage: bad }), /other\.rego/);
});

test.run();
