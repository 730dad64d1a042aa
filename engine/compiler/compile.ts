/**
 * The public compile API: Rego modules (and optionally an ad-hoc query) to an OPA-ABI wasm module.
 */
import { CompileError } from './diagnostics.js';
import { loadRuntime, nativeBuiltinExport, runtimeExports } from './wasm/index.js';
import { runStages, type StageHooks, type StageTimer } from './stages.js';
import type { InputBoundedRule } from './compile/input-bounded.js';
import type { BaseData } from './compile/check-data.js';
import type { CoverageSites } from './plan/coverage.js';
import type { InputReads } from './plan/input-reads.js';
import type { QueryContextOptions } from './compile/query-context.js';

export interface CompileOptions {
  /** File name -> Rego source. */
  modules: Record<string, string>;
  /** An ad-hoc query compiled as the single entrypoint; rows bind the query's variables. */
  query?: string;
  /** The package and imports the query is read in, as `opa eval --package/--import` give them. */
  queryContext?: QueryContextOptions;
  /** Rule paths such as "mcp/allow"; each gives [{"result": value}]. */
  entrypoints?: string[];
  /** Rego syntax version of the modules: 1 (default) or 0. */
  regoVersion?: 0 | 1;
  /**
   * The builtins the host will provide (e.g. `Object.keys(hostBuiltins)`). When given, calling a
   * builtin that neither the runtime implements nor the host provides is a compile error, rather
   * than a failure at the first evaluation that reaches it.
   */
  hostBuiltins?: readonly string[];
  /**
   * The builtins an OPA capabilities file declares (`opa test --capabilities`): calling any other
   * is an undefined function, as OPA reports it. Absent: every builtin OPA knows.
   */
  capabilities?: readonly string[];
  /**
   * Rules to derive: each `to` gets the definitions of the set rule `from` that read nothing of
   * `input` outside its `inputPaths`, following the rules and functions they use.
   */
  inputBounded?: readonly InputBoundedRule[];
  /**
   * Instrument the wasm for line coverage: the result then has `coverage`, the sites whose hit
   * bytes engine/coverage reads. Without it the wasm carries no probe at all.
   */
  coverage?: boolean;
  /**
   * Package (dotted, e.g. "mcp") -> JSON Schema of `input` for its modules: refs into input that
   * the schema cannot have are type errors, as with `opa check --schema`.
   */
  inputSchemas?: Readonly<Record<string, unknown>>;
  /**
   * Named JSON Schemas for METADATA `schemas:` annotations (`schema.a.b` is "a.b", as
   * `opa eval --schema DIR` names DIR/a/b.json). An annotation naming one not given is an error.
   */
  schemas?: Readonly<Record<string, unknown>>;
  /**
   * As `opa eval --strict-builtin-errors`: a builtin call that fails aborts the evaluation with
   * its error (OPA's wasm target, and this one by default, make the call undefined).
   */
  strictBuiltinErrors?: boolean;
  /**
   * Work out what of `input` each entrypoint can read (CompileResult.inputReads), which a host
   * deciding many inputs uses to leave the rest out of them (plan/input-reads.ts).
   */
  inputReads?: boolean;
  /** Told each compiler stage's name and wall time (the type checker is stage 'check types'). */
  onStage?: StageTimer;
  /** Given the parsed modules, once they all parse (stages.ts StageHooks). */
  onParsed?: StageHooks['onParsed'];
  /**
   * The base data document the policy will be evaluated with (it is not compiled in). A rule at
   * a path the data gives a value, or below a data value that is not an object, is then a compile
   * error, as OPA reports when rules and data are loaded together (compile/check-data.ts).
   */
  data?: BaseData;
}

export interface CompileResult {
  wasm: Uint8Array;
  entrypoints: Record<string, number>;
  /** Present when compiled with `coverage: true`: probe index -> source line. */
  coverage?: CoverageSites;
  /** With `inputReads: true`: entrypoint -> what of `input` it can read; its answer depends on nothing else. */
  inputReads?: Record<string, InputReads>;
}

export async function compile(options: CompileOptions): Promise<CompileResult> {
  const entrypoints = options.query !== undefined ? ['eval'] : (options.entrypoints ?? []);
  if (options.query === undefined && entrypoints.length === 0) throw new TypeError('compile: give a query or at least one entrypoint');
  const runtime = await loadRuntime();
  const supported = options.hostBuiltins && supportedBuiltins(runtime, options.hostBuiltins);
  const declared = options.capabilities && new Set(options.capabilities);
  const { output, errors } = runStages({ modules: options.modules, query: options.query, queryContext: options.queryContext, entrypoints, regoVersion: options.regoVersion ?? 1, runtime, supported, declared: declared && ((name: string) => declared.has(name)), inputBounded: options.inputBounded, coverage: options.coverage, inputSchemas: options.inputSchemas, schemas: options.schemas, strictBuiltinErrors: options.strictBuiltinErrors, inputReads: options.inputReads, data: options.data }, { onStage: options.onStage, onParsed: options.onParsed });
  if (!output) throw new CompileError(errors);
  const result: CompileResult = { wasm: output.wasm, entrypoints: output.entrypoints };
  if (output.coverage) result.coverage = output.coverage;
  if (output.reads) result.inputReads = output.reads;
  return result;
}

/** Builtins the runtime implements natively or the host provides: what a call may name. */
export function supportedBuiltins(runtime: Uint8Array, host: readonly string[]): (name: string) => boolean {
  const exports = runtimeExports(runtime);
  const provided = new Set(host);
  return (name) => provided.has(name) || exports.has(nativeBuiltinExport(name));
}
