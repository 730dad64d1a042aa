/**
 * The compile cache of `warden run` (engine/policy/compile-cache.ts): in warden's home, keyed by
 * a hash of the bundled CLI's own bytes, which hold the whole compiler. A `make build`, an
 * upgrade or a local patch changes that file, and so every key. Unbundled (the modules tsc
 * writes, which tests import), the compiler is spread over hundreds of files that no single hash
 * covers, so there is no cache: each start compiles.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompileCache } from '../engine/policy/index.js';
import { wardenHome } from './home.js';

/** Replaced with true by scripts/bundle.mjs in the bundle it writes; not defined anywhere else. */
declare const WARDEN_BUNDLE: boolean | undefined;

export function defaultCompileCache(env: NodeJS.ProcessEnv = process.env): CompileCache | undefined {
  if (typeof WARDEN_BUNDLE === 'undefined' || !WARDEN_BUNDLE) return undefined;
  const bundle = readFileSync(fileURLToPath(import.meta.url));
  return { dir: path.join(wardenHome(env), 'cache', 'policies'), buildId: createHash('sha256').update(bundle).digest('hex') };
}
