/**
 * The files below a directory whose names a command takes (`*.rego`, data files), depth first
 * with each directory's entries in name order, for `check`, `eval` and `fmt`. Entries whose name
 * starts with a dot (.git and the like) are skipped when `skipHidden`.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export async function filesBelow(dir: string, accept: (name: string) => boolean, skipHidden: boolean): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    if (skipHidden && entry.name.startsWith('.')) continue;
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesBelow(child, accept, skipHidden)));
    else if (entry.isFile() && accept(entry.name)) out.push(child);
  }
  return out;
}
