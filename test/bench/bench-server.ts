/**
 * The stdio server every bench path serves: the example workspace server, bundled into one
 * minified CommonJS file and run from V8's code cache (cached-script.ts).
 *
 * Why: the transport section starts 256 of them (64 clients on each of four paths) and the stdio
 * section dozens more, and those starts, CPU-bound on two cores, were a quarter of `make bench`'s
 * time. Node starts the module graph the server is built from (the MCP SDK, zod and ajv:
 * hundreds of files resolved, read and compiled one by one) in about 0.43 s of CPU, the bundle
 * in 0.27-0.30 s, the minified bundle from its code cache in 0.19-0.21 s (bare Node: 0.10 s).
 * Only the stdio section's start column measures a start, and every path runs the same server
 * the same way, so rows still differ only in the path.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { WORKSPACE_SERVER } from '../e2e/support/repo.js';

const BUNDLE = fileURLToPath(new URL('./workspace-server.bundle.cjs', import.meta.url));
const CACHED_SCRIPT = fileURLToPath(new URL('./cached-script.js', import.meta.url));

let built: string[] | undefined;

/**
 * The arguments that start the server, after Node's own path and before the workspace; built
 * from the compiled server, and its code cache written, on the first call of a bench run.
 */
export function benchServer(): string[] {
  if (built === undefined) {
    buildSync({
      entryPoints: [WORKSPACE_SERVER], outfile: BUNDLE, bundle: true, minify: true, platform: 'node', format: 'cjs',
      target: `node${process.versions.node}`, logLevel: 'error',
    });
    rmSync(`${BUNDLE}.cache`, { force: true });
    built = [CACHED_SCRIPT, BUNDLE];
    writeCodeCache(built);
  }
  return built;
}

/** One start with its input closed: the server starts, writes the cache, and ends at end of input. */
function writeCodeCache(server: string[]): void {
  const workspace = mkdtempSync(path.join(tmpdir(), 'mcp-warden-bench-server-'));
  try {
    const started = spawnSync(process.execPath, [...server, workspace], { input: '', stdio: ['pipe', 'ignore', 'pipe'], timeout: 30_000 });
    if (started.status !== 0) throw new Error(`the bench server did not start: ${started.stderr.toString() || started.error?.message || `status ${started.status}`}`);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

