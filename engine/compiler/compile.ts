/**
 * The public compile API: Rego modules (and optionally an ad-hoc query) to an OPA-ABI wasm module.
 */
import { CompileError } from './diagnostics.js';
import { loadRuntime } from './wasm/index.js';
import { runStages } from './stages.js';

export interface CompileOptions {
  /** File name -> Rego source. */
  modules: Record<string, string>;
  /** An ad-hoc query compiled as the single entrypoint; rows bind the query's variables. */
  query?: string;
  /** Rule paths such as "mcp/allow"; each gives [{"result": value}]. */
  entrypoints?: string[];
  /** Rego syntax version of the modules: 1 (default) or 0. */
  regoVersion?: 0 | 1;
}

export interface CompileResult {
  wasm: Uint8Array;
  entrypoints: Record<string, number>;
}

export async function compile(options: CompileOptions): Promise<CompileResult> {
  const entrypoints = options.query !== undefined ? ['eval'] : (options.entrypoints ?? []);
  if (options.query === undefined && entrypoints.length === 0) throw new TypeError('compile: give a query or at least one entrypoint');
  const runtime = await loadRuntime();
  const { output, errors } = runStages({ modules: options.modules, query: options.query, entrypoints, regoVersion: options.regoVersion ?? 1, runtime });
  if (!output) throw new CompileError(errors);
  return { wasm: output.wasm, entrypoints: output.entrypoints };
}
