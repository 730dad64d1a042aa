// The tagged encoding host builtins see. The SDK carries arguments and results as JSON, which
// has no sets and whose JS reader rounds integers past 2^53. Before a host call, each argument
// becomes a plain value whose JSON says what JSON cannot:
//   a set                     -> {"$mcp_warden_set": [members...]}
//   a number JS cannot hold   -> {"$mcp_warden_number": "<its exact JSON text>"}
//   an object that looks like one of these (one key, a tag) -> {"$mcp_warden_object": {...}}
//   an object with a key that is not a string -> {"$mcp_warden_entries": [[key, value]...]}
// and the host's result is decoded by the same rules (engine/builtins/wire.ts is the JS side;
// it writes exact numbers in results as plain digits, which the JSON parser keeps).
// JSON would write such a key as its text, quoted, which a builtin cannot tell from a string
// (OPA's strings.replace_n rejects non-string keys). Values needing none of this are passed through untouched,
// so ordinary calls pay only for a scan.
import { T_ARRAY, T_NUMBER, T_OBJECT, T_SET, T_STRING, colLen, opa_string, strLen, strPtr, typeOf } from "./value";
import { isText, textLen, textPtr, isIntegerText, numClass, numI64, K_INT, K_BIG } from "./number";
import { opa_array_with_cap, opa_array_append, arrAt } from "./array";
import { opa_object, opa_object_insert, objKeyAt, objValAt } from "./object";
import { opa_set, opa_set_add, setAt } from "./set";
import { dumpNumber } from "./json-dump";
import { opa_json_parse } from "./json-parse";
import { bufNew, bufToString } from "./buf";

const TAG_SET = memory.data<u8>([36, 109, 99, 112, 95, 119, 97, 114, 100, 101, 110, 95, 115, 101, 116]);
const TAG_SET_LEN = 15; // "$mcp_warden_set"
const TAG_NUMBER = memory.data<u8>([36, 109, 99, 112, 95, 119, 97, 114, 100, 101, 110, 95, 110, 117, 109, 98, 101, 114]);
const TAG_NUMBER_LEN = 18; // "$mcp_warden_number"
const TAG_OBJECT = memory.data<u8>([36, 109, 99, 112, 95, 119, 97, 114, 100, 101, 110, 95, 111, 98, 106, 101, 99, 116]);
const TAG_OBJECT_LEN = 18; // "$mcp_warden_object"
const TAG_ENTRIES = memory.data<u8>([36, 109, 99, 112, 95, 119, 97, 114, 100, 101, 110, 95, 101, 110, 116, 114, 105, 101, 115]);
const TAG_ENTRIES_LEN = 19; // "$mcp_warden_entries"

const NOT_A_TAG = 0;
const IS_SET = 1;
const IS_NUMBER = 2;
const IS_OBJECT = 3;
const IS_ENTRIES = 4;

const MAX_SAFE: i64 = 9007199254740991; // 2^53 - 1, JS Number.MAX_SAFE_INTEGER
const MAX_EXACT_DIGITS = 15; // decimals with at most this many digits survive a double
const MAX_EXPONENT = 300;

function bytesEqual(p: usize, n: i32, q: usize, m: i32): bool {
  if (n != m) return false;
  return memory.compare(p, q, <usize>n) == 0;
}

function tagOfKey(k: usize): i32 {
  if (typeOf(k) != T_STRING) return NOT_A_TAG;
  let p = strPtr(k);
  let n = strLen(k);
  if (bytesEqual(p, n, TAG_SET, TAG_SET_LEN)) return IS_SET;
  if (bytesEqual(p, n, TAG_NUMBER, TAG_NUMBER_LEN)) return IS_NUMBER;
  if (bytesEqual(p, n, TAG_OBJECT, TAG_OBJECT_LEN)) return IS_OBJECT;
  if (bytesEqual(p, n, TAG_ENTRIES, TAG_ENTRIES_LEN)) return IS_ENTRIES;
  return NOT_A_TAG;
}

// An object is read as a tag exactly when it has one key and that key is a tag name.
function tagOf(obj: usize): i32 {
  return colLen(obj) == 1 ? tagOfKey(objKeyAt(obj, 0)) : NOT_A_TAG;
}

// Decimal text JS's JSON.parse may not read back exactly: too many digits or a huge exponent.
function decimalNeedsTag(p: usize, n: i32): bool {
  let digits = 0;
  let leading = true;
  let exp = 0;
  let i = 0;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 0x65 || c == 0x45) break;
    if (c - 0x30 > 9) continue;
    if (leading && c == 0x30) continue;
    leading = false;
    digits++;
  }
  for (i++; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c - 0x30 <= 9 && exp < 100000) exp = exp * 10 + <i32>(c - 0x30);
  }
  return digits > MAX_EXACT_DIGITS || exp > MAX_EXPONENT;
}

function numberNeedsTag(v: usize): bool {
  let k = numClass(v);
  if (k == K_BIG) return true;
  if (k == K_INT) {
    let i = numI64(v);
    return i > MAX_SAFE || i < -MAX_SAFE;
  }
  if (!isText(v)) return false;
  let p = textPtr(v);
  let n = textLen(v);
  return !isIntegerText(p, n) && decimalNeedsTag(p, n);
}

function tagged(tag: usize, len: i32, v: usize): usize {
  let obj = opa_object();
  opa_object_insert(obj, opa_string(tag, len), v);
  return obj;
}

