/**
 * What `warden eval` compiles and evaluates against, from `--policies DIR` (the directory as
 * the proxy reads it, with the decision wrapper) and `-d/--data PATH` as `opa eval -d` takes
 * it: a .rego file is a module; a .json/.yaml/.yml file is data merged at the root; a
 * directory contributes every .rego below it and every data file merged at the path of its
 * directory (a/b/data.json is data.a.b). Data from -d replaces the directory's own data file.
 */
import { readFile, stat } from 'node:fs/promises';
import { filesBelow } from '../file-walk.js';
import path from 'node:path';
import type { JsonObject, JsonValue } from '../../engine/protocol/jsonrpc.js';
import { markedDocument } from '../../engine/protocol/exact-documents.js';
import { exactJson, holdsUnsafeNumber } from '../../engine/protocol/exact-integers.js';
import { readDocumentText, type ReadDocument } from '../documents.js';
import { readCompileSources, type CompileSources } from '../policy-sources.js';
import { CommandFailure } from '../usage.js';

const DATA_FILE = /\.(json|ya?ml)$/i;

export async function readEvalSources(policyDir: string | undefined, dataPaths: readonly string[]): Promise<CompileSources> {
  const base: CompileSources = policyDir === undefined ? { modules: {}, data: {}, options: {} } : await readCompileSources(policyDir);
  const loaded: CompileSources = { modules: { ...base.modules }, data: {}, options: base.options };
  const documents: Array<{ at: string[]; file: string; read: ReadDocument }> = [];
  for (const p of dataPaths) {
    const files = await filesAt(p);
    const root = files.length === 1 && files[0] === p ? path.dirname(p) : p;
    for (const file of files) {
      if (file.endsWith('.rego')) {
        loaded.modules[file] = await readFile(file, 'utf8');
      } else {
        const at = path.relative(root, path.dirname(file)).split(path.sep).filter((s) => s !== '' && s !== '.');
        const read = await readDocumentText(file);
        mergeAt(loaded.data, at, read.value, file);
        documents.push({ at, file, read });
      }
    }
  }
  if (documents.length === 0) return { ...loaded, data: base.data, ...(base.exactData === undefined ? {} : { exactData: base.exactData }) };
  if (!holdsUnsafeNumber(loaded.data)) return loaded;
  // Merged again from the files read with their integers as marker strings: the exact text.
  const marked: JsonObject = {};
  for (const { at, file, read } of documents) mergeAt(marked, at, markedDocument(read.text, read.format), file);
  return { ...loaded, exactData: exactJson(marked) };
}

async function filesAt(p: string): Promise<string[]> {
  const info = await stat(p).catch((error: NodeJS.ErrnoException) => {
    throw new CommandFailure(`cannot read ${p}: ${error.code ?? error.message}`);
  });
  if (info.isFile()) {
    if (!p.endsWith('.rego') && !DATA_FILE.test(p)) throw new CommandFailure(`${p}: not a .rego, .json or .yaml file`);
    return [p];
  }
  return filesBelow(p, (name) => name.endsWith('.rego') || DATA_FILE.test(name), true);
}

/** Deep-merges `value` into `data` at `at`; two different non-object values at one path conflict. */
function mergeAt(data: JsonObject, at: readonly string[], value: JsonValue, file: string): void {
  let node = data;
  for (const key of at) {
    const next = node[key] ?? {};
    if (!isObject(next)) throw new CommandFailure(`${file}: merge conflict at data.${at.join('.')}`);
    node[key] = next;
    node = next;
  }
  if (!isObject(value)) {
    if (at.length === 0) throw new CommandFailure(`${file}: data at the root must be an object`);
    throw new CommandFailure(`${file}: data below a directory must be an object`);
  }
  mergeObjects(node, value, file);
}

function mergeObjects(into: JsonObject, from: JsonObject, file: string): void {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    if (existing === undefined) into[key] = value;
    else if (isObject(existing) && isObject(value)) mergeObjects(existing, value, file);
    else throw new CommandFailure(`${file}: merge conflict at key ${JSON.stringify(key)}`);
  }
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
