/**
 * Worker thread body of buildPolicyOffThread: compiles the sources, compiles the wasm and runs
 * the warm-up evaluations here, then hands the compiled module back. V8 shares a module's
 * compiled code between threads, so the functions the warm-up compiled (and tiered up) are
 * ready when the main thread instantiates the module; none of that work ran on its event loop.
 */
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { compilePolicy, instantiatePolicy } from './build.js';
import { PolicyLoadError } from './errors.js';
import { compileModule } from './load-wasm.js';
import type { CompileJob, CompileOutcome } from './build-off-thread.js';

setFlagsFromString('--no-wasm-lazy-compilation');

async function run(job: CompileJob): Promise<CompileOutcome> {
  try {
    const compiled = await compilePolicy(job.sources.modules);
    const module = await compileModule(compiled.wasm);
    await instantiatePolicy(module, compiled.entrypoint, job.sources, job.options);
    return { ok: true, module: module.module, pages: module.pages, entrypoint: compiled.entrypoint };
  } catch (error) {
    if (error instanceof PolicyLoadError) return { ok: false, errors: error.errors };
    return { ok: false, bug: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
}

void run(workerData as CompileJob).then((outcome) => parentPort?.postMessage(outcome));
