/**
 * Coverage instrumentation through the public compile API: which source lines an instrumented
 * policy reports as reached after real evaluations with the official SDK. Cases are data
 * (cases/coverage.yaml); hits are read straight from the exported hit bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { compile, COVERAGE_EXPORT, type CoverageSites } from '../../../../engine/compiler/index.js';
import { hostBuiltins } from '../../../../engine/builtins/index.js';
import { runStages } from '../../../../engine/compiler/stages.js';
import { loadRuntime } from '../../../../engine/compiler/wasm/index.js';
import type { Block, Policy, Stmt } from '../../../../engine/compiler/ir.js';
import { loadCases, repoRoot, type ConformanceCase } from '../../../conformance/cases.js';

interface Case {
  note: string;
  modules: Record<string, string>;
  run: Array<{ entrypoint: string; input?: unknown }>;
  covered?: Record<string, number[]>;
  not_covered?: Record<string, number[]>;
}

const file = path.join(repoRoot(), 'test', 'engine', 'compiler', 'cases', 'coverage.yaml');
const cases = YAML.parse(fs.readFileSync(file, 'utf8')) as Case[];

function hitBytes(policy: LoadedPolicy, count: number): Uint8Array {
  const instance = policy.wasmInstance as WebAssembly.Instance;
  const base = (instance.exports[COVERAGE_EXPORT] as WebAssembly.Global).value as number;
  return new Uint8Array(policy.mem.buffer, base, count);
}

/** Covered and not-covered rows per file; a row with any hit site is covered. */
function rows(sites: CoverageSites, hits: Uint8Array): { covered: Record<string, number[]>; not_covered: Record<string, number[]> } {
  const covered: Record<string, number[]> = {};
  const seen: Record<string, number[]> = {};
  sites.sites.forEach((s, i) => {
    (seen[s.file] ??= []).push(s.row);
    if (hits[i]) (covered[s.file] ??= []).push(s.row);
  });
  const not_covered: Record<string, number[]> = {};
  for (const [f, all] of Object.entries(seen)) {
    const left = all.filter((r) => !covered[f]?.includes(r));
    if (left.length) not_covered[f] = left;
  }
  return { covered, not_covered };
}

for (const c of cases) {
  test(`coverage: ${c.note}`, async () => {
    const entrypoints = [...new Set(c.run.map((r) => r.entrypoint))];
    const out = await compile({ modules: c.modules, entrypoints, coverage: true, hostBuiltins: Object.keys(hostBuiltins) });
    assert.ok(out.coverage, 'compile with coverage returns the sites');
    const policy = await loadPolicy(out.wasm, undefined, hostBuiltins);
    for (const r of c.run) policy.evaluate(r.input as object, r.entrypoint);
    const got = rows(out.coverage, hitBytes(policy, out.coverage.sites.length));
    assert.equal(got.covered, c.covered ?? {}, 'covered rows');
    assert.equal(got.not_covered, c.not_covered ?? {}, 'not covered rows');
  });
}

test('coverage: sites are sorted by file and row, one per line', async () => {
  const out = await compile({ modules: cases[cases.length - 1]!.modules, entrypoints: ['p/allow'], coverage: true });
  const keys = out.coverage!.sites.map((s) => `${s.file}\u0000${String(s.row).padStart(6, '0')}`);
  assert.equal(keys, [...new Set(keys)].sort());
});

test('coverage: without the option there are no sites, no probes and no hit region', async () => {
  const modules = cases[0]!.modules;
  const plain = await compile({ modules, entrypoints: ['p/allow'] });
  const off = await compile({ modules, entrypoints: ['p/allow'], coverage: false });
  assert.is(plain.coverage, undefined);
  assert.equal(off.wasm, plain.wasm);
  const names = WebAssembly.Module.exports(new WebAssembly.Module(plain.wasm as Uint8Array<ArrayBuffer>)).map((e) => e.name);
  assert.not.ok(names.includes(COVERAGE_EXPORT));
});

/** The policy with every Nop removed (probes are the only Nops the planner places). */
function withoutNops(p: Policy): Policy {
  const strip = (b: Block): Block => ({ stmts: b.stmts.filter((x) => x.type !== 'Nop').map(stripStmt) });
  const stripStmt = (x: Stmt): Stmt => {
    if (x.type === 'Block') return { ...x, blocks: x.blocks.map(strip) };
    if (x.type === 'Scan' || x.type === 'Not' || x.type === 'With') return { ...x, block: strip(x.block) };
    return x;
  };
  return {
    ...p,
    plans: { plans: p.plans.plans.map((pl) => ({ ...pl, blocks: pl.blocks.map(strip) })) },
    funcs: { funcs: p.funcs.funcs.map((f) => ({ ...f, blocks: f.blocks.map(strip) })) },
  };
}

function outcome(wasm: Uint8Array, c: ConformanceCase): Promise<string> {
  return loadPolicy(wasm as Uint8Array<ArrayBuffer>, undefined, hostBuiltins).then((policy) => {
    if (c.data !== undefined) policy.setData(c.data as object);
    const input = c.input_term !== undefined ? new TextEncoder().encode(c.input_term).buffer : c.input;
    try {
      return JSON.stringify(policy.evaluate(input as object));
    } catch (e) {
      return `error: ${String((e as Error)?.message ?? e)}`;
    }
  });
}

// Every SAMPLE-th case keeps the run to a few seconds; the whole corpus passes too.
const SAMPLE = 6;
const corpus = loadCases();
if (!corpus) {
  console.log('coverage conformance sample: skipped, ../shared/rego-conformance/v1 is not present');
} else {
  test('coverage: on the conformance sample, probes are the only IR change and results are the same', async () => {
    const runtime = await loadRuntime();
    let compared = 0;
    for (const c of corpus.filter((_, i) => i % SAMPLE === 0)) {
      const modules = Object.fromEntries((c.modules ?? []).map((m, i) => [`module-${i}.rego`, m]));
      const source = { modules, query: c.query, entrypoints: ['eval'], regoVersion: 1 as const, runtime };
      const plain = runStages(source).output;
      const probed = runStages({ ...source, coverage: true }).output;
      if (!plain || !probed) {
        assert.is(probed, plain, `${c.note}: compiles either way or neither`);
        continue;
      }
      assert.is(plain.coverage, undefined);
      assert.equal(withoutNops(probed.policy), plain.policy, `${c.note}: IR`);
      assert.is(await outcome(probed.wasm, c), await outcome(plain.wasm, c), `${c.note}: results`);
      compared++;
    }
    assert.ok(compared > 300, `compared ${compared} cases`);
  });
}

test.run();
