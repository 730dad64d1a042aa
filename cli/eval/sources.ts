/**
 * What `warden eval` compiles and evaluates against, from `--policies DIR` (the directory as
 * the proxy reads it, with the decision wrapper) and `-d/--data PATH` as `opa eval -d` takes
 * it: a .rego file is a module; a .json/.yaml/.yml file is data merged at the root; a
 * directory contributes every .rego below it and every data file merged at the path of its
 * directory (a/b/data.json is data.a.b). Data from -d replaces the directory's own data file.
 * `-b/--bundle` directories are read as `opa eval -b` reads them (policy-test/bundle.ts): their
 * modules, and their data.json/data.yaml documents merged with -d's, a conflict an error.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DataMergeError, mergeDocuments, type PlacedDocument } from '../../engine/policy/data-merge.js';
import { documentFormat } from '../../engine/protocol/exact-documents.js';
import { readText } from '../documents.js';
import { filesBelow, hidden } from '../../engine/policy/file-walk.js';
import { readCompileSources, type CompileSources } from '../policy-sources.js';
import { pathFailure } from '../path-errors.js';
import { CommandFailure } from '../usage.js';
import { readBundles } from '../policy-test/bundle.js';
import { LoadError } from '../policy-test/load.js';

export async function readEvalSources(policyDir: string | undefined, dataPaths: readonly string[], bundlePaths: readonly string[] = [], regoVersion: 0 | 1 = 1): Promise<CompileSources> {
  const base: CompileSources = policyDir === undefined ? { modules: {}, data: {}, options: {} } : await readCompileSources(policyDir);
  const modules = { ...base.modules };
  const documents: PlacedDocument[] = [];
  const bundles = await readBundles(bundlePaths, () => false, regoVersion).catch((error: unknown) => {
    throw error instanceof LoadError ? new CommandFailure(error.message) : error;
  });
  Object.assign(modules, bundles.modules);
  documents.push(...bundles.documents);
  for (const p of dataPaths) {
    const files = await filesAt(p);
    const root = files.length === 1 && files[0] === p ? path.dirname(p) : p;
    for (const file of files) {
      const format = documentFormat(file);
      if (format === undefined) {
        modules[file] = await readText(file, 'a Rego module');
      } else {
        const at = path.relative(root, path.dirname(file)).split(path.sep).filter((s) => s !== '' && s !== '.');
        documents.push({ at, file, text: await readText(file), format });
      }
    }
  }
  if (documents.length === 0) return { ...base, modules };
  try {
    return { modules, options: base.options, ...mergeDocuments(documents) };
  } catch (error) {
    if (error instanceof DataMergeError) throw new CommandFailure(error.message);
    throw error;
  }
}

async function filesAt(p: string): Promise<string[]> {
  const info = await stat(p).catch((error: unknown) => {
    throw pathFailure(p, error, 'a .rego, .json or .yaml file, or a directory of them');
  });
  if (info.isFile()) {
    if (!isSource(p)) throw new CommandFailure(`${p}: not a .rego, .json or .yaml file`);
    return [p];
  }
  return filesBelow(p, isSource, hidden);
}

function isSource(file: string): boolean {
  return file.endsWith('.rego') || documentFormat(file) !== undefined;
}
