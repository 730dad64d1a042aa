/**
 * The source text of an AST node. The parser records where a node starts, not where it ends, so
 * the end is found in the module's tokens: the node runs from its first token through the last
 * location below it, then on until every bracket it opened is closed. A node whose text starts
 * inside brackets it does not open (`(a + b) * c` starts at `a`) is widened to them.
 */
import type { Location } from '../../engine/compiler/ast.js';
import { lex, type Token } from '../../engine/compiler/syntax/index.js';
import { offsetOf } from '../source-offset.js';

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

export interface SourceText {
  source: string;
  tokens: Token[];
}

export function sourceText(file: string, source: string): SourceText {
  return { source, tokens: lex(file, source).tokens.filter((t) => t.kind !== 'eof') };
}

export interface Extent {
  text: string;
  /** Where the text starts (before the node's own location when widened). */
  start: Location;
  /** Offsets in the source: [from, to). */
  from: number;
  to: number;
}

/** The node's text as written (line breaks and indentation of later lines kept). */
export function extentOf(src: SourceText, node: { loc: Location }): Extent | undefined {
  const first = src.tokens.findIndex((t) => compare(t, node.loc) >= 0);
  if (first === -1) return undefined;
  const last = lastLocation(node);
  let depth = 0;
  let lowest = 0;
  let end = first;
  for (let i = first; i < src.tokens.length; i++) {
    const t = src.tokens[i]!;
    if (compare(t, last) > 0 && depth <= 0) break;
    if (t.kind === 'punct' && OPENERS.has(t.text)) depth++;
    else if (t.kind === 'punct' && CLOSERS.has(t.text)) lowest = Math.min(lowest, --depth);
    end = i;
  }
  const begin = widen(src.tokens, first, -lowest);
  const from = offsetOf(src.source, src.tokens[begin]!);
  const to = tokenEnd(src, src.tokens[end]!);
  const start = src.tokens[begin]!;
  return { text: src.source.slice(from, to), start: { file: node.loc.file, row: start.row, col: start.col }, from, to };
}

/** Steps back over `unmatched` openers before `index`, skipping balanced pairs. */
function widen(tokens: readonly Token[], index: number, unmatched: number): number {
  let need = unmatched;
  let i = index;
  while (need > 0 && i > 0) {
    const t = tokens[--i]!;
    if (t.kind !== 'punct') continue;
    if (OPENERS.has(t.text)) need--;
    else if (CLOSERS.has(t.text)) need++;
  }
  return i;
}

function tokenEnd(src: SourceText, t: Token): number {
  const at = offsetOf(src.source, t);
  if (t.kind !== 'string') return at + t.text.length;
  const quote = src.source[at]!;
  for (let i = at + 1; i < src.source.length; i++) {
    if (quote === '"' && src.source[i] === '\\') i++;
    else if (src.source[i] === quote) return i + 1;
  }
  return src.source.length;
}

/** The furthest location anywhere below a node (the AST is plain data, so a generic walk suffices). */
function lastLocation(node: unknown, best: Location = { file: '', row: 0, col: 0 }): Location {
  if (Array.isArray(node)) return node.reduce<Location>((b, n) => lastLocation(n, b), best);
  if (typeof node !== 'object' || node === null) return best;
  let out = best;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc') {
      const loc = value as Location;
      if (compare(loc, out) > 0) out = loc;
    } else {
      out = lastLocation(value, out);
    }
  }
  return out;
}

function compare(a: Pick<Location, 'row' | 'col'>, b: Pick<Location, 'row' | 'col'>): number {
  return a.row - b.row || a.col - b.col;
}
