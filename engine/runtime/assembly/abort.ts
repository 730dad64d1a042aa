// Runtime errors leave through opa_abort with a NUL-terminated UTF-8 message; AssemblyScript's
// own abort/trace/seed are aliased here (asconfig.json) so they never become imports.
import { opa_abort } from "./imports";
import { alloc } from "./alloc";

// Static AssemblyScript strings are UTF-16; messages here are ASCII.
export function cstr(s: string): usize {
  let n = s.length;
  let out = alloc(<usize>n + 1);
  for (let i = 0; i < n; i++) store<u8>(out + i, <u8>s.charCodeAt(i));
  store<u8>(out + n, 0);
  return out;
}

export function fail(msg: string): void {
  opa_abort(cstr(msg));
  unreachable();
}

export function wardenAbort(msg: string | null, file: string | null, line: u32, col: u32): void {
  fail(msg !== null ? msg : "runtime abort");
}

export function wardenTrace(msg: string, n: i32 = 0, a0: f64 = 0, a1: f64 = 0, a2: f64 = 0, a3: f64 = 0, a4: f64 = 0): void {}

export function wardenSeed(): f64 {
  return 0;
}
