/**
 * What `with` replaces while an expression is planned: virtual documents (rules) whose value is
 * then read from the data local, and functions or builtins. Funcs planned under replacements
 * are planned again under their own names, since every call they make may be affected.
 */
import type { RefTerm, VarTerm } from '../ast.js';

/** A function replaced by another function, or by a value stored in the data local at `path`. */
export type FnReplacement = { kind: 'func'; fn: VarTerm | RefTerm } | { kind: 'value'; path: string[] };

export interface Overrides {
  data: string[][];
  fns: Map<string, FnReplacement>;
}

export const NO_OVERRIDES: Overrides = { data: [], fns: new Map() };

/** Where function replacement values live in the data local; no policy path can name it. */
export const MOCK_ROOT = '\u0000with';

export function isEmpty(o: Overrides): boolean {
  return o.data.length === 0 && o.fns.size === 0;
}

export function signature(o: Overrides): string {
  const data = o.data.map((p) => JSON.stringify(p)).sort();
  const fns = [...o.fns].map(([k, r]) => `${k}=${r.kind === 'value' ? 'value' : fnKey(r.fn)}`).sort();
  return JSON.stringify({ data, fns });
}

export function withData(o: Overrides, path: string[]): Overrides {
  return { data: [...o.data.filter((p) => !isPrefix(path, p)), path], fns: o.fns };
}

export function withFn(o: Overrides, key: string, r: FnReplacement): Overrides {
  const fns = new Map(o.fns);
  fns.set(key, r);
  return { data: o.data, fns };
}

/** Inside a replacement function every function is the original again (mocks do not call mocks). */
export function withoutFns(o: Overrides): Overrides {
  return { data: o.data, fns: new Map() };
}

/** True when `prefix` is a prefix of (or equal to) `path`. */
export function isPrefix(prefix: string[], path: string[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => s === path[i]);
}

export function dataOverridden(o: Overrides, path: string[]): boolean {
  return o.data.some((p) => isPrefix(p, path));
}

/** `count`, `time.now_ns`, or `data.a.f` for a user function. */
export function fnKey(fn: VarTerm | RefTerm): string {
  if (fn.type === 'var') return fn.name;
  const parts = [fn.head.type === 'var' ? fn.head.name : '?'];
  for (const p of fn.path) parts.push(p.type === 'string' ? p.value : '?');
  return parts.join('.');
}
