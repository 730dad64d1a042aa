/**
 * The input-bounded derivation stage, run through the real stage list up to it, with the warden's
 * tool-listing request. Cases (input-bounded.cases.yaml): modules -> the definitions of
 * data.mcp.deny kept in the derived rule, or the diagnostic.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { STAGES, type ProgramArtifact, type SourceArtifact, type Stage } from '../../../../engine/compiler/stages.js';
import { formatDiagnostic, type Diagnostic } from '../../../../engine/compiler/diagnostics.js';
import { lookupGroup } from '../../../../engine/compiler/compile/program.js';
import { LISTING_DENY } from '../../../../engine/decision/wrapper.js';
import { loadCases } from '../../policy/paths.js';

interface Case { note: string; modules: Record<string, string>; kept?: string[]; error?: string }

const DERIVE = 'derive input-bounded rules';

/** Runs the stages up to and including the derivation; no later stage reads the runtime. */
function derive(modules: Record<string, string>): { artifact?: ProgramArtifact; errors: Diagnostic[] } {
  let artifact: unknown = { modules, entrypoints: [], runtime: new Uint8Array(), regoVersion: 1, inputBounded: [LISTING_DENY] } satisfies SourceArtifact;
  for (const s of STAGES as readonly Stage<unknown, unknown>[]) {
    const { output, errors } = s.run(artifact);
    if (errors.length > 0) return { errors };
    artifact = output;
    if (s.name === DERIVE) return { artifact: artifact as ProgramArtifact, errors: [] };
  }
  throw new Error(`no stage named ${DERIVE}`);
}

/** A kept definition by its reason: the string, or the reason term's source text. */
function label(modules: Record<string, string>, loc: { file: string; row: number }, contains: unknown): string {
  if (typeof contains === 'object' && contains && 'type' in contains && contains.type === 'string' && 'value' in contains) return String(contains.value);
  const line = modules[loc.file]!.split('\n')[loc.row - 1]!;
  return /^deny contains (.*) if /.exec(line)?.[1] ?? line;
}

for (const c of loadCases<Case>('test/engine/compiler/compile/input-bounded.cases.yaml')) {
  test(c.note, () => {
    const { artifact, errors } = derive(c.modules);
    if (c.error !== undefined) {
      assert.is(errors.length, 1, errors.map(formatDiagnostic).join('\n'));
      assert.ok(errors[0]!.message.includes(c.error), formatDiagnostic(errors[0]!));
      return;
    }
    assert.equal(errors.map(formatDiagnostic), []);
    const group = lookupGroup(artifact!.program.tree, LISTING_DENY.to.split('/'));
    const kept = (group?.rules ?? []).map((r) => label(c.modules, r.rule.loc, r.rule.head.contains));
    assert.equal(kept, c.kept);
    if (group) assert.ok(artifact!.program.groups.includes(group), 'the derived group is listed with the others');
  });
}

test.run();
