/**
 * When a string key can be written as a name: `x["a"]` prints as `x.a`, as opa fmt does.
 */
import { BASE_KEYWORDS, FUTURE_KEYWORDS } from '../syntax/tokens.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A key that can follow a dot. Keywords stay bracketed (`input["package"]`), as opa fmt writes
 * them unless told that every reader accepts keywords in refs.
 */
export function isPathName(s: string): boolean {
  return NAME.test(s) && !BASE_KEYWORDS.has(s) && !FUTURE_KEYWORDS.includes(s);
}

export function quote(s: string): string {
  return JSON.stringify(s);
}

/** `a.b["c-d"]`: the segments of a package or import path. */
export function pathText(segments: readonly string[]): string {
  return segments.map((s, i) => (i === 0 ? s : isPathName(s) ? `.${s}` : `[${quote(s)}]`)).join('');
}