function numberText(v: usize): usize {
  let b = bufNew(32);
  dumpNumber(b, v);
  return bufToString(b);
}

// Both directions rebuild a collection only from its first changed element on, so a value
// needing no change costs one walk and no allocation. Member i of an array or set:
@inline function elementAt(v: usize, i: i32): usize {
  return typeOf(v) == T_SET ? setAt(v, i) : arrAt(v, i);
}

// Elements encoded or decoded; 0 if any maps to 0. `out` starts as v itself.
function mapElements(v: usize, encoding: bool): usize {
  let n = colLen(v);
  let out = v;
  for (let i = 0; i < n; i++) {
    let x = elementAt(v, i);
    let y = encoding ? encode(x) : decode(x);
    if (!y) return 0;
    if (y == x && out == v) continue;
    if (out == v) {
      out = opa_array_with_cap(n);
      for (let j = 0; j < i; j++) opa_array_append(out, elementAt(v, j));
    }
    opa_array_append(out, y);
  }
  return out;
}

function mapValues(v: usize, encoding: bool): usize {
  let n = colLen(v);
  let out = v;
  for (let i = 0; i < n; i++) {
    let x = objValAt(v, i);
    let y = encoding ? encode(x) : decode(x);
    if (!y) return 0;
    if (y == x && out == v) continue;
    if (out == v) {
      out = opa_object();
      for (let j = 0; j < i; j++) opa_object_insert(out, objKeyAt(v, j), objValAt(v, j));
    }
    opa_object_insert(out, objKeyAt(v, i), y);
  }
  return out;
}

function encode(v: usize): usize {
  switch (typeOf(v)) {
    case T_NUMBER: return numberNeedsTag(v) ? tagged(TAG_NUMBER, TAG_NUMBER_LEN, numberText(v)) : v;
    case T_SET: {
      let members = mapElements(v, true);
      return tagged(TAG_SET, TAG_SET_LEN, members == v ? copyToArray(v) : members);
    }
    case T_ARRAY: return mapElements(v, true);
    case T_OBJECT: {
      if (hasNonStringKey(v)) return tagged(TAG_ENTRIES, TAG_ENTRIES_LEN, entries(v));
      let out = mapValues(v, true);
      return tagOf(v) == NOT_A_TAG ? out : tagged(TAG_OBJECT, TAG_OBJECT_LEN, out);
    }
  }
  return v;
}

function hasNonStringKey(obj: usize): bool {
  let n = colLen(obj);
  for (let i = 0; i < n; i++) if (typeOf(objKeyAt(obj, i)) != T_STRING) return true;
  return false;
}

function entries(obj: usize): usize {
  let n = colLen(obj);
  let out = opa_array_with_cap(n);
  for (let i = 0; i < n; i++) {
    let pair = opa_array_with_cap(2);
    opa_array_append(pair, encode(objKeyAt(obj, i)));
    opa_array_append(pair, encode(objValAt(obj, i)));
    opa_array_append(out, pair);
  }
  return out;
}

function copyToArray(set: usize): usize {
  let n = colLen(set);
  let out = opa_array_with_cap(n);
  for (let i = 0; i < n; i++) opa_array_append(out, setAt(set, i));
  return out;
}

// An argument as the host should see it (0, undefined, stays 0).
export function encodeHostArg(v: usize): usize {
  return v ? encode(v) : 0;
}

// Malformed tags make the whole result undefined (0): a host that says "set" must send an array.
function decodeSet(members: usize): usize {
  if (typeOf(members) != T_ARRAY) return 0;
  let decoded = mapElements(members, false);
  if (!decoded) return 0;
  let set = opa_set();
  let n = colLen(decoded);
  for (let i = 0; i < n; i++) opa_set_add(set, arrAt(decoded, i));
  return set;
}

function decodeNumber(text: usize): usize {
  if (typeOf(text) != T_STRING) return 0;
  let v = opa_json_parse(strPtr(text), strLen(text));
  return v && typeOf(v) == T_NUMBER ? v : 0;
}

function decodeEntries(pairs: usize): usize {
  if (typeOf(pairs) != T_ARRAY) return 0;
  let obj = opa_object();
  let n = colLen(pairs);
  for (let i = 0; i < n; i++) {
    let pair = arrAt(pairs, i);
    if (typeOf(pair) != T_ARRAY || colLen(pair) != 2) return 0;
    let k = decode(arrAt(pair, 0));
    let x = decode(arrAt(pair, 1));
    if (!k || !x) return 0;
    opa_object_insert(obj, k, x);
  }
  return obj;
}

function decode(v: usize): usize {
  let t = typeOf(v);
  if (t == T_ARRAY) return mapElements(v, false);
  if (t != T_OBJECT) return v;
  let tag = tagOf(v);
  if (tag == NOT_A_TAG) return mapValues(v, false);
  let inner = objValAt(v, 0);
  if (tag == IS_SET) return decodeSet(inner);
  if (tag == IS_NUMBER) return decodeNumber(inner);
  if (tag == IS_ENTRIES) return decodeEntries(inner);
  return typeOf(inner) == T_OBJECT ? mapValues(inner, false) : 0;
}

// A host result back in Rego terms (0, undefined, stays 0).
export function decodeHostResult(v: usize): usize {
  return v ? decode(v) : 0;
}
