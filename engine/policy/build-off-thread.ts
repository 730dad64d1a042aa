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
  | { ok: true; module: WebAssembly.Module; pages: number; entrypoint: number; warnings: string[] }
  | { ok: false; errors: Diagnostic[] }
  | { ok: false; bug: string };

export async function buildPolicyOffThread(sources: Pick<PolicySources, 'modules' | 'data'>, options: BuildOptions = {}): Promise<WardenPolicy> {
  return (await buildAndCheckOffThread(sources, options)).policy;
}

/**
 * buildPolicyOffThread plus the policy's contract warnings (contract-warnings.ts), worked out on
 * the worker too: they parse every module, which for a large policy is no cost for this thread.
 */
export async function buildAndCheckOffThread(sources: Pick<PolicySources, 'modules' | 'data'>, options: BuildOptions = {}): Promise<{ policy: WardenPolicy; warnings: string[] }> {
  // Only data crosses to the worker: callers pass wider option objects (a reload's store, journal).
  const job: CompileJob = { sources: { modules: sources.modules, data: sources.data }, options: { budgetMs: options.budgetMs } };
  const outcome = await compileThread.run(job);
  if (outcome.ok) {
    const policy = await instantiatePolicy({ module: outcome.module, pages: outcome.pages }, outcome.entrypoint, sources, options);
    return { policy, warnings: outcome.warnings };
  }
  if ('errors' in outcome) throw new PolicyLoadError(outcome.errors);
  throw new Error(`policy compile worker failed: ${outcome.bug}`);
}

const WORKER = new URL('./compile-worker.js', import.meta.url);

interface Pending {
  resolve: (outcome: CompileOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * One long-lived worker for every build of the process, so that from the second build on the
 * compiler runs JIT-warm, as it would in process. It holds the process open only while a build
 * is pending; a worker that dies fails the builds in flight and the next build starts another.
 */
class CompileThread {
  #worker: Worker | undefined;
  readonly #pending = new Map<number, Pending>();
  #next = 0;

  run(job: CompileJob): Promise<CompileOutcome> {
    const worker = this.#worker ?? this.#start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, job });
    });
  }

  #start(): Worker {
    const worker = new Worker(WORKER);
    worker.unref();
    let failure: unknown;
    worker.on('message', ({ id, outcome }: { id: number; outcome: CompileOutcome }) => {
      this.#pending.get(id)?.resolve(outcome);
      this.#pending.delete(id);
      if (this.#pending.size === 0) worker.unref();
    });
    worker.on('error', (error) => { failure = error; });
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = undefined;
      const why = failure === undefined ? `exited with code ${code}` : errorMessage(failure);
      for (const pending of this.#pending.values()) {
        pending.reject(PolicyLoadError.single(WRAPPER_FILE, `policy compile worker died before reporting: ${why}`));
      }
      this.#pending.clear();
    });
    this.#worker = worker;
    return worker;
  }
}

const compileThread = new CompileThread();
