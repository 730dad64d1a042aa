import { fail, isObject, type JsonObject } from './args.js';

/**
 * object.subset(super, sub). Sets reach the host as (sorted) arrays, so they
 * are judged by OPA's array rule: sub must occur in super as a contiguous
 * run. That agrees with OPA for sets whenever sub's sorted elements are
 * adjacent in super's, which covers equal sets and prefix/suffix runs.
 */
export function objectSubset(sup: unknown, sub: unknown): boolean {
  if (isObject(sup) && isObject(sub)) return objectContains(sup, sub);
  if (Array.isArray(sup) && Array.isArray(sub)) return arrayContains(sup, sub);
  return fail('both arguments to object.subset must be of the same type or array and set');
}

/** Every key of sub is in super, with nested objects and arrays compared by subset, the rest by equality. */
function objectContains(sup: JsonObject, sub: JsonObject): boolean {
  return Object.entries(sub).every(([k, v]) => Object.hasOwn(sup, k) && valueContains(sup[k], v));
}

function valueContains(sup: unknown, sub: unknown): boolean {
  if (isObject(sup) && isObject(sub)) return objectContains(sup, sub);
  if (Array.isArray(sup) && Array.isArray(sub)) return arrayContains(sup, sub);
  return jsonEqual(sup, sub);
}

function arrayContains(sup: unknown[], sub: unknown[]): boolean {
  if (sub.length === 0) return true;
  for (let start = 0; start + sub.length <= sup.length; start++) {
    if (sub.every((v, i) => jsonEqual(sup[start + i], v))) return true;
  }
  return false;
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return a === b;
}
