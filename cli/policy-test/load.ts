/**
 * What `warden test` reads, as `opa test` does: every *.rego (tests included) below each path,
 * and every .json, .yaml and .yml file placed in the data document by the directory it sits in,
 * relative to the path given (dir/a/b/data.json and dir/a/b/cases.yaml both go to data.a.b), as
 * OPA's loader places them whatever their name. A data file named on the command line is merged
 * at the root. Module names are the given path joined with the file's relative path, so
 * locations read the way the user typed them.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { filesBelow, hidden } from '../../engine/policy/file-walk.js';
import { DataMergeError, mergeDocuments, type PlacedDocument } from '../../engine/policy/data-merge.js';
import { documentFormat } from '../../engine/protocol/exact-documents.js';
import type { JsonObject } from '../../engine/protocol/jsonrpc.js';
import { pathReason } from '../path-errors.js';

export interface TestSources {
  /** Module name -> Rego source, sorted by name. */
  modules: Record<string, string>;
  data: JsonObject;
  /** `data` with its numbers as written, when its value alone would change one (PolicySources.exactData). */
  exactData?: string;
}

/** A file that cannot be read or a data file that cannot be parsed or merged; `warden test` exits 1. */
export class LoadError extends Error {
  override readonly name = 'LoadError';
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
  }
}

/** What a load gathers, and the names `--ignore` skips. */
interface Load {
  modules: Record<string, string>;
  documents: PlacedDocument[];
  ignored: (name: string) => boolean;
}

/** `ignored` is tested on the name of every path given and every entry below one (`--ignore`). */
export async function loadTestSources(paths: readonly string[], ignored: (name: string) => boolean = () => false): Promise<TestSources> {
  const load: Load = { modules: {}, documents: [], ignored };
  for (const given of paths) {
    const info = await stat(given).catch((error: unknown) => {
      throw new LoadError(given, `${pathReason(error)}; expected a .rego, .json or .yaml file, or a directory of them`);
    });
    if (ignored(path.basename(path.resolve(given)))) continue;
    if (info.isDirectory()) await loadDirectory(given, load);
    else await loadFile(given, load);
  }
  return mergedSources(load.modules, load.documents);
}

/** The modules sorted by name, and the data documents merged into one. */
export function mergedSources(modules: Record<string, string>, documents: readonly PlacedDocument[]): TestSources {
  return { modules: sortedByName(modules), ...mergedData(documents) };
}

export function mergedData(documents: readonly PlacedDocument[]): Pick<TestSources, 'data' | 'exactData'> {
  try {
    return mergeDocuments(documents);
  } catch (error) {
    if (error instanceof DataMergeError) throw new LoadError(error.at ? `${error.file}:${error.at.line}:${error.at.col}` : error.file, error.reason);
    throw error;
  }
}

async function loadFile(file: string, load: Load): Promise<void> {
  if (file.endsWith('.rego')) load.modules[toPosix(file)] = await readFile(file, 'utf8');
  else await placeData(file, [], load.documents);
}

async function loadDirectory(root: string, load: Load): Promise<void> {
  await readDirectory(root, (name) => documentFormat(name) !== undefined, load.ignored, load);
}

/**
 * The modules and the data files (those `isData` names) below `root`, but hidden entries and those
 * `ignored` names; each data file placed at its directory's path below `root`.
 */
export async function readDirectory(root: string, isData: (name: string) => boolean, ignored: (name: string) => boolean, into: Pick<Load, 'modules' | 'documents'>): Promise<void> {
  const accept = (name: string): boolean => name.endsWith('.rego') || isData(name);
  for (const file of await filesBelow(root, accept, (name) => hidden(name) || ignored(name))) {
    if (file.endsWith('.rego')) into.modules[toPosix(file)] = await readFile(file, 'utf8');
    else {
      const rel = toPosix(path.relative(root, path.dirname(file)));
      into.documents.push(await readDocument(file, rel === '.' ? [] : rel.split('/')));
    }
  }
}

async function placeData(file: string, at: string[], documents: PlacedDocument[]): Promise<void> {
  documents.push(await readDocument(file, at));
}

export async function readDocument(file: string, at: readonly string[]): Promise<PlacedDocument> {
  const name = toPosix(file);
  const format = documentFormat(name);
  if (format === undefined) throw new LoadError(name, 'not a .rego, .json, .yaml or .yml file');
  return { at, file: name, text: await readFile(file, 'utf8'), format };
}

function sortedByName(modules: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(modules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function toPosix(file: string): string {
  return path.normalize(file).split(path.sep).join('/');
}
