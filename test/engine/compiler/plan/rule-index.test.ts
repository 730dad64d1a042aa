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

test.run();
