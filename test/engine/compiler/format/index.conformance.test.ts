/**
 * Formatting preserves meaning and is stable, over every module of OPA's conformance corpus:
 * each formatted module formats to itself, and the IR plan compiled from the formatted modules
 * equals the plan from the originals once source locations (which formatting moves) are removed.
 * Skips, saying why, when ../shared is not checked out.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Diagnostic } from '../../../../engine/compiler/diagnostics.js';
import { formatModule } from '../../../../engine/compiler/format/index.js';
import { STAGES, type SourceArtifact, type Stage } from '../../../../engine/compiler/stages.js';
import { loadRuntime } from '../../../../engine/compiler/wasm/index.js';
import { CONFORMANCE_DIR, loadCases, type ConformanceCase } from '../../../conformance/cases.js';

const cases = loadCases();

/** The plan stage's output, or the codes and messages of the first failing stage. */
function planOf(modules: Record<string, string>, query: string, runtime: Uint8Array): unknown {
  let artifact: unknown = { modules, query, entrypoints: ['eval'], regoVersion: 1, runtime } satisfies SourceArtifact;
  for (const s of STAGES as readonly Stage<unknown, unknown>[]) {
    if (s.name === 'emit wasm') break;
    const { output, errors } = s.run(artifact);
    if (errors.length > 0) return { errors: errors.map((d: Diagnostic) => `${d.code}: ${d.message}`) };
    artifact = output;
  }
  return (artifact as { policy: unknown }).policy;
}

/** Drops `loc` fields and the row:col inside messages (runtime error strings quote locations). */
function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (typeof value === 'string') return value.replace(/:\d+:\d+/g, ':_:_').replace(/\bline \d+/g, 'line _');
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'loc').map(([k, v]) => [k, withoutLocations(v)]));
}

function formatAll(c: ConformanceCase): Record<string, string> | undefined {
  const formatted: Record<string, string> = {};
  for (const [i, source] of (c.modules ?? []).entries()) {
    const result = formatModule(`module-${i}.rego`, source);
    // A module that does not parse has nothing to format; the compiler reports it either way.
    if (result.formatted === undefined) return undefined;
    const again = formatModule(`module-${i}.rego`, result.formatted);
    assert.is(again.formatted, result.formatted, `${c.note}: module ${i} is not stable under formatting`);
    formatted[`module-${i}.rego`] = result.formatted;
  }
  return formatted;
}

if (cases === undefined) {
  console.log(`format conformance: skipped, ${CONFORMANCE_DIR} is missing`);
} else {
  test(`formatting ${cases.length} conformance cases is idempotent and leaves their plans unchanged`, async () => {
    const runtime = await loadRuntime();
    let compared = 0;
    for (const c of cases) {
      const formatted = formatAll(c);
      if (formatted === undefined) continue;
      const original = Object.fromEntries((c.modules ?? []).map((m, i) => [`module-${i}.rego`, m]));
      const before = JSON.stringify(withoutLocations(planOf(original, c.query, runtime)));
      const after = JSON.stringify(withoutLocations(planOf(formatted, c.query, runtime)));
      assert.ok(before === after, `${c.file}: ${c.note}: the formatted modules plan differently\n${Object.values(formatted).join('\n---\n')}`);
      compared++;
    }
    assert.ok(compared > cases.length / 2, `only ${compared} of ${cases.length} cases had modules that parse`);
  });
}

test.run();
