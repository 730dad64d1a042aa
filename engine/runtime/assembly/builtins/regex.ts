// regex.match without the host round trip: patterns inside the subset regex/parse.ts reads run
// natively; anything else (other syntax, invalid patterns, non-string arguments, subjects the
// native matcher cannot judge exactly) goes to the host builtin `id`, as before.
import { isStr } from "./args";
import { opa_boolean, strLen, strPtr } from "../value";
import { warden_host_builtin } from "../host";
import { programFor, UNSUPPORTED } from "../regex/cache";
import { runProgram, ASK_HOST } from "../regex/match";

export function warden_regex_match(id: i32, ctx: usize, pattern: usize, value: usize): usize {
  if (isStr(pattern) && isStr(value)) {
    let prog = programFor(strPtr(pattern), strLen(pattern));
    if (prog != UNSUPPORTED) {
      let r = runProgram(prog, strPtr(value), strLen(value));
      if (r != ASK_HOST) return opa_boolean(r);
    }
  }
  return warden_host_builtin(2, id, ctx, pattern, value, 0, 0);
}
