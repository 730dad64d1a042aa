/**
 * Worker thread body of buildPolicyOffThread, serving one build per message: compiles the
 * sources, compiles the wasm and runs the warm-up evaluations here, then hands the compiled
 * module back. V8 shares a module's compiled code between threads, so what was compiled here
 * is ready when the main thread instantiates the module; none of that work ran on its event loop.
 *
 * Wasm is compiled eagerly: by default V8 compiles each function at its first call, and the
 * warm-up reaches only some of a policy's rules, so the first message that reaches the others
 * would compile them on the event loop. V8 flags are per process, so this also makes the rare
 * in-process loads (warden eval, warden test) eager once a build ran here; with functions kept
 * small (compiler/wasm/split.ts) eager compilation costs little.
 */
import { Console } from 'node:console';
import { setPriority } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { compilePolicy, instantiatePolicy } from './build.js';
import { PolicyLoadError } from './errors.js';
import { compileModule } from './load-wasm.js';
import type { CompileJob, CompileOutcome } from './build-off-thread.js';

setFlagsFromString('--no-wasm-lazy-compilation');
lowerPriority();
// A policy's print() (console.log in the SDK) during the warm-up must not reach stdout, which
// may be a JSON-RPC stream; the worker's stderr is the process's.
globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });

/** A nice value of 10 leaves this thread about a tenth of the CPU the main thread gets when they share a core. */
const WORKER_NICE = 10;

async function run(job: CompileJob): Promise<CompileOutcome> {
  try {
    const compiled = await compilePolicy(job.sources);
    const module = await compileModule(compiled.wasm);
    await instantiatePolicy(module, compiled, job.sources, job.options);
    const { entrypoint, inputReads, warnings } = compiled;
    return { ok: true, module: module.module, pages: module.pages, entrypoint, inputReads, warnings };
  } catch (error) {
    if (error instanceof PolicyLoadError) return { ok: false, errors: error.errors };
    return { ok: false, bug: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
}

/**
 * Where the OS allows it (Linux: the nice value is per thread), this thread gives way to the
 * one that decides messages: on a machine short of cores a build would otherwise take CPU from
 * the event loop it is meant not to block. With a core to itself it runs as fast as before.
 */
function lowerPriority(): void {
  try {
    setPriority(WORKER_NICE);
  } catch {
    // not permitted or not supported: the build only competes as any thread does
  }
}

parentPort?.on('message', ({ id, job }: { id: number; job: CompileJob }) => {
  void run(job).then((outcome) => parentPort?.postMessage({ id, outcome }));
});
