/**
 * When a string key can be written as a name: `x["a"]` prints as `x.a`, as opa fmt does.
 */
import { BASE_KEYWORDS, FUTURE_KEYWORDS } from '../syntax/tokens.js';
import type { Context } from './context.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A key that can follow a dot. Keywords stay bracketed (`input["package"]`), as opa fmt writes
 * them unless told that every reader accepts keywords in refs. In Rego v0 only the keywords the
 * module imported are keywords.
 */
export function isPathName(s: string, ctx: Pick<Context, 'v0'>): boolean {
  const future = ctx.v0 === undefined ? FUTURE_KEYWORDS.includes(s) : ctx.v0.keywords.has(s);
  return NAME.test(s) && !BASE_KEYWORDS.has(s) && !future;
}

export function quote(s: string): string {
  return JSON.stringify(s);
}

/**
 * `a.b["c-d"]`: the segments of a package or import path. In Rego v0 the future keywords are
 * names here (`import future.keywords.if`).
 */
export function pathText(segments: readonly string[], ctx: Pick<Context, 'v0'>): string {
  const names = ctx.v0 === undefined ? ctx : { v0: { keywords: new Set<string>() } };
  return segments.map((s, i) => (i === 0 ? s : isPathName(s, names) ? `.${s}` : `[${quote(s)}]`)).join('');
}
