/**
 * Fixture paths that work both from the sources (tsx) and from the compiled copy in
 * dist/test, which has no YAML next to it: everything is resolved from the repository root.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the test file');
    dir = up;
  }
  return dir;
}

const root = repoRoot();

export const casesDir = join(root, 'test/engine/compiler/syntax/cases');

/** OPA's conformance vectors, present only when the sibling `shared` checkout is. */
export const conformanceDir = join(root, '../shared/rego-conformance/v1');
