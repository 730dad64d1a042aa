/**
 * No false positives: every OPA conformance case that OPA compiles (no `rego_*` error expected)
 * must type-check. The conformance runner alone would not notice a type error in a case that
 * expects an evaluation error, so this checks the "check types" stage's own output.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { STAGES, type SourceArtifact, type Stage } from '../../../../engine/compiler/stages.js';
import { formatDiagnostic } from '../../../../engine/compiler/diagnostics.js';
import { loadCases } from '../../../conformance/cases.js';

/** The type errors, or undefined when an earlier stage rejected the case. */
function typeErrors(modules: Record<string, string>, query: string): string[] | undefined {
  const source: SourceArtifact = { modules, query, regoVersion: 1, entrypoints: [], runtime: new Uint8Array() };
  let artifact: unknown = source;
  for (const s of STAGES as readonly Stage<unknown, unknown>[]) {
    const { output, errors } = s.run(artifact);
    if (s.name === 'check types') return errors.map(formatDiagnostic);
    if (errors.length > 0) return undefined;
    artifact = output;
  }
  throw new Error('no "check types" stage');
}

const cases = loadCases();

test('conformance cases OPA compiles type-check', () => {
  if (!cases) {
    console.log('skipped: ../shared/rego-conformance is not present');
    return;
  }
  const failures: string[] = [];
  let checked = 0;
  for (const c of cases) {
    if (c.want_error_code?.startsWith('rego_')) continue;
    const modules: Record<string, string> = {};
    (c.modules ?? []).forEach((m, i) => { modules[`module-${i}.rego`] = m; });
    const errors = typeErrors(modules, c.query);
    if (!errors) continue;
    checked++;
    if (errors.length > 0) failures.push(`${c.file} ${c.note}:\n${errors.join('\n')}`);
  }
  assert.ok(checked > 1000, `only ${checked} cases reached the type checker`);
  assert.equal(failures, []);
});

test.run();
