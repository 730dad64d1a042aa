/**
 * Tokens produced by the lexer. Keywords are not a separate kind: which words are reserved
 * depends on the Rego version and on `future.keywords` imports, which only the parser knows.
 */

export type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text; for strings the decoded value (see `raw` for backtick strings). */
  text: string;
  row: number;
  col: number;
  /** Whitespace or a comment separates this token from the previous one: refs and calls must be adjacent. */
  spaceBefore: boolean;
  /** A line break separates this token from the previous one: newlines end body literals. */
  newlineBefore: boolean;
}

/** A `#` comment: `text` follows the `#` up to the end of the line. */
export interface Comment {
  text: string;
  row: number;
  col: number;
}

/** Longest first, so that `:=` wins over `:` and `==` over `=`. */
export const PUNCTUATION: readonly string[] = [
  ':=', '==', '!=', '<=', '>=',
  '<', '>', '=', '+', '-', '*', '/', '%', '&', '|',
  '(', ')', '[', ']', '{', '}', ',', ';', ':', '.',
];

/** Reserved in every Rego version. */
export const BASE_KEYWORDS: ReadonlySet<string> = new Set([
  'package', 'import', 'as', 'default', 'else', 'not', 'some', 'with', 'true', 'false', 'null',
]);

/** Reserved in Rego v1, and in v0 only once imported from `future.keywords` (or via `rego.v1`). */
export const FUTURE_KEYWORDS: readonly string[] = ['contains', 'every', 'if', 'in'];

export function describe(tok: Token): string {
  switch (tok.kind) {
    case 'eof': return 'end of input';
    case 'string': return 'string';
    case 'number': return `number ${tok.text}`;
    case 'ident': return `'${tok.text}'`;
    case 'punct': return `'${tok.text}'`;
  }
}
