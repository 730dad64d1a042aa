/**
 * What `warden check` reports: the compiler's own stages run on every module at once (no
 * entrypoint needed), then every rule is planned, because some errors only the planner
 * finds (a `with` it cannot honour, a function used as a value). With `strict`, OPA's
 * strict-mode checks run on the parsed modules too, and their errors join the compiler's.
 * Parse errors stop everything: later checks would only report their consequences.
 */
import type { Diagnostic } from '../../engine/index.js';
import type { Module } from '../../engine/compiler/ast.js';
import type { Program } from '../../engine/compiler/compile/program.js';
import { plan } from '../../engine/compiler/plan/planner.js';
import { STAGES, type SourceArtifact, type Stage } from '../../engine/compiler/stages.js';
import { checkStrict, compareDiagnostics } from '../../engine/compiler/strict/index.js';
import { INPUT_SCHEMAS } from '../../engine/decision/input-schema.js';
import { loadRuntime } from '../../engine/compiler/wasm/index.js';
import { supportedBuiltins } from '../../engine/compiler/compile.js';
import { distinctDiagnostics } from '../../engine/compiler/diagnostics.js';

export interface CheckOptions {
  strict: boolean;
  regoVersion: 0 | 1;
  /** The builtins the host provides; calling one nothing implements is an error. */
  hostBuiltins: readonly string[];
  /** Named JSON Schemas for METADATA `schemas:` annotations (`--schema DIR`). */
  schemas?: Readonly<Record<string, unknown>>;
}

/**
 * Stages that only check the program and hand it on unchanged: after an error these still
 * run, since their findings are independent, while a transforming stage would build on a
 * program known to be wrong. A renamed stage only makes the check stop earlier.
 */
const CHECK_ONLY_STAGES = new Set(['check calls', 'check assignments', 'check recursion']);

export async function checkModules(modules: Record<string, string>, options: CheckOptions): Promise<Diagnostic[]> {
  const runtime = await loadRuntime();
  const source: SourceArtifact = { modules, entrypoints: [], runtime, regoVersion: options.regoVersion, supported: supportedBuiltins(runtime, options.hostBuiltins), inputSchemas: INPUT_SCHEMAS, schemas: options.schemas };
  const strictErrors: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  let artifact: unknown = source;
  for (const stage of STAGES as readonly Stage<unknown, unknown>[]) {
    if (errors.length > 0 && !CHECK_ONLY_STAGES.has(stage.name)) break;
    if (stage.name === 'plan') {
      errors.push(...planEveryRule((artifact as { program: Program }).program));
      break;
    }
    const result = stage.run(artifact);
    errors.push(...result.errors);
    // Rego v1's own checks (strict/rego-v1.ts) report from the parse stage too; only a module
    // that did not parse keeps strict mode from looking.
    if (stage.name === 'parse' && !result.errors.some((d) => d.code === 'rego_parse_error') && options.strict) {
      strictErrors.push(...checkStrict((result.output as { modules: Module[] }).modules));
    }
    artifact = result.output;
  }
  return distinctDiagnostics([...errors, ...strictErrors]).sort(compareDiagnostics);
}

function planEveryRule(program: Program): Diagnostic[] {
  const entrypoints = program.groups
    .filter((g) => g.kind !== 'function' && g.path.every((seg) => !seg.includes('/')))
    .map((g) => g.path.join('/'));
  return plan(program, { entrypoints }).errors;
}
