/**
 * Rego lexer: source text to tokens with 1-based rows and columns (columns count UTF-16 code units).
 */
import type { Diagnostic } from '../diagnostics.js';
import { DiagnosticCode, diagnostic } from '../diagnostics.js';
import { PUNCTUATION, type Comment, type Token, type TokenKind } from './tokens.js';

export interface LexResult {
  tokens: Token[];
  /** Comments are trivia to the grammar, but METADATA blocks in them annotate rules and packages. */
  comments: Comment[];
  /** The first lexical error; tokens then stop before it (followed by eof). */
  error?: Diagnostic;
}

const JSON_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t',
};

class LexFailure {
  constructor(readonly message: string, readonly row: number, readonly col: number) {}
}

/** PUNCTUATION by first character, in its order (longer ones first): a token tries only its own. */
const PUNCTUATION_BY_FIRST = new Map<string, string[]>();
for (const p of PUNCTUATION) PUNCTUATION_BY_FIRST.set(p[0]!, [...(PUNCTUATION_BY_FIRST.get(p[0]!) ?? []), p]);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdentStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentPart = (c: string): boolean => isIdentStart(c) || isDigit(c);

class Lexer {
  private pos = 0;
  private row = 1;
  private lineStart = 0;
  private spaceBefore = false;
  private newlineBefore = false;
  readonly tokens: Token[] = [];
  readonly comments: Comment[] = [];

  constructor(private readonly src: string) {}

  private get col(): number { return this.pos - this.lineStart + 1; }
  private peek(offset = 0): string { return this.src[this.pos + offset] ?? ''; }

  run(): void {
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.src.length) {
        this.push('eof', '', this.row, this.col);
        return;
      }
      this.scanToken();
    }
  }

  private push(kind: TokenKind, text: string, row: number, col: number): void {
    this.tokens.push({ kind, text, row, col, spaceBefore: this.spaceBefore, newlineBefore: this.newlineBefore });
    this.spaceBefore = false;
    this.newlineBefore = false;
  }

  private newline(): void {
    this.row++;
    this.lineStart = this.pos;
    this.newlineBefore = true;
  }

  private skipTrivia(): void {
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (c === '\n') {
        this.pos++;
        this.newline();
      } else if (c === ' ' || c === '\t' || c === '\r') {
        this.pos++;
      } else if (c === '#') {
        this.scanComment();
      } else {
        return;
      }
      this.spaceBefore = true;
    }
  }

  private scanComment(): void {
    const row = this.row;
    const col = this.col;
    const start = this.pos + 1;
    while (this.pos < this.src.length && this.peek() !== '\n') this.pos++;
    this.comments.push({ text: this.src.slice(start, this.pos).replace(/\r$/, ''), row, col });
  }

  private scanToken(): void {
    const c = this.peek();
    const row = this.row;
    const col = this.col;
    if (isIdentStart(c)) return this.push('ident', this.scanWhile(isIdentPart), row, col);
    if (isDigit(c)) return this.push('number', this.scanNumber(), row, col);
    if (c === '"') return this.push('string', this.scanString(), row, col);
    if (c === '`') return this.push('string', this.scanRawString(), row, col);
    if (c === '$' && (this.peek(1) === '"' || this.peek(1) === '`')) {
      throw new LexFailure('template strings ($"...") are not supported', row, col);
    }
    const punct = PUNCTUATION_BY_FIRST.get(c)?.find((p) => this.src.startsWith(p, this.pos));
    if (punct === undefined) throw new LexFailure(`illegal character ${JSON.stringify(c)}`, row, col);
    this.pos += punct.length;
    this.push('punct', punct, row, col);
  }

  private scanWhile(pred: (c: string) => boolean): string {
    const start = this.pos;
    while (this.pos < this.src.length && pred(this.peek())) this.pos++;
    return this.src.slice(start, this.pos);
  }

  private scanNumber(): string {
    const start = this.pos;
    const row = this.row;
    const col = this.col;
    const digits = this.scanWhile(isDigit);
    if (digits.length > 1 && digits.startsWith('0')) throw new LexFailure('malformed number: leading zeros are not allowed', row, col);
    // A dot starts a fraction only before a digit, so `x[1].y` still lexes `.` as a ref dot.
    if (this.peek() === '.' && isDigit(this.peek(1))) {
      this.pos++;
      this.scanWhile(isDigit);
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      const signLen = this.peek(1) === '+' || this.peek(1) === '-' ? 1 : 0;
      if (!isDigit(this.peek(1 + signLen))) throw new LexFailure('malformed number: expected exponent digits', this.row, this.col);
      this.pos += 1 + signLen;
      this.scanWhile(isDigit);
    }
    if (isIdentStart(this.peek())) throw new LexFailure('malformed number: unexpected letter after digits', this.row, this.col);
    return this.src.slice(start, this.pos);
  }

  private scanString(): string {
    this.pos++;
    // Most strings have no escape: one slice. Anything else goes on character by character.
    const start = this.pos;
    for (; this.pos < this.src.length; this.pos++) {
      const code = this.src.charCodeAt(this.pos);
      if (code === QUOTE) {
        this.pos++;
        return this.src.slice(start, this.pos - 1);
      }
      if (code === BACKSLASH || code === NEWLINE) break;
    }
    let out = this.src.slice(start, this.pos);
    for (;;) {
      const c = this.peek();
      if (c === '' || c === '\n') throw new LexFailure('unterminated string literal', this.row, this.col);
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\\') {
        out += this.scanEscape();
      } else {
        out += c;
        this.pos++;
      }
    }
  }

  private scanEscape(): string {
    const col = this.col;
    const e = this.peek(1);
    const simple = JSON_ESCAPES[e];
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    if (e !== 'u') throw new LexFailure(`illegal escape sequence \\${e}`, this.row, col);
    const hex = this.src.slice(this.pos + 2, this.pos + 6);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new LexFailure('illegal \\u escape: expected 4 hex digits', this.row, col);
    this.pos += 6;
    // Surrogate pairs arrive as two escapes; concatenating UTF-16 units reassembles them.
    return String.fromCharCode(parseInt(hex, 16));
  }

  private scanRawString(): string {
    const row = this.row;
    const col = this.col;
    const start = ++this.pos;
    const newlineBefore = this.newlineBefore;
    for (;;) {
      const c = this.peek();
      if (c === '') throw new LexFailure('unterminated raw string literal', row, col);
      if (c === '`') break;
      this.pos++;
      if (c === '\n') this.newline();
    }
    const text = this.src.slice(start, this.pos);
    this.pos++;
    // Line breaks inside the string belong to it, not to the gap before the token.
    this.newlineBefore = newlineBefore;
    return text;
  }
}

export function lex(file: string, source: string): LexResult {
  const lexer = new Lexer(source);
  try {
    lexer.run();
    return { tokens: lexer.tokens, comments: lexer.comments };
  } catch (e) {
    if (!(e instanceof LexFailure)) throw e;
    const last = lexer.tokens[lexer.tokens.length - 1];
    lexer.tokens.push({ kind: 'eof', text: '', row: e.row, col: e.col, spaceBefore: true, newlineBefore: last === undefined });
    return { tokens: lexer.tokens, comments: lexer.comments, error: diagnostic(DiagnosticCode.parse, e.message, { file, row: e.row, col: e.col }) };
  }
}
