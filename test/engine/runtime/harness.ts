// Instantiates dist/runtime.wasm directly (no encoder, no SDK) with stub host imports, and
// wraps the exports that tests call with text in and text out.
import { readFileSync } from 'node:fs';
import { findRuntime } from '../../../engine/compiler/wasm/load-runtime.js';

type Fn = (...args: any[]) => any;

export class RuntimeAbort extends Error {}

export interface Runtime {
  exports: Record<string, Fn>;
  memory: WebAssembly.Memory;
  printed: string[];
  /** Writes UTF-8 bytes into the heap; returns [ptr, len]. */
  write(text: string): [number, number];
  cstring(ptr: number): string;
  json(text: string): number;
  value(text: string): number;
  dump(v: number): string;
  dumpValue(v: number): string;
  str(s: string): number;
  /** Calls a builtin export with JSON/Rego-value arguments; returns the Rego-value dump or undefined. */
  call(name: string, ...args: string[]): string | undefined;
}

/** Stands in for the SDK's `opa_builtinN` imports: builtin id and argument values in, a value out. */
export type HostStub = (id: number, ...args: number[]) => number;

/** The runtime.wasm the compiler would use (a private build's own, under scripts/devbuild.sh). */
export function loadRuntime(host?: HostStub): Runtime {
  const bytes = readFileSync(findRuntime());
  const memory = new WebAssembly.Memory({ initial: 5 });
  const printed: string[] = [];
  const decoder = new TextDecoder();
  const cstring = (ptr: number): string => {
    const u8 = new Uint8Array(memory.buffer);
    let end = ptr;
    while (u8[end] !== 0) end++;
    return decoder.decode(u8.subarray(ptr, end));
  };
  const noHost = (): never => { throw new Error('host builtin called'); };
  const builtin = host ? (id: number, _ctx: number, ...args: number[]): number => host(id, ...args) : noHost;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    env: {
      memory,
      opa_abort: (p: number) => { throw new RuntimeAbort(cstring(p)); },
      opa_println: (p: number) => { printed.push(cstring(p)); },
      opa_builtin0: builtin, opa_builtin1: builtin, opa_builtin2: builtin, opa_builtin3: builtin, opa_builtin4: builtin,
    },
  });
  const ex = instance.exports as unknown as Record<string, Fn>;
  const write = (text: string): [number, number] => {
    const data = new TextEncoder().encode(text);
    const ptr = ex.opa_malloc(data.length);
    new Uint8Array(memory.buffer).set(data, ptr);
    return [ptr, data.length];
  };
  const parseWith = (fn: string) => (text: string): number => ex[fn](...write(text));
  const rt: Runtime = {
    exports: ex,
    memory,
    printed,
    write,
    cstring,
    json: parseWith('opa_json_parse'),
    value: parseWith('opa_value_parse'),
    dump: (v) => cstring(ex.opa_json_dump(v)),
    dumpValue: (v) => cstring(ex.opa_value_dump(v)),
    str: (s) => ex.opa_string(...write(s)),
    call(name, ...args) {
      const fn = ex[name];
      if (!fn) throw new Error(`runtime.wasm does not export ${name}`);
      const values = args.map((a) => {
        const v = rt.value(a);
        if (!v) throw new Error(`bad test argument ${a}`);
        return v;
      });
      const r = fn(...values);
      return r ? rt.dumpValue(r) : undefined;
    },
  };
  return rt;
}

/** One builtin call: export name, arguments in Rego value syntax, expected Rego-value dump (undefined = no result). */
export type BuiltinCase = [name: string, args: string[], want: string | undefined];

/** Registers one uvu test per builtin, each checking all of that builtin's cases. */
export function builtinCases(t: (name: string, fn: () => void) => void, rt: Runtime, cases: BuiltinCase[]): void {
  const byName = new Map<string, BuiltinCase[]>();
  for (const c of cases) byName.set(c[0], [...(byName.get(c[0]) ?? []), c]);
  for (const [name, list] of byName) {
    t(name, () => {
      for (const [, args, want] of list) {
        const got = rt.call(name, ...args);
        if (got !== want) throw new Error(`${name}(${args.join(', ')}) = ${got}, want ${want}`);
      }
    });
  }
}
