// json.is_valid, json.marshal, json.unmarshal. Parsing is strict JSON (the runtime's JSON
// parser); marshalling follows Go's encoding/json output, as OPA's does.
import { opa_boolean, strLen, strPtr } from "../value";
import { opa_json_parse } from "../json-parse";
import { bufNew, bufToString } from "../buf";
import { writeGoJson } from "../go-json";
import { isStr } from "./args";
import { typeError } from "./failure";
import { STRING } from "./reasons";

// Anything but a string is simply not valid JSON text (false, not an error).
export function builtin_json_is_valid(x: usize): usize {
  if (!isStr(x)) return opa_boolean(0);
  return opa_boolean(opa_json_parse(strPtr(x), strLen(x)) ? 1 : 0);
}

export function builtin_json_marshal(x: usize): usize {
  if (!x) return 0;
  let b = bufNew(64);
  writeGoJson(b, x);
  return bufToString(b);
}

// The parsed value references the string's bytes, which are immutable.
export function builtin_json_unmarshal(s: usize): usize {
  if (!isStr(s)) return typeError(1, STRING, s);
  return opa_json_parse(strPtr(s), strLen(s));
}
