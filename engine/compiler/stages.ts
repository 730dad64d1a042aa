/**
 * The compiler pipeline, written once as data: each stage takes the previous stage's artifact
 * and returns the next one plus its diagnostics. The first stage that reports errors stops
 * the run (later stages would only report consequences).
 */
import type { Body, Module } from './ast.js';
import { distinctDiagnostics, type Diagnostic } from './diagnostics.js';
import type { Policy } from './ir.js';
import { parseModule, parseQuery } from './syntax/index.js';
import { parseQueryContext, type QueryContextOptions } from './compile/query-context.js';
import { checkRegoV1 } from './strict/rego-v1.js';
import { buildRuleTree } from './compile/rule-tree.js';
import { checkDataConflicts, type BaseData } from './compile/check-data.js';
import { Resolver } from './compile/resolve.js';
import { rewriteMetadataCalls } from './compile/metadata.js';
import { deriveInputBounded, type InputBoundedRule } from './compile/input-bounded.js';
import { checkCalls } from './compile/check-calls.js';
import { checkRecursion } from './compile/check-recursion.js';
import { checkAssignments } from './compile/check-assign.js';
import { checkEntrypoints } from './compile/check-entrypoints.js';
import { Reorderer } from './compile/reorder.js';
import type { Program } from './compile/program.js';
import { builtinArity, isBuiltin } from './check/builtins.js';
import { checkTypes } from './types/check.js';
import { schemaType } from './types/schema.js';
import type { Type } from './types/model.js';
import type { PackageAnnotations } from './types/annotations.js';
import { plan } from './plan/planner.js';
import { inputReads, type InputReads } from './plan/input-reads.js';
import type { CoverageSites } from './plan/coverage.js';
import { emitWasm } from './wasm/index.js';

export interface SourceArtifact extends Carry {
  modules: Record<string, string>;
  query?: string;
  /** The package and imports the query is read in (`opa eval --package/--import`). */
  queryContext?: QueryContextOptions;
  regoVersion: 0 | 1;
}
interface Carry {
  entrypoints: string[];
  runtime: Uint8Array;
  /** When set, calls to builtins it rejects are compile errors (nothing would implement them). */
  supported?: (builtin: string) => boolean;
  /** When set (OPA's `--capabilities`), a builtin it does not declare is an undefined function. */
  declared?: (builtin: string) => boolean;
  /** Rules to derive from the definitions of another rule that read only some of input. */
  inputBounded?: readonly InputBoundedRule[];
  /** Instrument the policy for line coverage (plan/coverage.ts). */
  coverage?: boolean;
  /** JSON Schemas of `input` by package (`"mcp"`): modules of that package are type-checked against it. */
  inputSchemas?: Readonly<Record<string, unknown>>;
  /** Named JSON Schemas that METADATA `schemas:` annotations refer to (`schema.a.b` is "a.b"). */
  schemas?: Readonly<Record<string, unknown>>;
  /** A builtin call that fails aborts the evaluation with its error instead of being undefined. */
  strictBuiltinErrors?: boolean;
  /** Work out what of input each entrypoint reads (plan/input-reads.ts). */
  inputReads?: boolean;
  /** The base data the policy will be evaluated with: rules at paths it holds are errors (compile/check-data.ts). */
  data?: BaseData;
}
export interface ParsedArtifact extends Carry { modules: Module[]; files: string[]; query?: Body; queryContext?: Module }
export interface ProgramArtifact extends Carry { program: Program; packages?: PackageAnnotations[] }
export interface PlannedArtifact extends Carry { policy: Policy; sites?: CoverageSites }
export interface AnalysedArtifact extends PlannedArtifact { reads?: Record<string, InputReads> }
export interface WasmArtifact { wasm: Uint8Array; entrypoints: Record<string, number>; policy: Policy; coverage?: CoverageSites; reads?: Record<string, InputReads> }

export interface Stage<I, O> { name: string; run(input: I): { output: O; errors: Diagnostic[] } }

function stage<I, O>(name: string, run: (input: I) => { output: O; errors: Diagnostic[] }): Stage<I, O> {
  return { name, run };
}

