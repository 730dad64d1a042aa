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
import type { InputReads } from '../compiler/plan/input-reads.js';
import { instantiatePolicy, type BuildOptions } from './build.js';
import { WRAPPER_FILE } from '../decision/wrapper.js';
import { errorMessage, PolicyLoadError } from './errors.js';
import type { WardenPolicy } from './policy.js';
import { policyDigest } from './digest.js';
import type { PolicyContent } from './sources.js';

export interface CompileJob {
  sources: PolicyContent;
  options: BuildOptions;
}

export type CompileOutcome =
  | { ok: true; module: WebAssembly.Module; pages: number; entrypoint: number; inputReads: InputReads; warnings: string[] }
  | { ok: false; errors: Diagnostic[] }
  | { ok: false; bug: string };

export async function buildPolicyOffThread(sources: PolicyContent, options: BuildOptions = {}): Promise<WardenPolicy> {
  return (await buildAndCheckOffThread(sources, options)).policy;
}

/**
 * buildPolicyOffThread plus the policy's contract warnings (contract-warnings.ts), worked out on
 * the worker too: they parse every module, which for a large policy is no cost for this thread.
 */
export async function buildAndCheckOffThread(sources: PolicyContent, options: BuildOptions = {}): Promise<{ policy: WardenPolicy; warnings: string[] }> {
  // Only data crosses to the worker: callers pass wider option objects (a reload's store, journal).
  const digest = options.digest ?? policyDigest(sources);
  const { modules, data, exactData, regoVersion, strictBuiltinErrors } = sources;
  const job: CompileJob = { sources: { modules, data, exactData, regoVersion, strictBuiltinErrors }, options: { budgetMs: options.budgetMs, digest } };
  const outcome = await compileThread.run(job);
  if (outcome.ok) {
    const policy = await instantiatePolicy({ module: outcome.module, pages: outcome.pages }, outcome, sources, { ...options, digest });
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

/** A worker and the builds it owes. */
interface Running {
  worker: Worker;
  pending: Map<number, Pending>;
  idle?: NodeJS.Timeout;
}

/**
 * How long a worker with nothing to build is kept: it holds about 30 MB (an isolate with the
 * compiler loaded), which every warden process, one per stdio session, would otherwise carry for
 * its whole life. A burst of reloads (an editor saving several files) reuses it; a later build
 * starts another, JIT-cold, which measured costs a 5,000-rule compile about what a warm one does.
 */
const COMPILE_WORKER_IDLE_MS = 10_000;

/**
 * The worker for the builds of the process. It holds the process open only while a build is
 * pending, and exits after `idleMs` without one; a worker that dies fails the builds in flight
 * and the next build starts another.
 */
export class CompileThread {
  #current: Running | undefined;
  #next = 0;

  constructor(private readonly idleMs: number = COMPILE_WORKER_IDLE_MS) {}

  /** Whether a worker is running now (started, not yet exited or retired). */
  get running(): boolean {
    return this.#current !== undefined;
  }

  run(job: CompileJob): Promise<CompileOutcome> {
    const running = this.#current ?? this.#start();
    clearTimeout(running.idle);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      running.pending.set(id, { resolve, reject });
      running.worker.ref();
      running.worker.postMessage({ id, job });
    });
  }

  #start(): Running {
    const worker = new Worker(WORKER);
    worker.unref();
    const running: Running = { worker, pending: new Map() };
    let failure: unknown;
    worker.on('message', ({ id, outcome }: { id: number; outcome: CompileOutcome }) => {
      running.pending.get(id)?.resolve(outcome);
      running.pending.delete(id);
      if (running.pending.size > 0) return;
      worker.unref();
      running.idle = setTimeout(() => this.#retire(running), this.idleMs);
      running.idle.unref();
    });
    worker.on('error', (error) => { failure = error; });
    worker.on('exit', (code) => {
      if (this.#current === running) this.#current = undefined;
      clearTimeout(running.idle);
      const why = failure === undefined ? `exited with code ${code}` : errorMessage(failure);
      for (const pending of running.pending.values()) {
        pending.reject(PolicyLoadError.single(WRAPPER_FILE, `policy compile worker died before reporting: ${why}`));
      }
      running.pending.clear();
    });
    this.#current = running;
    return running;
  }

  /** Stops an idle worker; a build asked for meanwhile has already started another. */
  #retire(running: Running): void {
    if (this.#current !== running || running.pending.size > 0) return;
    this.#current = undefined;
    void running.worker.terminate();
  }
}

const compileThread = new CompileThread();
