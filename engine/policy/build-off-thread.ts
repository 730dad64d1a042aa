/**
 * buildPolicy without blocking the event loop: compiling a large policy and the first
 * evaluations of its wasm (V8 compiles each function on first call) take from milliseconds to
 * seconds, during which the proxy must keep deciding messages with the policy in force. A
 * worker thread does both (compile-worker.ts) and returns the compiled WebAssembly.Module;
 * this thread only instantiates it, installs the data and runs the (now cheap) warm-up.
 *
 * Failures are the same as buildPolicy's: diagnostics come back as a PolicyLoadError, and so
 * does a worker that dies (out of memory on a pathological policy, say), so a reload keeps the
 * policy in force. A bug the worker reports (an exception outside compiling and loading)
 * rejects with an Error, as it would in process.
 */
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../compiler/diagnostics.js';
import { instantiatePolicy, type BuildOptions } from './build.js';
import { WRAPPER_FILE } from '../decision/wrapper.js';
import { errorMessage, PolicyLoadError } from './errors.js';
import type { WardenPolicy } from './policy.js';
import type { PolicySources } from './sources.js';

export interface CompileJob {
  sources: Pick<PolicySources, 'modules' | 'data'>;
  options: BuildOptions;
}

export type CompileOutcome =
  | { ok: true; module: WebAssembly.Module; pages: number; entrypoint: number }
  | { ok: false; errors: Diagnostic[] }
  | { ok: false; bug: string };

const WORKER = new URL('./compile-worker.js', import.meta.url);

export async function buildPolicyOffThread(sources: Pick<PolicySources, 'modules' | 'data'>, options: BuildOptions = {}): Promise<WardenPolicy> {
  // Only data crosses to the worker: callers pass wider option objects (a reload's store, journal).
  const job: CompileJob = { sources: { modules: sources.modules, data: sources.data }, options: { budgetMs: options.budgetMs } };
  const outcome = await runWorker(job);
  if (outcome.ok) return instantiatePolicy({ module: outcome.module, pages: outcome.pages }, outcome.entrypoint, sources, options);
  if ('errors' in outcome) throw new PolicyLoadError(outcome.errors);
  throw new Error(`policy compile worker failed: ${outcome.bug}`);
}

function runWorker(job: CompileJob): Promise<CompileOutcome> {
  return new Promise((resolve, reject) => {
    // A policy's print() during the warm-up must not reach stdout, which may be a JSON-RPC stream.
    const worker = new Worker(WORKER, { workerData: job, stdout: true });
    worker.stdout.pipe(process.stderr, { end: false });
    let outcome: CompileOutcome | undefined;
    worker.once('message', (message: CompileOutcome) => { outcome = message; });
    let failure: unknown;
    worker.once('error', (error) => { failure = error; });
    worker.once('exit', (code) => {
      if (outcome) return resolve(outcome);
      const why = failure === undefined ? `exited with code ${code}` : errorMessage(failure);
      reject(PolicyLoadError.single(WRAPPER_FILE, `policy compile worker died before reporting: ${why}`));
    });
  });
}
