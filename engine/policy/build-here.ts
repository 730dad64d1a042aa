/**
 * buildAndCheckOffThread's twin on the calling thread, for the first load of a process: nothing
 * is deciding messages yet, so there is no event loop to keep free, and a worker would only add
 * its own start-up (a thread, an isolate, the compiler's modules loaded again) to the time before
 * the first message can be answered. Reloads go to the worker (build-off-thread.ts).
 *
 * The wasm is compiled eagerly, as on the worker: WebAssembly.compile then compiles every function
 * on V8's background threads before the policy is put in force, where lazy compilation would
 * compile each on the event loop at the first message that reaches it.
 */
import { setFlagsFromString } from 'node:v8';
import { buildPolicy, type BuildOptions } from './build.js';
import { contractWarnings } from './contract-warnings.js';
import type { WardenPolicy } from './policy.js';
import type { PolicySources } from './sources.js';

export async function buildAndCheckHere(sources: Pick<PolicySources, 'modules' | 'data'>, options: BuildOptions = {}): Promise<{ policy: WardenPolicy; warnings: string[] }> {
  setFlagsFromString('--no-wasm-lazy-compilation');
  const policy = await buildPolicy(sources, options);
  return { policy, warnings: contractWarnings(sources.modules) };
}
