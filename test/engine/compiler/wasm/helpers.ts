/**
 * Builders for hand-written IR plans, and the path every end-to-end test takes:
 * emit -> validate with wabt -> load with the official OPA SDK.
 */
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import type { Block, Func, Loc, Operand, Plan, Policy, Stmt } from '../../../../engine/compiler/ir.js';
import { emitWasm, loadRuntime, type EmitResult } from '../../../../engine/compiler/wasm/index.js';

export const LOC: Loc = { file: 0, row: 3, col: 5 };

type Bare<T> = T extends unknown ? Omit<T, 'loc'> : never;

export function st(stmt: Bare<Stmt>, loc: Loc = LOC): Stmt {
  return { ...stmt, loc } as Stmt;
}

export function block(...stmts: Array<Bare<Stmt>>): Block {
  return { stmts: stmts.map((s) => st(s)) };
}

export const local = (value: number): Operand => ({ type: 'local', value });
export const str = (value: number): Operand => ({ type: 'string_index', value });
export const bool = (value: boolean): Operand => ({ type: 'bool', value });

export interface PolicyParts {
  strings?: string[];
  plans?: Plan[];
  funcs?: Func[];
  builtins?: Policy['static']['builtin_funcs'];
}

export function policy(parts: PolicyParts): Policy {
  return {
    static: {
      strings: (parts.strings ?? []).map((value) => ({ value })),
      builtin_funcs: parts.builtins ?? [],
      files: [{ value: 'policy.rego' }],
    },
    plans: { plans: parts.plans ?? [] },
    funcs: { funcs: parts.funcs ?? [] },
  };
}

/** Statements that add `{"result": <local>}` to the result set, using scratch local 99. */
export function resultOf(source: number, resultKey: number): Array<Bare<Stmt>> {
  return [
    { type: 'MakeObject', target: 99 },
    { type: 'ObjectInsert', key: str(resultKey), value: local(source), object: 99 },
    { type: 'ResultSetAdd', value: 99 },
  ];
}

let runtime: Promise<Uint8Array> | undefined;

export function getRuntime(): Promise<Uint8Array> {
  runtime ??= loadRuntime();
  return runtime;
}

export async function validate(wasm: Uint8Array): Promise<void> {
  const wabt = await (await import('wabt')).default();
  const module = wabt.readWasm(wasm, { readDebugNames: false });
  try {
    module.validate();
  } finally {
    module.destroy();
  }
}

export async function compile(p: Policy): Promise<EmitResult> {
  const out = emitWasm(p, await getRuntime());
  await validate(out.wasm);
  return out;
}

export type Builtins = Record<string, (...args: unknown[]) => unknown>;

export async function load(p: Policy, builtins: Builtins = {}): Promise<LoadedPolicy> {
  const { wasm } = await compile(p);
  return loadPolicy(wasm, undefined, builtins);
}

type WasmFn = (...args: number[]) => number;

/** An export of a loaded policy's instance, as a function. */
export function exported(lp: LoadedPolicy, name: string): WasmFn {
  const fn = (lp.wasmInstance as WebAssembly.Instance).exports[name];
  if (typeof fn !== 'function') throw new Error(`no exported function ${name}`);
  return fn as WasmFn;
}

/** The NUL-terminated UTF-8 text at `addr` in the policy's memory. */
export function cstring(lp: LoadedPolicy, addr: number): string {
  const bytes = new Uint8Array(lp.mem.buffer, addr);
  return new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)));
}

/** Calls `opa_eval` directly (no input) and returns the raw result text. */
export function evalRaw(lp: LoadedPolicy, entrypoint = 0, format = 0): string {
  return cstring(lp, exported(lp, 'opa_eval')(0, entrypoint, lp.dataAddr, 0, 0, lp.dataHeapPtr, format));
}

/** The message the SDK throws when the policy calls opa_abort. */
export function abortMessage(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (typeof e === 'string') return e;
    throw e;
  }
  throw new Error('expected an abort');
}
