/**
 * The files below a directory whose names `accept` takes, depth first with each directory's
 * entries in name order, as paths joined to `dir`. Entries, files or directories, whose name
 * `skip` takes are passed over (`hidden`: .git and the like).
 *
 * Symbolic links are followed, to files and to directories: a Kubernetes ConfigMap volume holds
 * each file as a link into its hidden `..data` directory (`mcp.rego -> ..data/mcp.rego`), and a
 * linked directory of policies is policies all the same. A directory reached again (a link
 * cycle, or two links to one directory) is walked once. A link to nothing is listed as a file
 * when its name is accepted, so that reading it fails naming it: a module must never go missing
 * from a policy without a word.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

type Kind = 'file' | 'directory' | 'other';

export async function filesBelow(dir: string, accept: (name: string) => boolean, skip: (name: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  await walk(dir, { accept, skip, seen: new Set(), out });
  return out;
}

/** Names starting with a dot: .git, an editor's swap files, a ConfigMap's `..data`, whose files its links reach. */
export function hidden(name: string): boolean {
  return name.startsWith('.');
}

interface Walk {
  readonly accept: (name: string) => boolean;
  readonly skip: (name: string) => boolean;
  readonly seen: Set<string>;
  readonly out: string[];
}

async function walk(dir: string, w: Walk): Promise<void> {
  const real = await realpath(dir);
  if (w.seen.has(real)) return;
  w.seen.add(real);
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (w.skip(entry.name)) continue;
    const child = path.join(dir, entry.name);
    const kind = await kindOf(entry, child);
    if (kind === 'directory') await walk(child, w);
    else if (kind === 'file' && w.accept(entry.name)) w.out.push(child);
  }
}

async function kindOf(entry: Dirent, at: string): Promise<Kind> {
  if (!entry.isSymbolicLink()) return entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other';
  try {
    const target = await stat(at);
    return target.isDirectory() ? 'directory' : target.isFile() ? 'file' : 'other';
  } catch {
    return 'file';
  }
}
