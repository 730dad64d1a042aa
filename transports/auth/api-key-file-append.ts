/**
 * Adding one key to an API key file, for `warden api-key create --file`. A new file is
 * created 0600 (it names who may call the gateway; nobody else needs to read it). An
 * existing file is validated first, edited as a document so YAML comments survive, and
 * replaced by rename so a crash leaves the old file or the new one, never half of each.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isSeq, parseDocument, stringify } from 'yaml';
import { ApiKeyFileError, parseApiKeyFile, problem } from './api-key-file.js';

export interface NewApiKeyEntry {
  readonly id: string;
  readonly hash: string;
  readonly roles: readonly string[];
}

/** Resolves with whether the file was created or appended to; throws ApiKeyFileError. */
export async function appendApiKeyEntry(file: string, entry: NewApiKeyEntry): Promise<'created' | 'appended'> {
  const text = await readExisting(file);
  if (text === undefined) {
    await writeFile(file, render(file, { keys: [plain(entry)] }), { mode: 0o600, flag: 'wx' }).catch(writeError(file));
    return 'created';
  }
  const entries = parseApiKeyFile(text, file);
  if (entries.some((e) => e.id === entry.id)) throw new ApiKeyFileError(file, [problem('api_keys_exists', '', `a key with id "${entry.id}" exists already`)]);
  const updated = isJson(file) ? appendJson(text, entry) : appendYaml(text, entry);
  parseApiKeyFile(updated, file);
  await replace(file, updated);
  return 'appended';
}

/** The entry as YAML lines for a human to paste under `keys:`. */
export function entryAsYaml(entry: NewApiKeyEntry): string {
  return stringify([plain(entry)]);
}

async function readExisting(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ApiKeyFileError(file, [problem('api_keys_unreadable', '', `cannot be read (${code ?? String(error)})`)]);
  }
}

function appendJson(text: string, entry: NewApiKeyEntry): string {
  const value = JSON.parse(text) as { keys: unknown[] };
  value.keys.push(plain(entry));
  return `${JSON.stringify(value, null, 2)}\n`;
}

function appendYaml(text: string, entry: NewApiKeyEntry): string {
  const doc = parseDocument(text);
  const keys = doc.get('keys');
  // `keys: []` would otherwise grow into one long flow line.
  if (isSeq(keys) && keys.items.length === 0) keys.flow = false;
  doc.addIn(['keys'], doc.createNode(plain(entry)));
  return doc.toString();
}

async function replace(file: string, text: string): Promise<void> {
  const mode = (await stat(file)).mode & 0o777;
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode, flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    writeError(file)(error);
  }
}

function writeError(file: string): (error: unknown) => never {
  return (error) => {
    throw new ApiKeyFileError(file, [problem('api_keys_unwritable', '', `cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`)]);
  };
}

function render(file: string, value: object): string {
  return isJson(file) ? `${JSON.stringify(value, null, 2)}\n` : stringify(value);
}

function isJson(file: string): boolean {
  return /\.json$/i.test(file);
}

function plain(entry: NewApiKeyEntry): { id: string; hash: string; roles: string[] } {
  return { id: entry.id, hash: entry.hash, roles: [...entry.roles] };
}
