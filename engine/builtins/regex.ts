import { int, str } from './args.js';
import { globsIntersect } from './globs-intersect.js';
import { compile, findAllSubmatch, replaceAll, split } from './re2.js';
import { templateToPattern } from './regex-template.js';
import type { BuiltinTable } from './types.js';

/** The regex family, with Go's RE2 syntax and match semantics (via re2js). */

function isValid(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  try {
    compile(pattern);
    return true;
  } catch {
    return false;
  }
}

function match(pattern: unknown, value: unknown): boolean {
  return compile(str(pattern)).test(str(value));
}

function findN(pattern: unknown, value: unknown, n: unknown): string[] {
  return findAllSubmatch(compile(str(pattern)), str(value), int(n)).map((groups) => groups[0]);
}

function findAllStringSubmatchN(pattern: unknown, value: unknown, n: unknown): string[][] {
  return findAllSubmatch(compile(str(pattern)), str(value), int(n));
}

function templateMatch(template: unknown, value: unknown, open: unknown, close: unknown): boolean {
  const pattern = templateToPattern(str(template), firstChar(open), firstChar(close));
  return compile(pattern).test(str(value));
}

function firstChar(v: unknown): string {
  return str(v).charAt(0);
}

export const regexBuiltins: BuiltinTable = {
  'regex.is_valid': isValid,
  'regex.match': match,
  re_match: match,
  'regex.find_n': findN,
  'regex.find_all_string_submatch_n': findAllStringSubmatchN,
  'regex.replace': (s, pattern, value) => replaceAll(compile(str(pattern)), str(s), str(value)),
  'regex.split': (pattern, s) => split(compile(str(pattern)), str(s)),
  'regex.template_match': templateMatch,
  'regex.globs_match': (a, b) => globsIntersect(str(a), str(b)),
};
