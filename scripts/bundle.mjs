#!/usr/bin/env node
// Bundles the compiled CLI into one file per process entry, after tsc: dist/cli/warden.js is
// replaced by a bundle of itself and everything it imports (dependencies included), and the two
// scripts it starts by path, the policy compile worker and the container launcher, are bundled
// beside it, where the bundled code's `new URL('./…', import.meta.url)` finds them.
//
// Why: unbundled, `warden run` resolves, reads and compiles about 800 modules before it does
// anything, 0.5 s of every start (0.25 s bundled), and every stdio client starts its own warden.
// The modules under dist/ stay as tsc wrote them, for the library export and the unit tests.
//
// Usage: node scripts/bundle.mjs [DIST]   (default: dist)
import path from 'node:path';
import { buildSync } from 'esbuild';

const dist = path.resolve(process.argv[2] ?? 'dist');
const cli = path.join(dist, 'cli');
const entries = {
  warden: path.join(cli, 'warden.js'),
  'compile-worker': path.join(dist, 'engine/policy/compile-worker.js'),
  'container-run': path.join(dist, 'transports/stdio/sandbox/container-run.js'),
};

buildSync({
  entryPoints: entries,
  outdir: cli,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // CommonJS dependencies call require() for Node's own modules; an ES module has no require.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  // Tells the CLI it runs as one file, whose hash then keys its compile cache (cli/compile-cache.ts).
  define: { WARDEN_BUNDLE: 'true' },
  // Optional native speed-ups ws tries and does without.
  external: ['bufferutil', 'utf-8-validate'],
  logLevel: 'warning',
});
