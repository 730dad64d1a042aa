// Why the last native builtin call failed, for a strict build's abort. The generated code of a
// strict build clears the record before each native call and, when the call yields nothing,
// aborts through warden_builtin_abort, which words the record as OPA does:
// `<loc>: <code>: <builtin>: <message>`. Builtins record on their failure path only (a few
// global stores), so a production build, where a failing builtin is simply undefined, pays
// nothing on success and never reads the record.
import { opa_abort } from "../imports";
import { bufAscii, bufByte, bufBytes, bufCString, bufNew } from "../buf";
import { isNum } from "./args";
import { GOT_FLOAT, INTEGER } from "./reasons";
import { typeNameOf } from "./types";

// Inlined: a global initialised from a non-inlined constant would need a start function.
@inline const NONE: u8 = 0;
@inline const TYPE_ERROR: u8 = 1;
@inline const BUILTIN_ERROR: u8 = 2;

let code: u8 = NONE;
let operand: i32 = 0;
let message: string = "";
let got: string = "";

// `operand n must be <want> but got <type of v>`, an eval_type_error. Returns 0 (undefined), so
// that a builtin can `return typeError(...)`.
export function typeError(n: i32, want: string, v: usize): usize {
  return typeErrorGot(n, want, typeNameOf(v));
}

// As typeError, where OPA says more about the operand than its type.
export function typeErrorGot(n: i32, want: string, what: string): usize {
  code = TYPE_ERROR;
  operand = n;
  message = want;
  got = what;
  return 0;
}

// Why operand n, which must be an integer, is not: a number that is none is a floating-point one.
export function integerError(n: i32, v: usize): usize {
  return isNum(v) ? typeErrorGot(n, INTEGER, GOT_FLOAT) : typeError(n, INTEGER, v);
}

// An eval_type_error worded as a whole.
export function typeMessage(text: string): usize {
  code = TYPE_ERROR;
  operand = 0;
  message = text;
  return 0;
}

// An eval_builtin_error.
export function builtinError(text: string): usize {
  code = BUILTIN_ERROR;
  operand = 0;
  message = text;
  return 0;
}

export function warden_builtin_failure_clear(): void {
  code = NONE;
}

// Aborts with the recorded reason; without one, with `eval_builtin_error: NAME: builtin failed`
// (a host builtin's reason is put in its place by the host, engine/builtins/failures.ts).
// prefix (`file:row:col: ` or empty) and name are NUL-terminated ASCII in the data segment.
export function warden_builtin_abort(prefix: usize, name: usize): void {
  let b = bufNew(160);
  bufBytes(b, prefix, cstrLen(prefix));
  bufAscii(b, code == TYPE_ERROR ? "eval_type_error: " : "eval_builtin_error: ");
  bufBytes(b, name, cstrLen(name));
  bufAscii(b, ": ");
  if (code == NONE) bufAscii(b, "builtin failed");
  else if (operand == 0) bufAscii(b, message);
  else {
    bufAscii(b, "operand ");
    bufByte(b, 0x30 + <u32>operand);
    bufAscii(b, " must be ");
    bufAscii(b, message);
    bufAscii(b, " but got ");
    bufAscii(b, got);
  }
  code = NONE;
  opa_abort(bufCString(b));
  unreachable();
}

function cstrLen(p: usize): i32 {
  let n = 0;
  while (load<u8>(p + n) != 0) n++;
  return n;
}
