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

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const BACKTICK = 0x60;
const HASH = 0x23;
const DOT = 0x2e;
const DOLLAR = 0x24;
const PLUS = 0x2b;
const MINUS = 0x2d;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

/** Character classes of ASCII code units; anything above is none of them. */
const IDENT_START = 1;
const DIGIT = 2;
const SPACE = 4;
const CLASSES = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_') CLASSES[c] = IDENT_START;
  else if (ch >= '0' && ch <= '9') CLASSES[c] = DIGIT;
  else if (ch === ' ' || ch === '\t' || ch === '\r') CLASSES[c] = SPACE;
}

const classOf = (code: number): number => (code < 128 ? CLASSES[code]! : 0);
const isDigitCode = (code: number): boolean => classOf(code) === DIGIT;
const isIdentStartCode = (code: number): boolean => classOf(code) === IDENT_START;
const isIdentPartCode = (code: number): boolean => (classOf(code) & (IDENT_START | DIGIT)) !== 0;

/**
 * PUNCTUATION by first code unit: the one-character token and, when there is one, the
 * two-character token it starts (all of PUNCTUATION's longer tokens have two).
 */
const PUNCT_ONE: (string | undefined)[] = [];
const PUNCT_TWO: (string | undefined)[] = [];
for (const p of PUNCTUATION) {
  const first = p.charCodeAt(0);
  if (p.length === 1) PUNCT_ONE[first] = p;
  else if (p.length === 2) PUNCT_TWO[first] = p;
  else throw new Error(`punctuation ${p} is longer than the lexer reads`);
}

/**
 * The lexer reads code units (charCodeAt) and classifies them through a table: a compile runs
 * it over every byte of every module, mostly before V8 has optimized it, where each call and
 * each one-character string costs.
 */
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
  /** The code unit `offset` past the current one, NaN past the end (which no comparison matches). */
  private code(offset = 0): number { return this.src.charCodeAt(this.pos + offset); }

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
    const src = this.src;
    const length = src.length;
    while (this.pos < length) {
      const c = src.charCodeAt(this.pos);
      if (c === NEWLINE) {
        this.pos++;
        this.newline();
      } else if (classOf(c) === SPACE) {
        this.pos++;
      } else if (c === HASH) {
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
    const end = this.src.indexOf('\n', start);
    this.pos = end < 0 ? this.src.length : end;
    this.comments.push({ text: this.src.slice(start, this.pos).replace(/\r$/, ''), row, col });
  }

  private scanToken(): void {
    const c = this.code();
    const row = this.row;
    const col = this.col;
    const kind = classOf(c);
    if (kind === IDENT_START) return this.push('ident', this.scanWhile(isIdentPartCode), row, col);
    if (kind === DIGIT) return this.push('number', this.scanNumber(), row, col);
    if (c === QUOTE) return this.push('string', this.scanString(), row, col);
    if (c === BACKTICK) return this.push('string', this.scanRawString(), row, col);
    if (c === DOLLAR && (this.code(1) === QUOTE || this.code(1) === BACKTICK)) {
      throw new LexFailure('template strings ($"...") are not supported', row, col);
    }
    const two = PUNCT_TWO[c];
    const punct = two !== undefined && this.code(1) === two.charCodeAt(1) ? two : PUNCT_ONE[c];
    if (punct === undefined) throw new LexFailure(`illegal character ${JSON.stringify(this.peek())}`, row, col);
    this.pos += punct.length;
    this.push('punct', punct, row, col);
  }

  private scanWhile(pred: (code: number) => boolean): string {
    const src = this.src;
    const start = this.pos;
    let pos = start;
    while (pos < src.length && pred(src.charCodeAt(pos))) pos++;
    this.pos = pos;
    return src.slice(start, pos);
  }

  private scanNumber(): string {
    const start = this.pos;
    const row = this.row;
    const col = this.col;
    const digits = this.scanWhile(isDigitCode);
    if (digits.length > 1 && digits.startsWith('0')) throw new LexFailure('malformed number: leading zeros are not allowed', row, col);
    // A dot starts a fraction only before a digit, so `x[1].y` still lexes `.` as a ref dot.
    if (this.code() === DOT && isDigitCode(this.code(1))) {
      this.pos++;
      this.scanWhile(isDigitCode);
    }
    if (this.code() === LOWER_E || this.code() === UPPER_E) {
      const signLen = this.code(1) === PLUS || this.code(1) === MINUS ? 1 : 0;
      if (!isDigitCode(this.code(1 + signLen))) throw new LexFailure('malformed number: expected exponent digits', this.row, this.col);
      this.pos += 1 + signLen;
      this.scanWhile(isDigitCode);
    }
    if (isIdentStartCode(this.code())) throw new LexFailure('malformed number: unexpected letter after digits', this.row, this.col);
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
    const close = this.src.indexOf('`', start);
    if (close < 0) throw new LexFailure('unterminated raw string literal', row, col);
    const newlineBefore = this.newlineBefore;
    for (let at = this.src.indexOf('\n', start); at >= 0 && at < close; at = this.src.indexOf('\n', at + 1)) {
      this.pos = at + 1;
      this.newline();
    }
    this.pos = close + 1;
    // Line breaks inside the string belong to it, not to the gap before the token.
    this.newlineBefore = newlineBefore;
    return this.src.slice(start, close);
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
