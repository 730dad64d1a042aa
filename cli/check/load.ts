/**
 * The Rego files `warden check` reads: each path is a .rego file or a directory searched
 * recursively for *.rego (tests included; dot-entries skipped, as everywhere in warden).
 * Files are named by the path as given plus the relative path below it, as `opa check`
 * reports them, so an editor or CI annotation can open them from the same working directory.
 */
import { readFile, stat } from 'node:fs/promises';
import { filesBelow, hidden } from '../../engine/policy/file-walk.js';
import { pathFailure } from '../path-errors.js';

export async function loadRegoFiles(paths: readonly string[]): Promise<Record<string, string>> {
  const files: string[] = [];
  for (const p of paths) files.push(...(await regoFilesAt(p)));
  const modules: Record<string, string> = {};
  for (const file of [...new Set(files)].sort()) {
    modules[file] = await readFile(file, 'utf8').catch((error: unknown) => {
      throw pathFailure(file, error, 'a Rego module');
    });
  }
  return modules;
}

async function regoFilesAt(p: string): Promise<string[]> {
  const info = await stat(p).catch((error: unknown) => {
    throw pathFailure(p, error, 'a .rego file or a directory of them');
  });
  if (info.isFile()) return [p];
  return filesBelow(p, (name) => name.endsWith('.rego'), hidden);
}
