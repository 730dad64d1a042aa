/**
 * Reads a policy directory: every *.rego below it except *_test.rego (tests are for `warden
 * test`, not for deciding), plus an optional data file at its root (data.json, data.yaml or
 * data.yml) that becomes the base `data` document. Module names are paths relative to the
 * directory with forward slashes, so diagnostics and digests do not depend on where it lives.
 *
 * Reading and parsing are two steps: the files as read, before anything can fail to parse, are
 * what a load is compared with afterwards to learn whether the disk changed meanwhile.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { documentFormat } from '../protocol/exact-documents.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { DataMergeError, mergeDocuments } from './data-merge.js';
import { filesBelow, hidden } from './file-walk.js';
import { PolicyLoadError } from './errors.js';

export interface PolicySources {
  dir: string;
  modules: Record<string, string>;
  data: JsonObject;
  /**
   * The data as JSON text with the numbers `data` holds otherwise written as in the file (every
   * digit of integers past 2^53; a JSON file's `10.0`, `1e3`): set only for such data, and then
   * what the policy is given and the digest covers.
   */
  exactData?: string;
  dataFile: string | null;
  /** Rego v0 (`--v0-compatible`): the modules are parsed as v0, except those importing rego.v1. */
  regoVersion?: 0;
  /** `--strict-builtin-errors`: a builtin call that fails aborts the decision (which then denies) instead of being undefined. */
  strictBuiltinErrors?: true;
}

/** What a policy is built from: its modules, its base data, their Rego version and builtin error mode. */
export type PolicyContent = Pick<PolicySources, 'modules' | 'data' | 'exactData' | 'regoVersion' | 'strictBuiltinErrors'>;

/** The text of every file a policy is made of, unparsed. */
export interface PolicyFiles {
  dir: string;
  modules: Record<string, string>;
  /** The `--data` file alone, else every data file at the directory's root: more than one is refused when parsed. */
  data: DataText[];
  regoVersion?: 0;
  strictBuiltinErrors?: true;
}

export interface DataText {
  /** As PolicySources.dataFile names it: absolute for `--data`, else relative to the directory. */
  file: string;
  text: string;
}

/** The names OPA reads a data document from: in a bundle, and at a policy directory's root here. */
export const DATA_FILES: readonly string[] = ['data.json', 'data.yaml', 'data.yml'];

/** How a policy directory is read besides its path. */
export interface ReadOptions {
  /** `--data FILE`: the data file, anywhere on disk; it replaces the directory's own. */
  dataFile?: string;
  /** 0 for `--v0-compatible`. */
  regoVersion?: 0 | 1;
  strictBuiltinErrors?: boolean;
}

export async function readPolicyDir(dir: string, options: ReadOptions = {}): Promise<PolicySources> {
  return parsePolicyFiles(await readPolicyFiles(dir, options));
}

/** Fails only when a file cannot be read. */
export async function readPolicyFiles(dir: string, { dataFile, regoVersion, strictBuiltinErrors }: ReadOptions = {}): Promise<PolicyFiles> {
  const files = await listFiles(dir);
  const modules: Record<string, string> = {};
  for (const rel of files.filter(isPolicyModule).sort()) {
    modules[rel] = await readFile(path.join(dir, rel), 'utf8');
  }
  const dataFiles = dataFile === undefined ? files.filter((f) => DATA_FILES.includes(f)).sort() : [path.resolve(dataFile)];
  const data: DataText[] = [];
  for (const file of dataFiles) data.push({ file, text: await readFile(path.resolve(dir, file), 'utf8') });
  return { dir, modules, data, ...(regoVersion === 0 ? { regoVersion } : {}), ...(strictBuiltinErrors === true ? { strictBuiltinErrors } : {}) };
}

export function parsePolicyFiles(files: PolicyFiles): PolicySources {
  const [found, second] = files.data;
  if (second) throw PolicyLoadError.single(second.file, `only one data file is allowed, found ${files.data.map((d) => d.file).join(', ')}`);
  const { data, exactData } = found ? parseData(found) : { data: {} };
  return {
    dir: files.dir, modules: files.modules, data, ...(exactData === undefined ? {} : { exactData }), dataFile: found?.file ?? null,
    ...(files.regoVersion === 0 ? { regoVersion: files.regoVersion } : {}),
    ...(files.strictBuiltinErrors === true ? { strictBuiltinErrors: files.strictBuiltinErrors } : {}),
  };
}

export function isPolicyModule(rel: string): boolean {
  return rel.endsWith('.rego') && !rel.endsWith('_test.rego');
}

/** Whether a changed file can affect the loaded policy (used by the watcher). */
export function isPolicyInput(rel: string): boolean {
  return isPolicyModule(rel) || DATA_FILES.includes(rel);
}

/** Every file below `dir` but hidden ones, relative to it with forward slashes. */
async function listFiles(dir: string): Promise<string[]> {
  const files = await filesBelow(dir, () => true, hidden);
  return files.map((file) => path.relative(dir, file).split(path.sep).join('/'));
}

/** A `--data` file named other than .json, .yaml or .yml is read as YAML, which holds JSON too. */
function parseData({ file, text }: DataText): Pick<PolicySources, 'data' | 'exactData'> {
  const name = path.basename(file);
  try {
    return mergeDocuments([{ at: [], file: name, text, format: documentFormat(name) ?? 'yaml' }]);
  } catch (error) {
    if (error instanceof DataMergeError) throw PolicyLoadError.single(name, error.reason, error.at?.line, error.at?.col);
    throw error;
  }
}
