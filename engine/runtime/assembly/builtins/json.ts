// json.is_valid, json.marshal, json.unmarshal. Parsing is strict JSON (the runtime's JSON
// parser); marshalling follows Go's encoding/json output, as OPA's does.
import { opa_boolean, strLen, strPtr } from "../value";
import { opa_json_parse } from "../json-parse";
import { bufNew, bufToString } from "../buf";
import { writeGoJson } from "../go-json";
import { isStr } from "./args";
import { typeError } from "./failure";
import { STRING } from "./reasons";
import { burnFuel } from "../fuel";

// Writing or reading JSON costs about a unit of fuel per 16 bytes of text (a unit is 25-100 ns of
// work); charged so that marshalling a large value in a loop ends with the budget.
function chargeText(len: i32): void {
  burnFuel(<i64>(len >> 4));
}

// Anything but a string is simply not valid JSON text (false, not an error).
export function builtin_json_is_valid(x: usize): usize {
  if (!isStr(x)) return opa_boolean(0);
  chargeText(strLen(x));
  return opa_boolean(opa_json_parse(strPtr(x), strLen(x)) ? 1 : 0);
}

export function builtin_json_marshal(x: usize): usize {
  if (!x) return 0;
  let b = bufNew(64);
  writeGoJson(b, x);
  let text = bufToString(b);
  chargeText(strLen(text));
  return text;
}

// The parsed value references the string's bytes, which are immutable.
export function builtin_json_unmarshal(s: usize): usize {
  if (!isStr(s)) return typeError(1, STRING, s);
  chargeText(strLen(s));
  return opa_json_parse(strPtr(s), strLen(s));
}
