/**
 * `--capabilities FILE`, as `opa test` reads it: an OPA capabilities.json whose `builtins` list
 * the functions a policy may call; a call to any other is a compile error. OPA also takes a
 * release name (`v0.60.0`) and looks up the capabilities it ships for it; warden ships none, so
 * a value that is no readable file is a usage error saying so.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../usage.js';

export async function readCapabilities(file: string | undefined): Promise<string[] | undefined> {
  if (file === undefined) return undefined;
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`--capabilities: no such file: ${file} (warden reads a capabilities.json file; it ships no capabilities by OPA version)`);
  });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--capabilities: ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const builtins = (doc as { builtins?: unknown } | null)?.builtins;
  if (!Array.isArray(builtins) || !builtins.every((b) => typeof (b as { name?: unknown } | null)?.name === 'string')) {
    throw new UsageError(`--capabilities: ${file}: "builtins" must be a list of {"name": ...} objects`);
  }
  return builtins.map((b) => (b as { name: string }).name);
}
