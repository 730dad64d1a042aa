/**
 * `warden run --config FILE`: reads a YAML or JSON config file into PartialConfig, or explains
 * every problem in it at once (file:line:col, field, what is accepted). Secrets for the
 * upstream may come from an env_file or from `${env:NAME}` references instead of the file.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pointer } from '../../engine/config/json-pointer.js';
import type { ConfigDiagnostic } from './diagnostic.js';
import { readEnvFile } from './env-file.js';
import type { FileConfig, FileUpstream } from './file-format.js';
import type { PartialConfig, PartialUpstream } from './partial.js';
import { MAX_CONFIG_BYTES, parseConfigSource, type ConfigSource } from './source.js';
import { substituteEnv } from './substitute.js';
import { toPartial } from './to-partial.js';
import { validateConfig } from './validate.js';

/** `envFiles`: every env_file the file names, resolved, for the sandbox to hide (cli/protected-paths.ts). */
export type LoadResult = { ok: true; config: PartialConfig; locate: Locate; envFiles: string[] } | { ok: false; errors: ConfigDiagnostic[] };

/** Places a problem found later (an `inFile` diagnostic) in the file: at its field, or the deepest enclosing one the file has. */
export type Locate = (diagnostic: ConfigDiagnostic) => ConfigDiagnostic;

/** `env` is where `${env:NAME}` looks (warden's own environment unless a test says otherwise). */
export async function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadResult> {
  const text = await readText(file);
  if (typeof text !== 'string') return { ok: false, errors: [text] };
  const parsed = parseConfigSource(file, text);
  if (!parsed.ok) return parsed;
  if (parsed.source.value === null || parsed.source.value === undefined) {
    return { ok: false, errors: [{ file, path: '', line: 1, col: 1, message: 'the config file is empty; expected a mapping of settings (see docs/config.md)' }] };
  }
  const errors = validateConfig(parsed.source);
  if (errors.length > 0) return { ok: false, errors };
  const source = parsed.source;
  const value = source.value as FileConfig;
  const baseDir = path.dirname(path.resolve(file));
  const config = toPartial(value, baseDir);
  const locate = locator(source);
  const envFiles = [value.upstream, ...(value.upstreams ?? [])].flatMap((u) => (u?.env_file === undefined ? [] : [path.resolve(baseDir, u.env_file)]));
  if (value.upstreams !== undefined) return withSecrets(value.upstreams, config.upstreams!, (upstreams) => ({ ...config, upstreams }));
  if (value.upstream === undefined) return { ok: true, config, locate, envFiles };
  return withSecrets([value.upstream], [config.upstream!], ([upstream]) => ({ ...config, upstream }), ['upstream']);

  function withSecrets(raw: FileUpstream[], partial: PartialUpstream[], put: (u: PartialUpstream[]) => PartialConfig, at?: string[]): LoadResult {
    const errors: ConfigDiagnostic[] = [];
    const done: PartialUpstream[] = [];
    raw.forEach((u, i) => {
      const result = upstreamSecrets(source, partial[i]!, u.env_file, baseDir, env, at ?? ['upstreams', String(i)]);
      if (result.ok) done.push(result.upstream);
      else errors.push(...result.errors);
    });
    return errors.length > 0 ? { ok: false, errors } : { ok: true, config: put(done), locate, envFiles };
  }
}

function locator(source: ConfigSource): Locate {
  return (d) => {
    if (!d.inFile) return d;
    const at = source.locate(d.path, true);
    return { ...d, file: source.file, ...(at ? { line: at.line, col: at.col } : {}) };
  };
}

async function readText(file: string): Promise<string | ConfigDiagnostic> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { file, path: '', message: 'is not a file' };
    if (info.size > MAX_CONFIG_BYTES) return { file, path: '', message: `is larger than ${MAX_CONFIG_BYTES} bytes` };
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { file, path: '', message: code === 'ENOENT' ? 'config file does not exist' : `cannot read config file (${code ?? 'error'})` };
  }
}

type UpstreamResult = { ok: true; upstream: PartialUpstream } | { ok: false; errors: ConfigDiagnostic[] };

/** env_file under env (an explicit env entry wins), then `${env:NAME}` in env and header values. */
function upstreamSecrets(
  source: ConfigSource, upstream: PartialUpstream, envFile: string | undefined, baseDir: string, env: NodeJS.ProcessEnv, base: string[],
): UpstreamResult {
  const errors: ConfigDiagnostic[] = [];
  let fromFile: Record<string, string> = {};
  if (envFile !== undefined) {
    const at = pointer(...base, 'env_file');
    const read = readEnvFile(path.resolve(baseDir, envFile), { file: source.file, path: at, ...source.locate(at) });
    if (read.ok) fromFile = read.env;
    else errors.push(...read.errors);
  }
  const substitute = (field: 'env' | 'headers', values: Record<string, string> | undefined): Record<string, string> | undefined => {
    if (values === undefined) return undefined;
    const out: Record<string, string> = {};
    for (const [name, template] of Object.entries(values)) {
      const result = substituteEnv(template, env);
      if (result.ok) out[name] = result.value;
      else errors.push({ file: source.file, path: pointer(...base, field, name), ...source.locate(pointer(...base, field, name)), message: result.message });
    }
    return out;
  };
  const explicitEnv = substitute('env', upstream.env);
  const headers = substitute('headers', upstream.headers);
  if (errors.length > 0) return { ok: false, errors };
  const merged: PartialUpstream = { ...upstream };
  if (envFile !== undefined || explicitEnv !== undefined) merged.env = { ...fromFile, ...explicitEnv };
  if (headers !== undefined) merged.headers = headers;
  return { ok: true, upstream: merged };
}
