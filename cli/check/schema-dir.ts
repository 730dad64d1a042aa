/**
 * `--schema DIR`, as `opa eval --schema` reads it: every `*.json` file below DIR is a JSON Schema
 * that METADATA `schemas:` annotations name by its path, `/` read as `.` and without `.json`
 * (`DIR/k8s/pod.json` is `schema.k8s.pod`, `DIR/input.json` is `schema.input`). A single file is
 * the schema `schema.<its name>`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../log.js';
import { CommandFailure } from '../usage.js';
import { pathFailure } from '../path-errors.js';

export async function readSchemaDir(dir: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (dir === undefined) return undefined;
  const info = await stat(dir).catch((error: unknown) => {
    throw pathFailure(dir, error, 'a JSON Schema file or a directory of them (--schema)');
  });
  const files = info.isDirectory() ? await jsonFiles(dir, dir) : [path.basename(dir)];
  const root = info.isDirectory() ? dir : path.dirname(dir);
  const schemas: Record<string, unknown> = {};
  for (const file of files) {
    const name = file.slice(0, -'.json'.length).split(path.sep).join('.');
    const text = await readFile(path.join(root, file), 'utf8');
    try {
      schemas[name] = JSON.parse(text) as unknown;
    } catch (error) {
      throw new CommandFailure(`schema ${path.join(root, file)}: ${errorMessage(error)}`);
    }
  }
  return schemas;
}

async function jsonFiles(root: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await jsonFiles(root, full)));
    else if (e.name.endsWith('.json')) out.push(path.relative(root, full));
  }
  return out.sort();
}
