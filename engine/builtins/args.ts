/**
 * Argument checks shared by the host builtins. A failed check throws
 * BuiltinError; host.ts turns any throw into an undefined call, which is what
 * OPA does for a builtin given operands of the wrong type (failures.ts keeps the
 * reason for strict evaluation).
 */

import { RegoDecimal, RegoSet } from './wire.js';

export class BuiltinError extends Error {}

/** An operand of the wrong type: OPA reports these as `eval_type_error`. */
export class BuiltinTypeError extends BuiltinError {}

export type JsonObject = { [key: string]: unknown };

export function fail(message: string): never {
  throw new BuiltinError(message);
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An operand of the wrong type (`eval_type_error`). */
export function typeFail(message: string): never {
  throw new BuiltinTypeError(message);
}

/** A value's type as OPA's messages name it (`operand 2 must be string but got number`). */
export function regoTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof RegoSet) return 'set';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'bigint' || v instanceof RegoDecimal) return 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** OPA's eval_type_error for operand n (from 1) of the wrong type. */
export function operandFail(n: number, want: string, got: unknown): never {
  return typeFail(`operand ${n} must be ${want} but got ${regoTypeName(got)}`);
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : typeFail(`expected string, got ${typeof v}`);
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : typeFail(`expected number, got ${typeof v}`);
}

export function int(v: unknown): number {
  const n = num(v);
  return Number.isInteger(n) ? n : fail(`expected integer, got ${n}`);
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : typeFail('expected array');
}

export function obj(v: unknown): JsonObject {
  return isObject(v) ? v : typeFail('expected object');
}

export function strArray(v: unknown): string[] {
  return arr(v).map(str);
}

/** A string or a collection of strings (sets reach the host as arrays). */
export function strOrStrings(v: unknown): string[] {
  return typeof v === 'string' ? [v] : strArray(v);
}
