/**
 * `--ignore PATTERN`, as `opa test` reads it: a file or directory is skipped when its name (not
 * its path) matches one of the patterns, in Go's filepath.Match syntax: `*` and `?` within the
 * name, `[a-z]` and `[^...]` classes, and `\` quoting the next character. A malformed pattern is
 * a usage error here; Go's matcher would quietly match nothing.
 */
import { UsageError } from '../usage.js';

export type NameFilter = (name: string) => boolean;

export function ignoredNames(patterns: readonly string[]): NameFilter {
  const compiled = patterns.map((p) => new RegExp(`^${translate(p)}$`, 'u'));
  return (name) => compiled.some((re) => re.test(name));
}

function translate(pattern: string): string {
  const chars = [...pattern];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') i = characterClass(chars, i, pattern, (cls) => (out += cls));
    else if (c === '\\') out += literal(chars[++i] ?? bad(pattern));
    else out += literal(c);
  }
  return out;
}

/** Reads the class starting at `chars[start]` (`[`), hands it over as a RegExp class, returns the index of its `]`. */
function characterClass(chars: string[], start: number, pattern: string, emit: (cls: string) => void): number {
  let i = start + 1;
  const negated = chars[i] === '^';
  if (negated) i++;
  let body = '';
  let first = true;
  for (; i < chars.length && (first || chars[i] !== ']'); i++, first = false) {
    const lo = chars[i] === '\\' ? chars[++i] ?? bad(pattern) : chars[i]!;
    if (chars[i + 1] === '-' && chars[i + 2] !== undefined && chars[i + 2] !== ']') {
      i += 2;
      const hi = chars[i] === '\\' ? chars[++i] ?? bad(pattern) : chars[i]!;
      if (hi < lo) bad(pattern);
      body += `${classChar(lo)}-${classChar(hi)}`;
    } else {
      body += classChar(lo);
    }
  }
  if (i >= chars.length || body === '') bad(pattern);
  emit(negated ? `[^/${body}]` : `[${body}]`);
  return i;
}

function literal(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

function classChar(c: string): string {
  return /[\]\\^-]/.test(c) ? `\\${c}` : c;
}

function bad(pattern: string): never {
  throw new UsageError(`--ignore: malformed pattern ${JSON.stringify(pattern)}`);
}
