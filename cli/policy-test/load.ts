/**
 * What `warden test` reads, as `opa test` does: every *.rego (tests included) below each path,
 * and data files placed in the data document by the directory they sit in, relative to the
 * path given (dir/a/b/data.json becomes data.a.b). A data file named on the command line is
 * merged at the root. Module names are the given path joined with the file's relative path, so
 * locations read the way the user typed them.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { markedDocument, type DocumentFormat } from '../../engine/protocol/exact-documents.js';
import { exactJson, holdsUnsafeNumber } from '../../engine/protocol/exact-integers.js';
import type { JsonObject, JsonValue } from '../../engine/protocol/jsonrpc.js';

export interface TestSources {
  /** Module name -> Rego source, sorted by name. */
  modules: Record<string, string>;
  data: JsonObject;
  /** `data` with every digit of its integers past 2^53, when it holds any (PolicySources.exactData). */
  exactData?: string;
}

/** A data file as read, and where it went in the data document. */
interface DataFile {
  at: string[];
  name: string;
  text: string;
  format: DocumentFormat;
}

/** A file that cannot be read or a data file that cannot be parsed or merged; `warden test` exits 1. */
export class LoadError extends Error {
  override readonly name = 'LoadError';
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
  }
}

const DATA_FILES = new Set(['data.json', 'data.yaml', 'data.yml']);
const DATA_EXTENSIONS = ['.json', '.yaml', '.yml'];

export async function loadTestSources(paths: readonly string[]): Promise<TestSources> {
  const modules: Record<string, string> = {};
  const data: JsonObject = {};
  const files: DataFile[] = [];
  for (const given of paths) {
    const info = await stat(given).catch((error: unknown) => {
      throw new LoadError(given, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    });
    if (info.isDirectory()) await loadDirectory(given, '', modules, data, files);
    else await loadFile(given, modules, data, files);
  }
  const sources: TestSources = { modules: sortedByName(modules), data };
  if (holdsUnsafeNumber(data)) sources.exactData = exactMerge(files);
  return sources;
}

/** The data files merged again, each read with its integers as marker strings, as exact JSON. */
function exactMerge(files: readonly DataFile[]): string {
  const marked: JsonObject = {};
  for (const { at, name, text, format } of files) mergeAt(marked, at, markedDocument(text, format) as JsonObject ?? {}, name);
  return exactJson(marked);
}

async function loadFile(file: string, modules: Record<string, string>, data: JsonObject, files: DataFile[]): Promise<void> {
  const name = toPosix(file);
  if (name.endsWith('.rego')) modules[name] = await readFile(file, 'utf8');
  else if (DATA_EXTENSIONS.some((ext) => name.endsWith(ext))) await mergeData(data, [], file, files);
  else throw new LoadError(name, 'not a .rego, .json, .yaml or .yml file');
}

async function loadDirectory(root: string, rel: string, modules: Record<string, string>, data: JsonObject, files: DataFile[]): Promise<void> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const childRel = rel ? `${rel}/${entry.name}` : entry.name;
    const file = path.join(root, childRel);
    if (entry.isDirectory()) await loadDirectory(root, childRel, modules, data, files);
    else if (!entry.isFile()) continue;
    else if (entry.name.endsWith('.rego')) modules[toPosix(file)] = await readFile(file, 'utf8');
    else if (DATA_FILES.has(entry.name)) await mergeData(data, rel ? rel.split('/') : [], file, files);
  }
}

async function mergeData(data: JsonObject, at: string[], file: string, files: DataFile[]): Promise<void> {
  const text = await readFile(file, 'utf8');
  const name = toPosix(file);
  const format: DocumentFormat = file.endsWith('.json') ? 'json' : 'yaml';
  mergeAt(data, at, parseData(file, text, format), name);
  files.push({ at, name, text, format });
}

function parseData(file: string, text: string, format: DocumentFormat): JsonObject {
  let value: unknown;
  try {
    value = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new LoadError(toPosix(file), `cannot parse data file: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new LoadError(toPosix(file), 'a data file must hold an object');
  return value as JsonObject;
}

/** Deep merge of objects; two files giving a value to the same non-object path is an error, as in OPA. */
function mergeAt(target: JsonObject, at: string[], value: JsonObject, file: string): void {
  let node = target;
  for (const key of at) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (!isObject(next)) throw new LoadError(file, `merge error: data.${at.join('.')} is already defined`);
    node = node[key] as JsonObject;
  }
  mergeInto(node, value, file, at);
}

function mergeInto(target: JsonObject, value: JsonObject, file: string, at: string[]): void {
  for (const [key, v] of Object.entries(value)) {
    const existing = target[key];
    if (existing === undefined) target[key] = v;
    else if (isObject(existing) && isObject(v)) mergeInto(existing, v, file, [...at, key]);
    else throw new LoadError(file, `merge error: data.${[...at, key].join('.')} is already defined`);
  }
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sortedByName(modules: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(modules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function toPosix(file: string): string {
  return path.normalize(file).split(path.sep).join('/');
}
