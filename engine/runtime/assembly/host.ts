// Calls into the host. These exports also keep every ABI import referenced, so the optimizer
// never drops one and the import indices the encoder relies on stay fixed.
import { opa_builtin0, opa_builtin1, opa_builtin2, opa_builtin3, opa_builtin4, opa_println } from "./imports";
import { fail } from "./abort";
import { encodeHostArg, decodeHostResult } from "./host-codec";

// A host builtin call: arguments go out and the result comes back in the tagged encoding
// (host-codec.ts) that keeps sets and exact numbers across the SDK's JSON.
export function warden_host_builtin(arity: i32, id: i32, ctx: usize, a: usize, b: usize, c: usize, d: usize): usize {
  return decodeHostResult(dispatch(arity, id, ctx, encodeHostArg(a), encodeHostArg(b), encodeHostArg(c), encodeHostArg(d)));
}

// Dispatches by arity (unused trailing arguments are ignored).
function dispatch(arity: i32, id: i32, ctx: usize, a: usize, b: usize, c: usize, d: usize): usize {
  switch (arity) {
    case 0: return opa_builtin0(id, ctx);
    case 1: return opa_builtin1(id, ctx, a);
    case 2: return opa_builtin2(id, ctx, a, b);
    case 3: return opa_builtin3(id, ctx, a, b, c);
    case 4: return opa_builtin4(id, ctx, a, b, c, d);
  }
  fail("host builtin arity out of range");
  return 0;
}

// Prints a NUL-terminated UTF-8 message through the host.
export function warden_println(msg: usize): void {
  opa_println(msg);
}
