/**
 * Test files run from test/ (tsx) and from dist/test/ (compiled), so fixtures are located
 * from the repository root rather than from the test file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mcp-warden') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
}

export function fromRoot(...parts: string[]): string {
  return path.join(repoRoot(), ...parts);
}

/** Reads `cases:` from a YAML case table under the repository root. */
export function loadCases<T>(...parts: string[]): T[] {
  const doc = parseYaml(readFileSync(fromRoot(...parts), 'utf8')) as { cases: T[] };
  return doc.cases;
}
