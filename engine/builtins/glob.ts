import { RE2JS } from 're2js';
import { fail, operandFail, regoTypeName, str, typeFail } from './args.js';
import type { BuiltinTable } from './types.js';
import { RegoSet } from './wire.js';

/**
 * glob.match with gobwas/glob semantics (what OPA uses): `*` stays within
 * one delimiter-separated segment, `**` crosses delimiters, `?` is one
 * non-delimiter character, `[abc]`/`[a-z]`/`[!...]` one character of any
 * kind, `{a,b}` alternatives, `\` escapes. Patterns translate to a regex that
 * JavaScript and RE2 read alike. With one wildcard, V8's regex is fastest;
 * with several, a backtracking engine takes time exponential in their number
 * on a value that almost matches (`*a*a*a*a*b` over a client's argument held
 * the proxy for minutes), so those run on re2js, linear in the value's length.
 */
const CACHE_LIMIT = 256;
const cache = new Map<string, GlobMatcher>();

export interface GlobMatcher {
  test(value: string): boolean;
}

/**
 * `[]` means the default ["."]; `null` means no delimiters at all. Each
 * delimiter is one character (a code point), as OPA's RuneSliceOperand
 * requires; anything else is a type error, worded as OPA words it.
 */
export function delimiterChars(v: unknown): string[] {
  if (v === null) return [];
  if (!Array.isArray(v) || v instanceof RegoSet) return operandFail(2, 'one of {array, null}', v);
  const list = v.map(delimiter);
  return list.length === 0 ? ['.'] : list;
}

function delimiter(d: unknown): string {
  if (typeof d !== 'string') return typeFail(`operand 2 must be array of strings but got array containing ${regoTypeName(d)}`);
  return [...d].length === 1 ? d : typeFail('operand 2 must be array of runes but got array containing string');
}

function compileGlob(pattern: string, delimiters: string[]): GlobMatcher {
  const key = JSON.stringify([pattern, delimiters]);
  let matcher = cache.get(key);
  if (matcher === undefined) {
    const { source, wildcards } = translateGlob(pattern, delimiters);
    matcher = wildcards > 1 ? RE2JS.compile(source) : new RegExp(source, 'u');
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, matcher);
  }
  return matcher;
}

/** The anchored regex of a glob, and how many wildcards (`*`, `**`) it repeats. */
export function translateGlob(pattern: string, delimiters: string[]): { source: string; wildcards: number } {
  const translator = new GlobTranslator(pattern, delimiters);
  const body = translator.translate();
  return { source: `^${body}$`, wildcards: translator.wildcards };
}

/** Any one character, in both dialects (JavaScript's `[^]` is not RE2). */
const ANY = '[\\s\\S]';

class GlobTranslator {
  private readonly chars: string[];
  private i = 0;
  private readonly segmentChar: string;
  wildcards = 0;

  constructor(pattern: string, delimiters: string[]) {
    this.chars = Array.from(pattern);
    this.segmentChar = delimiters.length === 0 ? ANY : `[^${delimiters.map(classEscape).join('')}]`;
  }

  translate(): string {
    const out = this.sequence(false);
    if (this.i < this.chars.length) fail(`unexpected ${this.chars[this.i]} in glob`);
    return out;
  }

  /** Translates until end of pattern, or (inside braces) an unnested ',' or '}'. */
  private sequence(inBraces: boolean): string {
    let out = '';
    while (this.i < this.chars.length) {
      const c = this.chars[this.i];
      if (inBraces && (c === ',' || c === '}')) return out;
      this.i++;
      out += this.item(c);
    }
    return inBraces ? fail('unclosed { in glob') : out;
  }

  private item(c: string): string {
    switch (c) {
      case '*': return this.star();
      case '?': return this.segmentChar;
      case '[': return this.charClass();
      case '{': return this.alternatives();
      case '\\': return regexEscape(this.chars[this.i++] ?? fail('trailing \\ in glob'));
      case ']': case '}': return fail(`unexpected ${c} in glob`);
      default: return regexEscape(c);
    }
  }

  private star(): string {
    this.wildcards++;
    if (this.chars[this.i] !== '*') return `${this.segmentChar}*`;
    while (this.chars[this.i] === '*') this.i++;
    return `${ANY}*`;
  }

  private charClass(): string {
    const negated = this.chars[this.i] === '!';
    if (negated) this.i++;
    let body = '';
    while (this.chars[this.i] !== ']') {
      const c = this.chars[this.i++] ?? fail('unclosed [ in glob');
      body += c === '-' && body !== '' ? '-' : classEscape(c === '\\' ? this.chars[this.i++] ?? '\\' : c);
    }
    this.i++;
    if (body === '') fail('empty [] in glob');
    return `[${negated ? '^' : ''}${body}]`;
  }

  private alternatives(): string {
    const options: string[] = [];
    for (;;) {
      options.push(this.sequence(true));
      if (this.chars[this.i++] === '}') return `(?:${options.join('|')})`;
    }
  }
}

function regexEscape(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function classEscape(c: string): string {
  return c.replace(/[\\\]\[^-]/g, '\\$&');
}

/** gobwas QuoteMeta escapes exactly its own metacharacters. */
function quoteMeta(pattern: unknown): string {
  return str(pattern).replace(/[*?\\[\]{}]/g, '\\$&');
}

export const globBuiltins: BuiltinTable = {
  'glob.match': (pattern, delimiters, value) =>
    compileGlob(str(pattern), delimiterChars(delimiters)).test(str(value)),
  'glob.quote_meta': quoteMeta,
};
