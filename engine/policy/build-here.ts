/**
 * buildAndCheckOffThread's twin on the calling thread, for the first load of a process: nothing
 * is deciding messages yet, so there is no event loop to keep free, and a worker would only add
 * its own start-up (a thread, an isolate, the compiler's modules loaded again) to the time before
 * the first message can be answered. Reloads go to the worker (build-off-thread.ts).
 *
 * The wasm is compiled eagerly, as on the worker: WebAssembly.compile then compiles every function
 * on V8's background threads before the policy is put in force, where lazy compilation would
 * compile each on the event loop at the first message that reaches it.
 *
 * With a compile cache (compile-cache.ts), a policy an earlier run of the same build compiled is
 * loaded from it. A cache that cannot be read or written costs the compile, never the start: the
 * reason is added to the load's warnings, which are logged and journaled.
 */
import { setFlagsFromString } from 'node:v8';
import { compilePolicy, instantiatePolicy, type BuildOptions } from './build.js';
import { readCached, writeCached, type CachedBuild, type CompileCache } from './compile-cache.js';
import { errorMessage } from './errors.js';
import type { WardenPolicy } from './policy.js';
import { policyDigest } from './digest.js';
import type { PolicyContent } from './sources.js';

export interface HereOptions extends BuildOptions {
  compileCache?: CompileCache;
}

/** `cached`: the wasm was an earlier run's, not compiled now. */
export async function buildAndCheckHere(sources: PolicyContent, options: HereOptions = {}): Promise<{ policy: WardenPolicy; warnings: string[]; cached?: true }> {
  setFlagsFromString('--no-wasm-lazy-compilation');
  const digest = options.digest ?? policyDigest(sources);
  const { build, notes, cached } = options.compileCache ? await throughCache(sources, digest, options.compileCache) : { build: await compileHere(sources), notes: [] };
  const policy = await instantiatePolicy(build.wasm, build, sources, { ...options, digest });
  return { policy, warnings: [...build.warnings, ...notes], ...(cached ? { cached } : {}) };
}

async function throughCache(sources: PolicyContent, digest: string, cache: CompileCache): Promise<{ build: CachedBuild; notes: string[]; cached?: true }> {
  const notes: string[] = [];
  const hit = await readCached(cache, digest).catch((error: unknown) => {
    notes.push(`compiled policy cache not read: ${errorMessage(error)}`);
    return undefined;
  });
  if (hit) return { build: hit, notes, cached: true };
  const build = await compileHere(sources);
  await writeCached(cache, digest, build).catch((error: unknown) => notes.push(`compiled policy not cached: ${errorMessage(error)}`));
  return { build, notes };
}

function compileHere(sources: PolicyContent): Promise<CachedBuild> {
  return compilePolicy(sources);
}
