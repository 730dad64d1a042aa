/**
 * Runs a CommonJS bundle from V8's code cache: `node cached-script.js BUNDLE ARGS...` runs BUNDLE
 * with ARGS as its own arguments, compiled from `BUNDLE.cache` when that cache matches this V8
 * and the bundle's text. Node 20 has no compile cache of its own (module.enableCompileCache came
 * in 22), and `make bench` starts the bench server some 300 times: without the cache, compiling
 * its 0.7 MB is a fifth of each start's CPU.
 *
 * A cache that is missing or rejected is written after the bundle's top level has run (so it
 * holds every function compiled by then), through a temporary file renamed into place, so a
 * start running beside it reads either no cache or a whole one. A start that cannot write it
 * (a sandbox with a read-only view) runs all the same.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';

type Wrapped = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

const bundle = process.argv[2];
if (bundle === undefined) {
  process.stderr.write('usage: cached-script BUNDLE ARGS...\n');
  process.exit(2);
}
// The bundle reads its arguments where it would if run itself: argv[2] on.
process.argv.splice(1, 1);
const cacheFile = `${bundle}.cache`;
// A hashbang is not JavaScript inside the function wrapper; a comment keeps the line numbers.
const source = readFileSync(bundle, 'utf8').replace(/^#!/, '//');
const cachedData = readCache();
const script = new Script(Module.wrap(source), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
const run = script.runInThisContext() as Wrapped;
const module = { exports: {} };
run(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
if (cachedData === undefined || script.cachedDataRejected === true) writeCache(script.createCachedData());

function readCache(): Buffer | undefined {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

function writeCache(data: Buffer): void {
  const temporary = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, cacheFile);
  } catch {
    // Only a later start's speed depends on it.
  }
}
