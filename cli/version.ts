/**
 * `warden --version`: the package version, plus what a bug report needs to reproduce a decision:
 * the OPA wasm ABI version the compiler emits and the Node.js runtime.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ABI_MINOR_VERSION, ABI_VERSION } from '../engine/compiler/wasm/index.js';

export async function versionText(): Promise<string> {
  return [`Version: ${await packageVersion()}`, `Wasm ABI: ${ABI_VERSION}.${ABI_MINOR_VERSION}`, `Node: ${process.version}`].join('\n');
}

// The compiled file sits at different depths (dist/cli, or a private build's outDir), so the
// package's own package.json is found by walking up to it.
export async function packageVersion(): Promise<string> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = await readFile(path.join(dir, 'package.json'), 'utf8').then((text) => JSON.parse(text) as { name?: unknown; version?: unknown }, () => undefined);
    if (pkg?.name === 'mcp-warden' && typeof pkg.version === 'string') return pkg.version;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('the mcp-warden package.json was not found above the installed files');
    dir = parent;
  }
}
