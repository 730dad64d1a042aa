/**
 * An ajv reused for schema after schema. A new ajv compiles its dialect's meta-schema before
 * anything else (10-20 ms, near 100 ms in a process that has not compiled one yet), which a new
 * ajv per schema paid every time. Every schema compiled here is removed right after, so that
 * schemas reusing an `$id` cannot collide and none can `$ref` another. ajv also keeps values of
 * each compiled schema in its code scope, which nothing removes, so the ajv is replaced by a new
 * one after `recycleAfter` compiles.
 */
import type { AnySchema, Ajv, ValidateFunction } from 'ajv';

/** Compiles on one ajv before it is replaced by a new one. */
export const RECYCLE_AFTER = 64;

export class KeptAjv {
  readonly #make: () => Ajv;
  readonly #recycleAfter: number;
  #ajv: Ajv | undefined;
  #compiles = 0;

  constructor(make: () => Ajv, recycleAfter = RECYCLE_AFTER) {
    this.#make = make;
    this.#recycleAfter = recycleAfter;
  }

  /** Whether the next compile reuses an ajv that has compiled its meta-schema. */
  get ready(): boolean {
    return this.#ajv !== undefined && this.#compiles < this.#recycleAfter;
  }

  compile(schema: AnySchema): ValidateFunction {
    if (!this.ready) {
      this.#ajv = this.#make();
      this.#compiles = 0;
    }
    const ajv = this.#ajv!;
    this.#compiles++;
    try {
      return ajv.compile(schema);
    } finally {
      ajv.removeSchema();
    }
  }
}
