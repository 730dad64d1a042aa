/**
 * Several data documents merged into one data document, as `opa eval -d` and `opa test` place
 * them: each at a path (the directory it sits in, or the root), objects merged key by key, and
 * two documents giving a value to the same path a conflict, unless both are objects. At the root
 * a document must be an object; below a directory it may be any value (a/list.json holding
 * `[1, 2]` is data.a), as OPA's loader allows.
 *
 * The merged value rounds integers past 2^53 as JSON.parse does, and holds a JSON document's
 * 1e3 or 10.0 as 1000 and 10; when it holds any such number, the documents are merged a second
 * time as read with those numbers as marker strings (exact-documents.ts), and that merge's
 * canonical JSON is the exact data (PolicySources.exactData), numbers as written.
 */
import { YAMLParseError } from 'yaml';
import { keepsNumberText, markedDocument, parseDocument, type DocumentFormat } from '../protocol/exact-documents.js';
import { jsonSyntaxError } from '../protocol/json-syntax-error.js';
import { exactJson, holdsUnsafeNumber } from '../protocol/exact-integers.js';
import type { JsonObject, JsonValue } from '../protocol/jsonrpc.js';

/** A data document as read, and where it goes in the data document. */
export interface PlacedDocument {
  /** Keys from the data document's root to where the document's members go. */
  at: readonly string[];
  /** The file it came from, as error messages name it. */
  file: string;
  text: string;
  format: DocumentFormat;
}

export interface MergedData {
  data: JsonObject;
  /** `data` with every digit of its integers, when it holds one a double cannot. */
  exactData?: string;
}

/** Where in a document its syntax error is: 1-based. */
export interface TextPosition {
  line: number;
  col: number;
}

/** A document that cannot be parsed (`at` the error, when known), is not an object, or gives a value already given. */
export class DataMergeError extends Error {
  override readonly name = 'DataMergeError';
  constructor(readonly file: string, readonly reason: string, readonly at?: TextPosition) {
    super(`${at ? `${file}:${at.line}:${at.col}` : file}: ${reason}`);
  }
}

export function mergeDocuments(documents: readonly PlacedDocument[]): MergedData {
  const data: JsonObject = {};
  for (const document of documents) mergeAt(data, document, parsed(document, parseDocument));
  if (!holdsUnsafeNumber(data) && !documents.some((d) => keepsNumberText(d.text, d.format))) return { data };
  const marked: JsonObject = {};
  for (const document of documents) mergeAt(marked, document, parsed(document, markedDocument));
  try {
    return { data, exactData: exactJson(marked) };
  } catch (error) {
    throw unwritable(documents, error);
  }
}

/**
 * exactJson fails only for a number no double holds (1e400), which has no exact text: the error
 * names the first document holding one, found by writing each on its own only now.
 */
function unwritable(documents: readonly PlacedDocument[], error: unknown): DataMergeError {
  const reason = `cannot parse data file: ${error instanceof Error ? error.message : String(error)}`;
  const holder = documents.find((document) => {
    try {
      exactJson(markedDocument(document.text, document.format));
      return false;
    } catch {
      return true;
    }
  });
  return new DataMergeError(holder?.file ?? documents[0]!.file, reason);
}

/**
 * A document at the root that is not an object is refused, an empty one (a YAML file of
 * comments, which reads as null) too, as OPA's loader refuses it; below a directory it is null.
 */
function parsed(document: PlacedDocument, parse: (text: string, format: DocumentFormat) => unknown): JsonValue {
  let value: unknown;
  try {
    value = parse(document.text, document.format);
  } catch (error) {
    throw syntaxError(document, error);
  }
  if (value === undefined) value = null;
  if (document.at.length === 0 && !isObject(value as JsonValue)) throw new DataMergeError(document.file, 'a data file at the root must hold an object');
  return value as JsonValue;
}

/**
 * Located where the parser stopped, in one line: the yaml package knows the position but writes
 * it into a multi-line message with a code frame, and JSON.parse often quotes the text instead
 * of saying where (json-syntax-error.ts finds it).
 */
function syntaxError(document: PlacedDocument, error: unknown): DataMergeError {
  const fallback = `cannot parse data file: ${error instanceof Error ? error.message : String(error)}`;
  if (error instanceof YAMLParseError && error.linePos) {
    const why = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return new DataMergeError(document.file, `cannot parse data file: ${why}`, error.linePos[0]);
  }
  const json = document.format === 'json' ? jsonSyntaxError(document.text) : undefined;
  if (json === undefined) return new DataMergeError(document.file, fallback);
  return new DataMergeError(document.file, `cannot parse data file: ${json.message}`, { line: json.line, col: json.col });
}

function mergeAt(target: JsonObject, { at, file }: PlacedDocument, value: JsonValue): void {
  let node = target;
  for (const [depth, key] of at.slice(0, -1).entries()) {
    const next = node[key] ?? {};
    if (!isObject(next)) throw conflict(file, at.slice(0, depth + 1));
    node[key] = next;
    node = next;
  }
  const last = at.at(-1);
  if (last === undefined) return mergeInto(node, value as JsonObject, file, at);
  const existing = node[last];
  if (existing === undefined) node[last] = value;
  else if (isObject(existing) && isObject(value)) mergeInto(existing, value, file, at);
  else throw conflict(file, at);
}

function mergeInto(target: JsonObject, value: JsonObject, file: string, at: readonly string[]): void {
  for (const [key, member] of Object.entries(value)) {
    const existing = target[key];
    if (existing === undefined) target[key] = member;
    else if (isObject(existing) && isObject(member)) mergeInto(existing, member, file, [...at, key]);
    else throw conflict(file, [...at, key]);
  }
}

function conflict(file: string, at: readonly string[]): DataMergeError {
  return new DataMergeError(file, `merge error: data.${at.join('.')} is already defined`);
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
