/**
 * The API key file: YAML (or JSON, by a .json extension) listing hashed keys.
 *
 *   keys:
 *     - id: ci-bot
 *       hash: "sha256:<64 lowercase hex>"
 *       roles: [reader]          # optional, default []
 *       claims: { team: infra }  # optional; reaches policies as principal.claims
 *
 * It holds no secret, only digests of high-entropy keys (see api-key-material.ts). Every
 * problem is reported at once, each with a stable code, the file, line and column, and the JSON
 * pointer of the culprit (api-key-file-errors.ts).
 */
import { readFile, stat } from 'node:fs/promises';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type { JsonObject } from '../../engine/protocol/jsonrpc.js';
import { ApiKeyFileError, locator, syntaxPosition, type ApiKeyFileCode, type ApiKeyFileProblem } from './api-key-file-errors.js';

export { ApiKeyFileError } from './api-key-file-errors.js';

export interface ApiKeyEntry {
  readonly id: string;
  /** `sha256:<64 lowercase hex>`. */
  readonly hash: string;
  readonly roles: readonly string[];
  readonly claims: Readonly<JsonObject>;
}

export const API_KEY_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$';
const HASH_PATTERN = '^sha256:[0-9a-f]{64}$';

const schema = {
  type: 'object',
  required: ['keys'],
  additionalProperties: false,
  properties: {
    keys: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'hash'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: API_KEY_ID_PATTERN },
          hash: { type: 'string', pattern: HASH_PATTERN },
          roles: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
          // key_id is set from id; letting claims carry another would let a file lie about it.
          claims: { type: 'object', propertyNames: { not: { const: 'key_id' } } },
        },
      },
    },
  },
} as const;

interface RawFile {
  keys: Array<{ id: string; hash: string; roles?: string[]; claims?: JsonObject }>;
}

// Compiled on first use: importing this module (every warden run does) must not pay ajv's ~140 ms.
let validator: ValidateFunction<RawFile> | undefined;
function apiKeyValidator(): ValidateFunction<RawFile> {
  validator ??= new Ajv({ strict: true, allErrors: true }).compile<RawFile>(schema);
  return validator;
}

export async function readApiKeyFile(file: string): Promise<ApiKeyEntry[]> {
  return parseApiKeyFile(await readKeyFileText(file), file);
}

/** The file's text; an ApiKeyFileError saying what was expected when it is missing or not a readable file. */
export async function readKeyFileText(file: string): Promise<string> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => unreadable(file, error));
  if (!info.isFile()) throw new ApiKeyFileError(file, [problem('api_keys_unreadable', '', 'is not a regular file; expected the API key file (YAML, or JSON by a .json extension)')]);
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => unreadable(file, error));
}

function unreadable(file: string, error: NodeJS.ErrnoException): never {
  const why = error.code === 'ENOENT' ? 'does not exist' : error.code === 'EACCES' ? 'cannot be read: permission denied' : `cannot be read (${error.code ?? error.message})`;
  throw new ApiKeyFileError(file, [problem('api_keys_unreadable', '', `${why}; expected the API key file (make one with "warden api-key create --file")`)]);
}

export function problem(code: ApiKeyFileCode, path: string, message: string, at?: { line: number; col: number }): ApiKeyFileProblem {
  return { code, path, message, ...(at ?? {}) };
}

/** `file` only names the source in errors and picks JSON (.json) or YAML. */
export function parseApiKeyFile(text: string, file: string): ApiKeyEntry[] {
  const value = parseText(text, file);
  const validate = apiKeyValidator();
  const locate = locator(text);
  const at = (code: ApiKeyFileCode, path: string, message: string) => problem(code, path, message, locate(path));
  if (!validate(value)) {
    const found = new Map<string, ApiKeyFileProblem>();
    for (const error of validate.errors ?? []) {
      const p = at('api_keys_invalid', error.instancePath, explain(error));
      found.set(`${p.path}\u0000${p.message}`, p);
    }
    throw new ApiKeyFileError(file, [...found.values()]);
  }
  const entries = value.keys.map((k) => ({ id: k.id, hash: k.hash, roles: k.roles ?? [], claims: k.claims ?? {} }));
  const duplicates = findDuplicates(entries).map((d) => at('api_keys_duplicate', d.path, d.message));
  if (duplicates.length > 0) throw new ApiKeyFileError(file, duplicates);
  return entries;
}

function parseText(text: string, file: string): unknown {
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    // YAML errors end with a code frame of the source; the first line says enough.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ApiKeyFileError(file, [problem('api_keys_syntax', '', `cannot parse: ${message}`, syntaxPosition(text))]);
  }
}

function explain(error: ErrorObject): string {
  if (error.keyword === 'pattern' && error.instancePath.endsWith('/hash')) return 'must be "sha256:" followed by 64 lowercase hex digits';
  if (error.keyword === 'pattern' && error.instancePath.endsWith('/id')) return 'must be 1-128 letters, digits, ".", "_", "@" or "-", starting with a letter or digit';
  if (error.keyword === 'additionalProperties') return `unknown property "${String(error.params['additionalProperty'])}"`;
  if (error.keyword === 'propertyNames' || error.keyword === 'not') return 'claims must not set key_id (it is always the key id)';
  return error.message ?? 'is invalid';
}

function findDuplicates(entries: readonly ApiKeyEntry[]): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const ids = new Map<string, number>();
  const hashes = new Map<string, number>();
  entries.forEach((entry, i) => {
    const sameId = ids.get(entry.id);
    if (sameId !== undefined) problems.push({ path: `/keys/${i}/id`, message: `duplicate id "${entry.id}" (first at /keys/${sameId}/id)` });
    else ids.set(entry.id, i);
    const sameHash = hashes.get(entry.hash);
    if (sameHash !== undefined) problems.push({ path: `/keys/${i}/hash`, message: `same hash as /keys/${sameHash}/hash (one key, two entries)` });
    else hashes.set(entry.hash, i);
  });
  return problems;
}
