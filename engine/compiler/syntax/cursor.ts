/**
 * Parser state shared by the term, body and rule parsers: a token cursor plus the set of
 * active keywords. Parse functions throw `ParseFailure`, which the public API turns into a
 * diagnostic; unwinding this way keeps every grammar function free of error plumbing.
 */
import type { Location } from '../ast.js';
import { BASE_KEYWORDS, FUTURE_KEYWORDS, describe, type Token } from './tokens.js';

export class ParseFailure {
  constructor(readonly message: string, readonly location: Location) {}
}

/** What `parse` returns, or undefined when it fails to parse. */
export function tryParse<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ParseFailure) return undefined;
    throw e;
  }
}

/** Deeper nesting is almost certainly generated or hostile input; stop before the JS stack does. */
const MAX_NESTING = 300;

export class Cursor {
  private index = 0;
  private depth = 0;
  /** Failures recovered from (the parser skipped to the next statement), in source order. */
  readonly failures: ParseFailure[] = [];
  private readonly future = new Set<string>();
  regoVersion: 0 | 1;

  constructor(readonly file: string, private readonly tokens: readonly Token[], regoVersion: 0 | 1) {
    this.regoVersion = regoVersion;
    if (regoVersion === 1) this.enableFuture(FUTURE_KEYWORDS);
  }

  get tok(): Token { return this.tokens[this.index]!; }

  next(): Token {
    const t = this.tok;
    if (t.kind !== 'eof') this.index++;
    return t;
  }

  loc(t: Token = this.tok): Location { return { file: this.file, row: t.row, col: t.col }; }

  enableFuture(words: readonly string[]): void {
    for (const w of words) this.future.add(w);
  }

  isReserved(word: string): boolean { return BASE_KEYWORDS.has(word) || this.future.has(word); }

  /** The current token is the keyword `word` (and `word` is reserved right now). */
  atKeyword(word: string): boolean {
    return this.tok.kind === 'ident' && this.tok.text === word && this.isReserved(word);
  }

  atPunct(text: string): boolean { return this.tok.kind === 'punct' && this.tok.text === text; }

  /** A keyword directly followed by `.` or `[` starts a ref (`default.level`), as in OPA. */
  atKeywordRef(): boolean {
    return this.tok.kind === 'ident' && this.isReserved(this.tok.text) && (this.peekAdjacent('.') || this.peekAdjacent('['));
  }

  /** `text` follows with no whitespace in between, as in refs (`a.b`, `a[0]`) and calls (`f(x)`). */
  atAdjacent(text: string): boolean { return this.atPunct(text) && !this.tok.spaceBefore; }

  /** The token `offset` places after the current one (the end of input past the last). */
  peek(offset: number): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  /** The token after the current one is the punctuation `text`. */
  peekPunct(text: string): boolean {
    const t = this.tokens[this.index + 1];
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }

  /** The token after the current one is `text`, with no whitespace before it. */
  peekAdjacent(text: string): boolean {
    return this.peekPunct(text) && !this.tokens[this.index + 1]!.spaceBefore;
  }

  /** Runs `parse` one nesting level deeper (brackets, braces, parentheses, bodies). */
  nested<T>(parse: () => T): T {
    if (this.depth >= MAX_NESTING) this.fail(`terms nested more than ${MAX_NESTING} levels deep`);
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  /** For the rare spots where the grammar needs to try one reading and fall back to another. */
  mark(): number { return this.index; }

  reset(mark: number): void { this.index = mark; }

  acceptPunct(text: string): Token | undefined { return this.atPunct(text) ? this.next() : undefined; }

  acceptKeyword(word: string): Token | undefined { return this.atKeyword(word) ? this.next() : undefined; }

  expectPunct(text: string, context: string): Token {
    if (!this.atPunct(text)) this.fail(`expected '${text}' ${context}, found ${describe(this.tok)}`);
    return this.next();
  }

  expectKeyword(word: string, context: string): Token {
    if (!this.atKeyword(word)) this.fail(`expected '${word}' ${context}, found ${describe(this.tok)}`);
    return this.next();
  }

  /** An identifier that is not a reserved word, e.g. a variable or rule name. */
  expectName(context: string): Token {
    if (this.tok.kind !== 'ident' || this.isReserved(this.tok.text)) {
      this.fail(`expected identifier ${context}, found ${describe(this.tok)}`);
    }
    return this.next();
  }

  fail(message: string, at: Token = this.tok): never {
    throw new ParseFailure(message, this.loc(at));
  }

  failAt(message: string, location: Location): never {
    throw new ParseFailure(message, location);
  }
}
