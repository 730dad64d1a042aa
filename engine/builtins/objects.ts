import { arr, isObject, obj } from './args.js';
import type { BuiltinTable } from './types.js';

/** object.union_n: object.union folded left to right; nested objects merge, anything else is replaced. */
function union(a: unknown, b: unknown): unknown {
  if (!isObject(a) || !isObject(b)) return b;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = Object.hasOwn(a, k) ? union(a[k], v) : v;
  return out;
}

export const objectBuiltins: BuiltinTable = {
  'object.union_n': (objects) => arr(objects).map(obj).reduce<unknown>(union, {}),
};
