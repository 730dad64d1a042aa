/**
 * Problems with an API key file, each with a stable code, the JSON pointer of the culprit and,
 * when the text shows it, its line and column: printed as `file:line:col: /pointer: message`,
 * the shape of warden's config diagnostics, so editors and terminals link to the spot.
 * Messages never quote the file's values.
 */
import { yamlSource, type Position } from '../../engine/config/yaml-source.js';

/** Every code an API key file problem may carry. Adding one is an API change. */
export const API_KEY_FILE_CODES = {
  api_keys_unreadable: 'the file cannot be read (missing, not a regular file, no permission)',
  api_keys_syntax: 'the file is not valid YAML (or JSON, for a .json file)',
  api_keys_invalid: 'the file does not have the API key file format (keys: [{id, hash, roles, claims}])',
  api_keys_duplicate: 'two entries share an id or a hash',
  api_keys_exists: 'the key to add has the id of a key already in the file',
  api_keys_unwritable: 'the file cannot be written',
} as const;

export type ApiKeyFileCode = keyof typeof API_KEY_FILE_CODES;

export interface ApiKeyFileProblem {
  readonly code: ApiKeyFileCode;
  /** JSON pointer into the file, e.g. `/keys/0/hash`; `` is the whole file. */
  readonly path: string;
  readonly message: string;
  /** 1-based, when known. */
  readonly line?: number;
  readonly col?: number;
}

export class ApiKeyFileError extends Error {
  override readonly name = 'ApiKeyFileError';
  constructor(readonly file: string, readonly problems: readonly ApiKeyFileProblem[]) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'));
  }
}

export function formatProblem(file: string, p: ApiKeyFileProblem): string {
  const where = p.line === undefined ? file : `${file}:${p.line}:${p.col ?? 1}`;
  return `${where}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`;
}

export type Locate = (path: string) => Position | undefined;

/** Positions in `text` (YAML, or JSON, YAML's flow subset) of the node a pointer names, or of its deepest existing parent. */
export function locator(text: string): Locate {
  const { locate } = yamlSource(text);
  return (path) => locate(path);
}

/** Where a text that does not parse goes wrong, as the YAML parser sees it (JSON is YAML too). */
export function syntaxPosition(text: string): Position {
  const [first] = yamlSource(text).errors;
  return first === undefined ? { line: 1, col: 1 } : { line: first.line, col: first.col };
}
