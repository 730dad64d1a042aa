/**
 * What `warden test` reads, as `opa test` does: every *.rego (tests included) below each path,
 * and every .json, .yaml and .yml file placed in the data document by the directory it sits in,
 * relative to the path given (dir/a/b/data.json and dir/a/b/cases.yaml both go to data.a.b), as
 * OPA's loader places them whatever their name. A data file named on the command line is merged
 * at the root. Module names are the given path joined with the file's relative path, so
 * locations read the way the user typed them.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DataMergeError, mergeDocuments, type PlacedDocument } from '../../engine/policy/data-merge.js';
import { documentFormat } from '../../engine/protocol/exact-documents.js';
import type { JsonObject } from '../../engine/protocol/jsonrpc.js';

export interface TestSources {
  /** Module name -> Rego source, sorted by name. */
  modules: Record<string, string>;
  data: JsonObject;
  /** `data` with every digit of its integers past 2^53, when it holds any (PolicySources.exactData). */
  exactData?: string;
}

/** A file that cannot be read or a data file that cannot be parsed or merged; `warden test` exits 1. */
export class LoadError extends Error {
  override readonly name = 'LoadError';
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
  }
}

export async function loadTestSources(paths: readonly string[]): Promise<TestSources> {
  const modules: Record<string, string> = {};
  const documents: PlacedDocument[] = [];
  for (const given of paths) {
    const info = await stat(given).catch((error: unknown) => {
      throw new LoadError(given, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    });
    if (info.isDirectory()) await loadDirectory(given, '', modules, documents);
    else await loadFile(given, modules, documents);
  }
  try {
    return { modules: sortedByName(modules), ...mergeDocuments(documents) };
  } catch (error) {
    if (error instanceof DataMergeError) throw new LoadError(error.file, error.reason);
    throw error;
  }
}

async function loadFile(file: string, modules: Record<string, string>, documents: PlacedDocument[]): Promise<void> {
  if (file.endsWith('.rego')) modules[toPosix(file)] = await readFile(file, 'utf8');
  else await placeData(file, [], documents);
}

async function loadDirectory(root: string, rel: string, modules: Record<string, string>, documents: PlacedDocument[]): Promise<void> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const childRel = rel ? `${rel}/${entry.name}` : entry.name;
    const file = path.join(root, childRel);
    if (entry.isDirectory()) await loadDirectory(root, childRel, modules, documents);
    else if (!entry.isFile()) continue;
    else if (entry.name.endsWith('.rego')) modules[toPosix(file)] = await readFile(file, 'utf8');
    else if (documentFormat(entry.name) !== undefined) await placeData(file, rel ? rel.split('/') : [], documents);
  }
}

async function placeData(file: string, at: string[], documents: PlacedDocument[]): Promise<void> {
  const name = toPosix(file);
  const format = documentFormat(name);
  if (format === undefined) throw new LoadError(name, 'not a .rego, .json, .yaml or .yml file');
  documents.push({ at, file: name, text: await readFile(file, 'utf8'), format });
}

function sortedByName(modules: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(modules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function toPosix(file: string): string {
  return path.normalize(file).split(path.sep).join('/');
}