/** The options the front stages pass on unchanged, named once so a new option is carried everywhere. */
function carried(c: Carry): Carry {
  const { entrypoints, runtime, supported, declared, inputBounded, coverage, inputSchemas, schemas, strictBuiltinErrors, inputReads, data } = c;
  return { entrypoints, runtime, supported, declared, inputBounded, coverage, inputSchemas, schemas, strictBuiltinErrors, inputReads, data };
}

const parse = stage<SourceArtifact, ParsedArtifact>('parse', (src) => {
  const errors: Diagnostic[] = [];
  const modules: Module[] = [];
  const files = Object.keys(src.modules).sort();
  for (const file of files) {
    const r = parseModule(file, src.modules[file]!, { regoVersion: src.regoVersion });
    errors.push(...r.errors);
    if (r.module) modules.push(r.module);
  }
  errors.push(...checkRegoV1(modules));
  let query: Body | undefined;
  if (src.query !== undefined) {
    const q = parseQuery(src.query);
    errors.push(...q.errors);
    query = q.body;
  }
  const context = src.query !== undefined && src.queryContext ? parseQueryContext(src.queryContext) : undefined;
  errors.push(...(context?.errors ?? []));
  return { output: { modules, files, query, ...(context?.context ? { queryContext: context.context } : {}), ...carried(src) }, errors };
});

const group = stage<ParsedArtifact, ProgramArtifact & { modules: Module[] }>('group rules', (p) => {
  const { tree, groups, errors } = buildRuleTree(p.modules);
  const program: Program = { files: p.files, tree, groups, query: p.query, ...(p.queryContext ? { queryContext: p.queryContext } : {}) };
  return { output: { program, modules: p.modules, ...carried(p) }, errors };
});

/** The modules' own rules, as OPA has them: rules derived later (input-bounded) are the compiler's, not a path of the policy. */
const dataConflicts = stage<ProgramArtifact & { modules: Module[] }, ProgramArtifact & { modules: Module[] }>('check data conflicts', (p) => ({
  output: p,
  errors: p.data ? checkDataConflicts(p.program.tree, p.data) : [],
}));

const resolve = stage<ProgramArtifact & { modules: Module[] }, ProgramArtifact & { modules: Module[] }>('resolve names', (p) => {
  const resolver = new Resolver(p.modules);
  for (const g of p.program.groups) {
    for (const r of [...g.rules, ...(g.defaultRule ? [g.defaultRule] : [])]) r.rule = resolver.resolveRule(r.rule, p.modules[r.file]!);
  }
  const query = p.program.query && resolver.resolveQuery(p.program.query, p.program.queryContext);
  return { output: { ...p, program: { ...p.program, query } }, errors: [] };
});

const metadata = stage<ProgramArtifact & { modules: Module[] }, ProgramArtifact>('rego.metadata calls', (p) => {
  rewriteMetadataCalls(p.program, p.modules);
  // The type checker applies package-scoped `schemas:` annotations.
  return { output: { ...p, packages: p.modules.map((m) => ({ path: m.package.path, annotations: m.package.annotations })) }, errors: [] };
});

const bounded = stage<ProgramArtifact, ProgramArtifact>('derive input-bounded rules', (p) => ({
  output: p,
  errors: deriveInputBounded(p.program, p.inputBounded ?? []),
}));

function allRules(program: Program) {
  return program.groups.flatMap((g) => [...g.rules, ...(g.defaultRule ? [g.defaultRule] : [])]);
}

const calls = stage<ProgramArtifact, ProgramArtifact>('check calls', (p) => ({
  output: p,
  errors: checkCalls(p.program.tree, allRules(p.program).map((r) => r.rule), p.program.query, p.supported, p.declared),
}));

const assignments = stage<ProgramArtifact, ProgramArtifact>('check assignments', (p) => ({
  output: p,
  errors: checkAssignments(allRules(p.program).map((r) => r.rule), p.program.query),
}));

const recursion = stage<ProgramArtifact, ProgramArtifact>('check recursion', (p) => ({
  output: p,
  errors: checkRecursion(p.program.tree, p.program.groups),
}));

