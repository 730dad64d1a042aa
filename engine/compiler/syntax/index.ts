/**
 * Lexer and parser for Rego (v1, and v0 where cheap). Syntax errors come back as
 * `rego_parse_error` diagnostics. A module parse skips a broken statement and goes on
 * to the next one (at most 10 errors); a query parse stops at its first error.
 */
import type { Body, Module } from '../ast.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { Cursor, ParseFailure } from './cursor.js';
import { lex } from './lexer.js';
import { parseBody } from './parse-body.js';
import { parseModuleTokens } from './parse-rules.js';
import { attachAnnotations } from './annotations.js';
import type { Comment } from './tokens.js';

export { lex } from './lexer.js';
export type { LexResult } from './lexer.js';
export type { Token, TokenKind } from './tokens.js';

export interface ParseModuleOptions {
  /** Defaults to 1. */
  regoVersion?: 0 | 1;
}

export function parseModule(
  file: string,
  source: string,
  options: ParseModuleOptions = {},
): { module?: Module; errors: Diagnostic[] } {
  const result = runParser(file, source, options.regoVersion ?? 1, (c, comments) => {
    const module = parseModuleTokens(c);
    c.failures.push(...attachAnnotations(module, comments));
    return module;
  });
  return result.value === undefined ? { errors: result.errors } : { module: result.value, errors: [] };
}

/** A query is a body in Rego v1 syntax: literals separated by `;` or new lines. */
export function parseQuery(source: string, file = 'query'): { body?: Body; errors: Diagnostic[] } {
  const result = runParser(file, source, 1, (c) => parseBody(c));
  return result.value === undefined ? { errors: result.errors } : { body: result.value, errors: [] };
}

function runParser<T>(
  file: string,
  source: string,
  regoVersion: 0 | 1,
  parse: (c: Cursor, comments: Comment[]) => T,
): { value?: T; errors: Diagnostic[] } {
  const { tokens, comments, error } = lex(file, source);
  const c = new Cursor(file, tokens, regoVersion);
  let value: T | undefined;
  try {
    value = parse(c, comments);
  } catch (e) {
    if (!(e instanceof ParseFailure)) throw e;
    c.failures.push(e);
  }
  let errors = c.failures.map((f) => diagnostic(DiagnosticCode.parse, f.message, f.location));
  if (error !== undefined) {
    // Tokens stop at the lexical error, so any parse error from there on is a consequence of it.
    errors = [...errors.filter((d) => isBefore(d, error)), error];
  }
  return errors.length > 0 ? { errors } : { value, errors };
}

function isBefore(a: Diagnostic, b: Diagnostic): boolean {
  return a.location.row < b.location.row || (a.location.row === b.location.row && a.location.col < b.location.col);
}
