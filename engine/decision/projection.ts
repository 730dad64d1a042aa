/**
 * An input narrowed to what a policy reads (compiler/plan/input-reads.ts): the members it never
 * reads left out, and objects it reads only in part reduced to those parts. The reads are turned
 * into Maps once per policy, so that narrowing an input costs map lookups, not property reads on
 * objects of a different shape for every policy a process has loaded.
 */
import type { InputReads } from '../compiler/plan/input-reads.js';

export class Projection {
  readonly #members: ReadonlyMap<string, Projection | true>;

  private constructor(reads: { readonly [key: string]: InputReads }) {
    this.#members = new Map(Object.entries(reads).map(([key, sub]) => [key, sub === true ? true : Projection.of(sub)]));
  }

  static #made = new WeakMap<object, Projection>();

  /** The projection of `reads`, made once per reads object. */
  static of(reads: { readonly [key: string]: InputReads }): Projection {
    let projection = Projection.#made.get(reads);
    if (!projection) Projection.#made.set(reads, projection = new Projection(reads));
    return projection;
  }

  /** How a member is read: wholly (`true`), in part, or not at all (`undefined`). */
  member(key: string): Projection | true | undefined {
    return this.#members.get(key);
  }

  /**
   * `value` narrowed; values other than plain objects are kept whole. The walk is over the value's
   * members, so its cost is bounded by the input's size, not by how many members a policy reads.
   */
  narrow(value: unknown): unknown {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key in source) {
      const sub = this.#members.get(key);
      const member = source[key];
      if (sub === undefined || member === undefined || !Object.hasOwn(source, key)) continue;
      const narrowed = sub === true ? member : sub.narrow(member);
      // Assigned, a member named __proto__ (JSON.parse makes it an own member) would set the prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: narrowed, enumerable: true, writable: true, configurable: true });
      else out[key] = narrowed;
    }
    return out;
  }

  /** Whether narrowing `value` would leave out one of its own members. */
  dropsMember(value: object): boolean {
    if (Array.isArray(value)) return false;
    for (const key in value) if (!this.#members.has(key)) return true;
    return false;
  }
}

/** `value` with only what `reads` names (tests, and anything narrowing one value once). */
export function projected(value: unknown, reads: InputReads): unknown {
  return reads === true ? value : Projection.of(reads).narrow(value);
}
