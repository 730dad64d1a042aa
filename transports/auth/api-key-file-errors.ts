/**
 * Problems with an API key file, each with a stable code, the JSON pointer of the culprit and,
 * when the text shows it, its line and column: printed as `file:line:col: /pointer: message`,
 * the shape of warden's config diagnostics, so editors and terminals link to the spot.
 * Messages never quote the file's values.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

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

export type Locate = (path: string) => { line: number; col: number } | undefined;

/** Positions in `text` (YAML, or JSON, YAML's flow subset) of the node a pointer names, or of its deepest existing parent. */
export function locator(text: string): Locate {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  return (path) => {
    let node: unknown = doc.contents;
    let offset = (node as Node | null)?.range?.[0];
    for (const segment of path.split('/').slice(1)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
        if (pair === undefined) break;
        node = pair.value;
        offset = (pair.value as Node | null)?.range?.[0] ?? (pair.key as Node | null)?.range?.[0] ?? offset;
      } else if (isSeq(node)) {
        node = node.items[Number(segment)];
        if (node === undefined) break;
        offset = (node as Node | null)?.range?.[0] ?? offset;
      } else {
        break;
      }
    }
    return offset === undefined ? undefined : lines.linePos(offset);
  };
}

/** Where a text that does not parse goes wrong, as the YAML parser sees it (JSON is YAML too). */
export function syntaxPosition(text: string): { line: number; col: number } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const offset = doc.errors[0]?.pos[0];
  return offset === undefined ? { line: 1, col: 1 } : lines.linePos(offset);
}
