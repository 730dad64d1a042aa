import { forgetFailure, recordFailure } from './failures.js';
import type { Builtin, BuiltinTable } from './types.js';
import { decodeArg, encodeResult } from './wire.js';

/**
 * What opa-wasm 1.10 does with a host builtin's outcome (src/opa.js):
 * - `_builtinCall` hands the return value to `_loadJSON`, which yields heap
 *   address 0 for `undefined`; compiled policies (OPA's and ours) read 0 as
 *   "this call is undefined". So returning undefined is how a builtin says so.
 * - A throw is not caught anywhere: it unwinds through `opa_eval` and rejects
 *   the whole `evaluate()`. OPA (its wasm runtime, and topdown without
 *   strict-builtin-errors) treats a builtin error as an undefined call, so
 *   every host builtin is wrapped to turn a throw into undefined. The reason is
 *   kept (failures.ts) for a strict build's abort to report.
 * - `_loadJSON` runs JSON.stringify on the value, which would silently turn
 *   NaN/Infinity into null; those become undefined here instead. An
 *   ArrayBuffer is loaded as ready-made JSON text (see exact.ts).
 * - Values cross in the tagged encoding of wire.ts, decoded here for the
 *   builtin and encoded again for the runtime.
 */
export type SdkBuiltin = (...args: any[]) => unknown;

const exactBuiltins = new WeakSet<Builtin>();

/** Marks a builtin that takes integers past 2^53 as bigints and long decimals as RegoDecimals. */
export function withExactNumbers(fn: Builtin): Builtin {
  exactBuiltins.add(fn);
  return fn;
}

export function toSdkBuiltin(fn: Builtin, name = fn.name): SdkBuiltin {
  const exact = exactBuiltins.has(fn);
  return (...args: unknown[]) => {
    try {
      for (let i = 0; i < args.length; i++) if (typeof args[i] === 'object') args[i] = decodeArg(args[i], exact);
      const result = fn(...args);
      if (result !== undefined && !(typeof result === 'number' && !Number.isFinite(result))) return encodeResult(result);
      forgetFailure();
      return undefined;
    } catch (thrown) {
      recordFailure(name, thrown);
      return undefined;
    }
  };
}

export function toSdkTable(table: BuiltinTable): Record<string, SdkBuiltin> {
  const out: Record<string, SdkBuiltin> = {};
  for (const [name, fn] of Object.entries(table)) out[name] = toSdkBuiltin(fn, name);
  return out;
}
