/**
 * The plan stage against golden IR: the planner's output for small policies is kept as JSON
 * (golden/*.ir.json), so any change to planning shows up as a reviewable diff.
 * UPDATE_GOLDEN=1 rewrites the files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { STAGES, type ProgramArtifact } from '../../../../engine/compiler/stages.js';
import { plan } from '../../../../engine/compiler/plan/planner.js';
import { repoRoot } from '../../../conformance/cases.js';

const dir = path.join(repoRoot(), 'test', 'engine', 'compiler', 'plan', 'golden');
const cases = YAML.parse(fs.readFileSync(path.join(dir, 'cases.yaml'), 'utf8')) as Record<string, { entrypoints: string[]; source: string }>;

/** Runs the stages up to (not including) planning, then plans. */
function planOf(source: string, entrypoints: string[]): unknown {
  const before = STAGES.slice(0, STAGES.findIndex((s) => s.name === 'plan'));
  let artifact: unknown = { modules: { 'policy.rego': source }, entrypoints, regoVersion: 1, runtime: new Uint8Array() };
  for (const stage of before as unknown as Array<{ run(a: unknown): { output: unknown; errors: unknown[] } }>) {
    const r = stage.run(artifact);
    assert.equal(r.errors, []);
    artifact = r.output;
  }
  const { policy, errors } = plan((artifact as ProgramArtifact).program, { entrypoints });
  assert.equal(errors, []);
  return policy;
}

for (const [name, c] of Object.entries(cases)) {
  test(`plan golden: ${name}`, () => {
    const got = `${JSON.stringify(planOf(c.source, c.entrypoints), null, 1)}\n`;
    const file = path.join(dir, `${name}.ir.json`);
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, got);
    assert.ok(fs.existsSync(file), `no golden file ${file}: run with UPDATE_GOLDEN=1 to write it`);
    assert.fixture(got, fs.readFileSync(file, 'utf8'));
  });
}

test.run();
