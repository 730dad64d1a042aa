/**
 * Finds dist/runtime.wasm. The built module sits at dist/engine/compiler/wasm/, three levels
 * below it; run from source (tsx) the same relative step lands elsewhere, so ancestors are
 * searched for a dist/runtime.wasm as well.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export async function loadRuntime(): Promise<Uint8Array> {
  return new Uint8Array(await readFile(findRuntime()));
}

export function findRuntime(): string {
  const beside = fileURLToPath(new URL('../../../runtime.wasm', import.meta.url));
  if (existsSync(beside)) return beside;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'dist', 'runtime.wasm');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`runtime.wasm not found next to ${beside} or in any dist/ above it; run make build`);
}
