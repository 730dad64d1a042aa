/**
 * `warden test -b`: each PATH is a bundle directory, read as OPA reads one. Every *.rego below it
 * is a module; data comes only from files named data.json, data.yaml or data.yml, placed by their
 * directory (other JSON and YAML files are no data, unlike a plain `warden test` PATH); a
 * `.manifest` at the root may declare `roots`, and then every package and every data path must
 * lie under one of them, with OPA's messages. Every module of a run is read in one Rego version,
 * so a manifest's `rego_version` must be the run's and `file_rego_versions` is refused. Bundle
 * archives (.tar.gz) are refused: give the directory they unpack to.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PlacedDocument } from '../../engine/policy/data-merge.js';
import { parseModule } from '../../engine/compiler/syntax/index.js';
import { DATA_FILES } from '../../engine/policy/sources.js';
import { LoadError, mergedData, mergedSources, readDirectory, toPosix, type TestSources } from './load.js';
import { pathReason } from '../path-errors.js';

const MANIFEST = '.manifest';

interface Bundle {
  root: string;
  modules: Record<string, string>;
  documents: PlacedDocument[];
  roots: string[];
}

export async function loadBundleSources(paths: readonly string[], ignored: (name: string) => boolean = () => false, regoVersion: 0 | 1 = 1): Promise<TestSources> {
  const { modules, documents } = await readBundles(paths, ignored, regoVersion);
  return mergedSources(modules, documents);
}

/** The bundles' modules, and their data documents placed but not yet merged (eval merges -d's with them). */
export async function readBundles(paths: readonly string[], ignored: (name: string) => boolean, regoVersion: 0 | 1): Promise<{ modules: Record<string, string>; documents: PlacedDocument[] }> {
  const modules: Record<string, string> = {};
  const documents: PlacedDocument[] = [];
  for (const given of paths) {
    const info = await stat(given).catch((error: unknown) => {
      throw new LoadError(given, `${pathReason(error)}; expected a bundle directory`);
    });
    if (!info.isDirectory()) throw new LoadError(toPosix(given), 'not a bundle directory (warden test reads bundles unpacked; extract an archive first)');
    const bundle: Bundle = { root: given, modules: {}, documents: [], roots: await manifestRoots(given, regoVersion) };
    await readDirectory(bundle.root, (name) => DATA_FILES.includes(name), ignored, bundle);
    checkRoots(bundle);
    Object.assign(modules, bundle.modules);
    documents.push(...bundle.documents);
  }
  return { modules, documents };
}

/** The manifest's `roots` (OPA's default: the whole tree, `[""]`), once its Rego version is checked. */
async function manifestRoots(root: string, regoVersion: 0 | 1): Promise<string[]> {
  const file = path.join(root, MANIFEST);
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LoadError(toPosix(file), `${pathReason(error)}; expected the bundle's manifest (JSON)`);
  });
  if (text === undefined) return [''];
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new LoadError(toPosix(file), `cannot parse manifest: ${error instanceof Error ? error.message : String(error)}`);
  }
  checkVersion(toPosix(file), manifest as Record<string, unknown> | null, regoVersion);
  const roots = (manifest as { roots?: unknown } | null)?.roots;
  if (roots === undefined) return [''];
  if (!Array.isArray(roots) || !roots.every((r) => typeof r === 'string')) throw new LoadError(toPosix(file), 'manifest roots must be an array of strings');
  return roots.map((r) => r.replace(/^\/+|\/+$/g, ''));
}

function checkVersion(file: string, manifest: Record<string, unknown> | null, regoVersion: 0 | 1): void {
  if (manifest?.file_rego_versions !== undefined) throw new LoadError(file, 'file_rego_versions is not supported: warden test reads every module of a run in one Rego version');
  const declared = manifest?.rego_version;
  if (declared === undefined || declared === regoVersion) return;
  throw new LoadError(file, `manifest rego_version ${JSON.stringify(declared)} is not the run's (${regoVersion}): ${regoVersion === 1 ? 'pass --v0-compatible' : 'leave out --v0-compatible'}`);
}

function checkRoots(bundle: Bundle): void {
  if (bundle.roots.includes('')) return;
  const shown = `[${bundle.roots.join(' ')}]`;
  for (const [file, source] of Object.entries(bundle.modules)) {
    const pkg = parseModule(file, source).module?.package.path ?? parseModule(file, source, { regoVersion: 0 }).module?.package.path;
    if (pkg && !underRoot(bundle.roots, pkg)) throw new LoadError(file, `manifest roots ${shown} do not permit 'package ${pkg.join('.')}' in module '${file}'`);
  }
  const { data } = mergedData(bundle.documents);
  const outside = dataOutside(bundle.roots, data, []);
  if (outside) throw new LoadError(toPosix(bundle.root), `manifest roots ${shown} do not permit data at path '/${outside.join('/')}' (hint: check bundle directory structure)`);
}

/** The first data path under no root; an object on the way to a root is walked into. */
function dataOutside(roots: readonly string[], node: unknown, at: string[]): string[] | undefined {
  if (at.length > 0 && underRoot(roots, at)) return undefined;
  const isObject = typeof node === 'object' && node !== null && !Array.isArray(node);
  if (!isObject || !roots.some((r) => startsWith(r.split('/'), at))) return at;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const found = dataOutside(roots, value, [...at, key]);
    if (found) return found;
  }
  return undefined;
}

function underRoot(roots: readonly string[], at: readonly string[]): boolean {
  return roots.some((r) => startsWith(at, r.split('/')));
}

function startsWith(segments: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= segments.length && prefix.every((p, i) => segments[i] === p);
}
