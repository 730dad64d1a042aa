/**
 * Facts about how the source was laid out that the AST does not keep: where brackets close,
 * which row a construct ends on, whether a string was raw. The formatter reads them from the
 * lexer's tokens, so the parser's AST stays exactly what the compiler consumes.
 */
import type { Token } from '../syntax/index.js';

export interface Position { row: number; col: number }

const OPENERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

export function before(a: Position, b: Position): boolean {
  return a.row < b.row || (a.row === b.row && a.col < b.col);
}

export class SourceMap {
  private readonly index = new Map<string, number>();
  private readonly closers: number[];

  constructor(private readonly tokens: readonly Token[], private readonly lines: readonly string[]) {
    tokens.forEach((t, i) => this.index.set(`${t.row}:${t.col}`, i));
    this.closers = matchBrackets(tokens);
  }

  /** The index of the token starting at `loc`; the AST only locates nodes at token starts. */
  at(loc: Position): number {
    const i = this.index.get(`${loc.row}:${loc.col}`);
    if (i === undefined) throw new Error(`internal: no token at ${loc.row}:${loc.col}`);
    return i;
  }

  token(i: number): Token { return this.tokens[i]!; }

  /** The bracket closing the one at token `i`. */
  closer(i: number): Token {
    const j = this.closers[i];
    if (j === undefined || j < 0) throw new Error(`internal: token ${i} opens no bracket`);
    return this.tokens[j]!;
  }

  /** The token just before the one starting at `loc`. */
  previous(loc: Position): Token | undefined { return this.tokens[this.at(loc) - 1]; }

  /** The last row of the last token that starts before `pos`: where a construct ending before `pos` ends. */
  endRowBefore(pos: Position): number {
    let lo = 0;
    let hi = this.tokens.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (before(this.tokens[mid]!, pos)) lo = mid;
      else hi = mid - 1;
    }
    return this.endRow(this.tokens[lo]!);
  }

  endRow(t: Token): number {
    if (!this.isRaw(t)) return t.row;
    return t.row + (t.text.match(/\n/g)?.length ?? 0);
  }

  /** A string starting at `pos` was written in backticks (raw strings print as written). */
  isRaw(pos: Position): boolean {
    return this.lines[pos.row - 1]?.[pos.col - 1] === '`';
  }

  eof(): Token { return this.tokens[this.tokens.length - 1]!; }
}

function matchBrackets(tokens: readonly Token[]): number[] {
  const closers: number[] = new Array<number>(tokens.length).fill(-1);
  const open: number[] = [];
  tokens.forEach((t, i) => {
    if (t.kind !== 'punct') return;
    if (OPENERS[t.text] !== undefined) open.push(i);
    else if (t.text === ')' || t.text === ']' || t.text === '}') {
      const o = open.pop();
      if (o !== undefined) closers[o] = i;
    }
  });
  return closers;
}
