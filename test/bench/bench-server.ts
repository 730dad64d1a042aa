/**
 * The stdio server every bench path serves: the example workspace server, bundled into one file.
 *
 * Why bundled: Node starts the bundle in about 0.24 s of CPU against 0.43 s for the module graph
 * it is built from (the MCP SDK, zod and ajv: hundreds of files resolved, read and compiled one
 * by one). The transport section starts 256 of them (64 clients on each of four paths) and the
 * stdio section dozens more; only the stdio section's start column measures it, and it was a
 * third of `make bench`'s time. Every path runs the same bundle, so rows still differ only in
 * the path.
 */
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { WORKSPACE_SERVER } from '../e2e/support/repo.js';

const BUNDLE = fileURLToPath(new URL('./workspace-server.bundle.mjs', import.meta.url));

let built: string | undefined;

/** The bundle's path, built from the compiled server on the first call of a bench run. */
export function benchServer(): string {
  if (built === undefined) {
    buildSync({
      entryPoints: [WORKSPACE_SERVER], outfile: BUNDLE, bundle: true, platform: 'node', format: 'esm', target: `node${process.versions.node}`,
      // Dependencies written as CommonJS call require() for Node's own modules; an ES module has none.
      banner: { js: 'import { createRequire } from \'node:module\'; const require = createRequire(import.meta.url);' },
      logLevel: 'error',
    });
    built = BUNDLE;
  }
  return built;
}

