/**
 * Loads OPA's Rego conformance cases (YAML) from ../shared when present.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export interface ConformanceCase {
  note: string;
  query: string;
  modules?: string[];
  data?: unknown;
  input?: unknown;
  input_term?: string;
  want_result?: Array<Record<string, unknown>>;
  want_error_code?: string;
  want_error?: string;
  sort_bindings?: boolean;
  strict_error?: boolean;
  file: string;
}

/** The repository root, found from this file whether it runs from source or from dist/. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

export const CONFORMANCE_DIR = path.resolve(repoRoot(), '..', 'shared', 'rego-conformance', 'v1');

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(p);
    return e.name.endsWith('.yaml') || e.name.endsWith('.yml') ? [p] : [];
  }).sort();
}

export function loadCases(): ConformanceCase[] | undefined {
  if (!fs.existsSync(CONFORMANCE_DIR)) return undefined;
  return yamlFiles(CONFORMANCE_DIR).flatMap((file) => {
    const doc = YAML.parse(fs.readFileSync(file, 'utf8')) as { cases?: Omit<ConformanceCase, 'file'>[] };
    return (doc.cases ?? []).map((c) => ({ ...c, file: path.relative(CONFORMANCE_DIR, file) }));
  });
}