const safety = stage<ProgramArtifact, ProgramArtifact>('check safety and reorder', (p) => {
  const arities = new Map<string, number>();
  for (const g of p.program.groups) if (g.kind === 'function') arities.set(`data.${g.path.join('.')}`, g.arity);
  const reorderer = new Reorderer((name) => (isBuiltin(name) ? builtinArity(name) : arities.get(name)));
  for (const r of allRules(p.program)) r.rule = reorderer.rule(r.rule, new Set());
  const query = p.program.query && reorderer.query(p.program.query);
  return { output: { ...p, program: { ...p.program, query } }, errors: reorderer.errors };
});

/**
 * Modules mcp-warden generates itself (named `(mcp-warden)/...`, e.g. the decision wrapper) read
 * the user's rules with checks of their own at run time: a type clash there is not reported
 * against a file the user cannot see.
 */
const types = stage<ProgramArtifact, ProgramArtifact>('check types', (p) => ({
  output: p,
  errors: checkTypes(p.program, {
    reportIn: (file) => !file.startsWith('(mcp-warden)/'),
    inputFor: inputTypes(p.inputSchemas),
    schemaScopes: { packages: p.packages ?? [], schemas: p.schemas },
  }),
}));

function inputTypes(schemas: Readonly<Record<string, unknown>> | undefined): ((pkg: string[]) => Type | undefined) | undefined {
  if (!schemas) return undefined;
  const types = new Map(Object.entries(schemas).map(([pkg, schema]) => [pkg, schemaType(schema)]));
  return (pkg) => types.get(pkg.join('.'));
}

/** After every check of the policy itself: a wrong entrypoint is reported once the policy compiles. */
const entrypoints = stage<ProgramArtifact, ProgramArtifact>('check entrypoints', (p) => ({
  output: p,
  errors: p.program.query ? [] : checkEntrypoints(p.program.tree, p.entrypoints),
}));

const planning = stage<ProgramArtifact, PlannedArtifact>('plan', (p) => {
  const { policy, errors, coverage } = plan(p.program, { entrypoints: p.entrypoints, coverage: p.coverage });
  return { output: { policy, entrypoints: p.entrypoints, runtime: p.runtime, sites: coverage, strictBuiltinErrors: p.strictBuiltinErrors, inputReads: p.inputReads }, errors };
});

/** When asked: what of input each entrypoint reads (plan/input-reads.ts), so a host may leave the rest out of the input. */
const reads = stage<PlannedArtifact, AnalysedArtifact>('input reads', (p) => ({ output: p.inputReads ? { ...p, reads: inputReads(p.policy) } : p, errors: [] }));

const emit = stage<AnalysedArtifact, WasmArtifact>('emit wasm', (p) => {
  const { wasm, entrypoints } = emitWasm(p.policy, p.runtime, { coverage: p.sites, strictBuiltinErrors: p.strictBuiltinErrors });
  return { output: { wasm, entrypoints, policy: p.policy, coverage: p.sites, reads: p.reads }, errors: [] };
});

/** The pipeline in order. Typed pairwise by construction; run as a list. */
export const STAGES = [parse, group, dataConflicts, resolve, metadata, bounded, calls, assignments, recursion, safety, types, entrypoints, planning, reads, emit] as const;

/** Told each stage's name and wall time once it ran (benchmarks: which stage a compile spends on). */
export type StageTimer = (stage: string, ms: number) => void;

export interface StageHooks {
  onStage?: StageTimer;
  /**
   * Given the modules as parsed, before later stages rewrite their rules: a host's own checks of
   * the sources (warden's decision contract) read them instead of parsing every module again.
   */
  onParsed?: (modules: readonly Module[]) => void;
}

export function runStages(source: SourceArtifact, { onStage, onParsed }: StageHooks = {}): { output?: WasmArtifact; errors: Diagnostic[] } {
  let artifact: unknown = source;
  for (const s of STAGES as readonly Stage<unknown, unknown>[]) {
    const started = onStage && performance.now();
    const { output, errors } = s.run(artifact);
    if (onStage) onStage(s.name, performance.now() - started!);
    if (errors.length > 0) return { errors: distinctDiagnostics(errors) };
    if (onParsed && s === parse) onParsed((output as ParsedArtifact).modules);
    artifact = output;
  }
  return { output: artifact as WasmArtifact, errors: [] };
}

