/**
 * Reads a policy directory: every *.rego below it except *_test.rego (tests are for `warden
 * test`, not for deciding), plus an optional data file at its root (data.json, data.yaml or
 * data.yml) that becomes the base `data` document. Module names are paths relative to the
 * directory with forward slashes, so diagnostics and digests do not depend on where it lives.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { PolicyLoadError } from './errors.js';

export interface PolicySources {
  dir: string;
  modules: Record<string, string>;
  data: JsonObject;
  dataFile: string | null;
}

const DATA_FILES = ['data.json', 'data.yaml', 'data.yml'];

/** `dataFile` (`--data FILE`) names the data file explicitly, anywhere on disk; it replaces the directory's own. */
export async function readPolicyDir(dir: string, dataFile?: string): Promise<PolicySources> {
  const files = await listFiles(dir);
  const modules: Record<string, string> = {};
  for (const rel of files.filter(isPolicyModule).sort()) {
    modules[rel] = await readFile(path.join(dir, rel), 'utf8');
  }
  const dataFiles = files.filter((f) => DATA_FILES.includes(f));
  if (dataFile !== undefined) {
    const abs = path.resolve(dataFile);
    return { dir, modules, data: await readData(path.dirname(abs), path.basename(abs)), dataFile: abs };
  }
  if (dataFiles.length > 1) throw PolicyLoadError.single(dataFiles[1]!, `only one data file is allowed, found ${dataFiles.join(', ')}`);
  const found = dataFiles[0] ?? null;
  const data = found ? await readData(dir, found) : {};
  return { dir, modules, data, dataFile: found };
}

export function isPolicyModule(rel: string): boolean {
  return rel.endsWith('.rego') && !rel.endsWith('_test.rego');
}

/** Whether a changed file can affect the loaded policy (used by the watcher). */
export function isPolicyInput(rel: string): boolean {
  return isPolicyModule(rel) || DATA_FILES.includes(rel);
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

async function readData(dir: string, file: string): Promise<JsonObject> {
  const text = await readFile(path.join(dir, file), 'utf8');
  let value: unknown;
  try {
    value = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw PolicyLoadError.single(file, `cannot parse data file: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw PolicyLoadError.single(file, 'the data file must hold an object');
  return value as JsonObject;
}
