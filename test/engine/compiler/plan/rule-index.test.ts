/**
 * Rule indexing end to end: each case (rule-index.yaml) is compiled with the real compiler and
 * evaluated by the official SDK, indexed and unindexed (coverage on plans without indexing),
 * and both must give the case's results; the planned IR shows whether a dispatch was planned.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile, hostBuiltins } from '../../../../engine/index.js';
import { STAGES, type ProgramArtifact } from '../../../../engine/compiler/stages.js';
import { plan } from '../../../../engine/compiler/plan/planner.js';
import type { Block } from '../../../../engine/compiler/ir.js';
import { repoRoot } from '../../../conformance/cases.js';
import { syntheticPolicy } from '../../../bench/decision.js';

interface Eval { input: unknown; want?: unknown; error?: string }
interface Case { note: string; indexed: boolean; entrypoint: string; source: string; evals: Eval[] }

const file = path.join(repoRoot(), 'test', 'engine', 'compiler', 'plan', 'rule-index.yaml');
const cases = YAML.parse(fs.readFileSync(file, 'utf8')) as Case[];

type Outcome = { value?: unknown } | { error: string };

async function evaluator(c: Case, coverage: boolean): Promise<(input: unknown) => Outcome> {
  const { wasm } = await compile({ modules: { 'policy.rego': c.source }, entrypoints: [c.entrypoint], coverage });
  const policy = await loadPolicy(wasm as Uint8Array<ArrayBuffer>, undefined, hostBuiltins);
  return (input) => {
    try {
      const rows = policy.evaluate(input as object, c.entrypoint) as Array<{ result: unknown }>;
      return rows.length === 0 ? {} : { value: rows[0]!.result };
    } catch (e) {
      return { error: String((e as { message?: string })?.message ?? e) };
    }
  };
}

/** Whether any planned func dispatches through the index (its binary search calls `lt`). */
function hasDispatch(c: Case): boolean {
  const before = STAGES.slice(0, STAGES.findIndex((s) => s.name === 'plan'));
  let artifact: unknown = { modules: { 'policy.rego': c.source }, entrypoints: [c.entrypoint], regoVersion: 1, runtime: new Uint8Array() };
  for (const stage of before as unknown as Array<{ run(a: unknown): { output: unknown; errors: unknown[] } }>) {
    const r = stage.run(artifact);
    assert.equal(r.errors, []);
    artifact = r.output;
  }
  const { policy } = plan((artifact as ProgramArtifact).program, { entrypoints: [c.entrypoint] });
  const inBlocks = (blocks: Block[]): boolean => blocks.some((b) => b.stmts.some((s) =>
    (s.type === 'Call' && s.func === 'lt') || (s.type === 'Block' && inBlocks(s.blocks)) ||
    ((s.type === 'Scan' || s.type === 'With' || s.type === 'Not') && inBlocks([s.block]))));
  return policy.funcs.funcs.some((f) => inBlocks(f.blocks));
}

/** Sets come back from the SDK as arrays in the runtime's order; compare them sorted. */
function normal(v: unknown): string {
  return JSON.stringify(Array.isArray(v) ? [...v].map((x) => JSON.stringify(x)).sort() : v);
}

for (const c of cases) {
  test(`rule index: ${c.note}`, async () => {
    assert.is(hasDispatch(c), c.indexed, 'dispatch planned');
    const indexed = await evaluator(c, false);
    const plain = await evaluator(c, true);
    for (const e of c.evals) {
      const got = indexed(e.input);
      const reference = plain(e.input);
      const what = `input ${JSON.stringify(e.input)}`;
      if (e.error !== undefined) {
        assert.ok('error' in got && got.error.toLowerCase().includes(e.error), `${what}: want error ${e.error}, got ${JSON.stringify(got)}`);
        assert.ok('error' in reference && reference.error.toLowerCase().includes(e.error), `${what}: unindexed, got ${JSON.stringify(reference)}`);
        continue;
      }
      assert.not.ok('error' in got, `${what}: ${JSON.stringify(got)}`);
      const want = e.want === undefined ? {} : { value: normal(e.want) };
      const norm = (o: Outcome): unknown => ('value' in o ? { value: normal(o.value) } : o);
      assert.equal(norm(got), want, `${what} indexed`);
      assert.equal(norm(reference), want, `${what} unindexed`);
    }
  });
}

/**
 * The regression guard issue 10 asks of `make test`, on a ratio that holds on a loaded 2-core
 * machine: with the index, an evaluation at 5,000 default-shaped rules costs about what one at
 * 10 rules does (1.05x in make bench); without it, hundreds of times more. The two policies are
 * timed in alternating rounds and compared by their median rounds, so load that comes and goes
 * weighs on both alike; 3x leaves room for the noise and none for a lost index.
 */
/** The same rules with `input.method` tested first: a ref every rule tests alike must not be the one indexed on. */
function methodFirst(n: number): string {
  return syntheticPolicy(n).replace(/\tinput\.params\.name == ("tool_\d+")\n\tinput\.method == "tools\/call"/g, '\tinput.method == "tools/call"\n\tinput.params.name == $1');
}

for (const [shape, source] of [['name, then method', syntheticPolicy], ['method, then name', methodFirst]] as const) test(`rule index: evaluation at 5,000 rules (${shape}) stays within 3x of 10 rules`, async () => {
  const input = (n: number): object => ({ method: 'tools/call', params: { name: `tool_${Math.floor(n / 2) & ~1}` } });
  const timed = async (n: number): Promise<() => number> => {
    const text = source(n);
    assert.ok(text.includes('tool_0'), 'the policy has its rules');
    const { wasm } = await compile({ modules: { 'policy.rego': text }, entrypoints: ['mcp/allow'] });
    const policy = await loadPolicy(wasm as Uint8Array<ArrayBuffer>, undefined, hostBuiltins);
    const message = input(n);
    assert.equal(policy.evaluate(message, 'mcp/allow'), [{ result: true }], `the ${n}-rule policy allows its middle tool`);
    return () => {
      const start = performance.now();
      for (let i = 0; i < ROUND; i++) policy.evaluate(message, 'mcp/allow');
      return performance.now() - start;
    };
  };
  const ROUND = 200;
  const small = await timed(10);
  const large = await timed(5000);
  const rounds: Array<[number, number]> = [];
  for (let r = 0; r < 25; r++) rounds.push([small(), large()]);
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ratio = median(rounds.slice(5).map(([, l]) => l)) / median(rounds.slice(5).map(([s]) => s));
  assert.ok(ratio < 3, `5,000 rules took ${ratio.toFixed(2)}x the time of 10 rules`);
});

test.run();
