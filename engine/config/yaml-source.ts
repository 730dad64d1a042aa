/**
 * A YAML (or JSON, YAML's flow subset) text parsed with its positions kept, so that a problem
 * found in the parsed value, named by a JSON pointer, is reported at its line and column. The
 * config file and the API key file both report problems this way.
 */
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { pointer, splitPointer } from './json-pointer.js';

/** 1-based. */
export interface Position {
  line: number;
  col: number;
}

export interface YamlSourceOptions {
  /** A key repeated in one map is a parse error (where JSON.parse would silently keep the last). */
  uniqueKeys?: boolean;
  /** `<<: *defaults` merge keys, as YAML 1.1 and docker-compose files use them. */
  merge?: boolean;
}

export interface YamlSource {
  readonly doc: Document;
  /** The parse errors, each with its position and the pointer of the innermost node around it. */
  readonly errors: ReadonlyArray<{ message: string; path: string } & Position>;
  /** Where the node at `path` starts (or its key, with `key`), else its deepest existing parent. */
  locate(path: string, key?: boolean): Position | undefined;
}

export function yamlSource(text: string, options: YamlSourceOptions = {}): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: options.uniqueKeys ?? true, merge: options.merge ?? false });
  // yaml's plain messages name the problem, never the text around it (prettyErrors would quote it)
  const errors = doc.errors.map((e) => ({ message: e.message, path: pathAt(doc, e.pos[0]), ...lines.linePos(e.pos[0]) }));
  const locate = (path: string, key = false): Position | undefined => {
    const offset = offsetOf(doc, path, key);
    return offset === undefined ? undefined : lines.linePos(offset);
  };
  return { doc, errors, locate };
}

function keyOf(pairKey: unknown): string {
  return isScalar(pairKey) ? String(pairKey.value) : String(pairKey);
}

function deref(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** Offset of the node at `path` (or of its key), falling back to the deepest node found. */
function offsetOf(doc: Document, path: string, key: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0];
  const segments = splitPointer(path);
  for (const [i, segment] of segments.entries()) {
    node = deref(doc, node);
    if (isMap(node)) {
      const pair = pairOf(doc, node, segment);
      if (pair === undefined) return offset;
      const target = key && i === segments.length - 1 ? pair.key : pair.value;
      node = target;
      offset = (target as Node | null)?.range?.[0] ?? (pair.key as Node | null)?.range?.[0] ?? offset;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
      offset = (node as Node | null)?.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

/**
 * The map's own pair for `key`, else the one a merge key (`<<: *defaults`, or a list of them)
 * brings in: a problem in a merged value is in the text of the map it was merged from.
 */
function pairOf(doc: Document, map: YAMLMap, key: string): Pair | undefined {
  const own = map.items.find((p) => keyOf(p.key) === key && !isMergeKey(p.key));
  if (own !== undefined) return own;
  for (const merge of map.items.filter((p) => isMergeKey(p.key))) {
    const value = deref(doc, merge.value);
    for (const source of isSeq(value) ? value.items.map((item) => deref(doc, item)) : [value]) {
      const found = isMap(source) ? pairOf(doc, source, key) : undefined;
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** With `merge`, the parser reads a plain `<<` key as a symbol; a quoted "<<" stays a string key. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

/** The pointer of the innermost node spanning `offset`, so a parse error still names its field. */
function pathAt(doc: Document, offset: number): string {
  const keys: (string | number)[] = [];
  let node: unknown = doc.contents;
  for (;;) {
    if (!isCollection(node)) break;
    const items: unknown[] = node.items;
    const index = items.findIndex((item) => (isPair(item) ? spansPair(item.key, item.value, offset) : spans(item, offset)));
    if (index === -1) break;
    const item = items[index];
    if (isPair(item)) {
      keys.push(keyOf(item.key));
      node = item.value;
    } else {
      keys.push(index);
      node = item;
    }
  }
  return pointer(...keys);
}

function spans(node: unknown, offset: number): boolean {
  const range = (node as Node | null)?.range;
  return range != null && range[0] <= offset && offset < range[2];
}

/** A pair runs from its key to the end of its value. */
function spansPair(key: unknown, value: unknown, offset: number): boolean {
  const start = (key as Node | null)?.range?.[0];
  const end = ((value ?? key) as Node | null)?.range?.[2];
  return start !== undefined && end !== undefined && start <= offset && offset < end;
}
