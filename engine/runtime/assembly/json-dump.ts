// JSON and Rego-value text output. Objects and sets come out sorted because they are stored
// sorted. In JSON, sets become arrays and non-string object keys become their text as a string
// (as OPA does); in Rego syntax, sets are {..} or set() and keys are any value.
import { T_ARRAY, T_BOOLEAN, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING, colLen, strLen, strPtr, typeOf } from "./value";
import { isText, textLen, textPtr, numClass, numI64, numF64, K_INT } from "./number";
import { formatI64 } from "./int-format";
import { formatF64 } from "./float-format";
import { arrAt } from "./array";
import { objKeyAt, objValAt } from "./object";
import { setAt } from "./set";
import { bufAdvance, bufAscii, bufByte, bufBytes, bufCString, bufNew, bufReserve, bufData, bufLen } from "./buf";

const HEX = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

function escapeByte(b: usize, c: u32): void {
  bufByte(b, 0x5c);
  switch (c) {
    case 0x22: bufByte(b, 0x22); return;
    case 0x5c: bufByte(b, 0x5c); return;
    case 0x0a: bufByte(b, 0x6e); return;
    case 0x0d: bufByte(b, 0x72); return;
    case 0x09: bufByte(b, 0x74); return;
    case 0x08: bufByte(b, 0x62); return;
    case 0x0c: bufByte(b, 0x66); return;
  }
  bufAscii(b, "u00");
  bufByte(b, load<u8>(HEX + (c >> 4)));
  bufByte(b, load<u8>(HEX + (c & 15)));
}

export function dumpStringBytes(b: usize, p: usize, n: i32): void {
  bufByte(b, 0x22);
  let start = 0;
  for (let i = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c >= 0x20 && c != 0x22 && c != 0x5c) continue;
    bufBytes(b, p + start, i - start);
    escapeByte(b, c);
    start = i + 1;
  }
  bufBytes(b, p + start, n - start);
  bufByte(b, 0x22);
}

export function dumpNumber(b: usize, v: usize): void {
  if (isText(v)) {
    bufBytes(b, textPtr(v), textLen(v));
    return;
  }
  let out = bufReserve(b, 32);
  let n = numClass(v) == K_INT ? formatI64(numI64(v), out) : formatF64(numF64(v), out);
  bufAdvance(b, n);
}

// Non-string keys in JSON: the key's own JSON text, quoted.
function dumpJsonKey(b: usize, k: usize): void {
  if (typeOf(k) == T_STRING) {
    dumpStringBytes(b, strPtr(k), strLen(k));
    return;
  }
  let inner = bufNew(32);
  dumpValue(inner, k, false);
  dumpStringBytes(b, bufData(inner), bufLen(inner));
}

function dumpObject(b: usize, v: usize, rego: bool): void {
  bufByte(b, 0x7b);
  let n = colLen(v);
  for (let i = 0; i < n; i++) {
    if (i) bufByte(b, 0x2c);
    if (rego) dumpValue(b, objKeyAt(v, i), rego);
    else dumpJsonKey(b, objKeyAt(v, i));
    bufByte(b, 0x3a);
    dumpValue(b, objValAt(v, i), rego);
  }
  bufByte(b, 0x7d);
}

function dumpElements(b: usize, v: usize, open: u32, close: u32, rego: bool): void {
  bufByte(b, open);
  let n = colLen(v);
  for (let i = 0; i < n; i++) {
    if (i) bufByte(b, 0x2c);
    dumpValue(b, arrAt(v, i), rego);
  }
  bufByte(b, close);
}

export function dumpValue(b: usize, v: usize, rego: bool): void {
  if (!v) {
    bufAscii(b, "null");
    return;
  }
  switch (typeOf(v)) {
    case T_NULL: bufAscii(b, "null"); return;
    case T_BOOLEAN: bufAscii(b, load<i32>(v, 4) ? "true" : "false"); return;
    case T_NUMBER: dumpNumber(b, v); return;
    case T_STRING: dumpStringBytes(b, strPtr(v), strLen(v)); return;
    case T_ARRAY: dumpElements(b, v, 0x5b, 0x5d, rego); return;
    case T_OBJECT: dumpObject(b, v, rego); return;
    case T_SET:
      if (rego && colLen(v) == 0) bufAscii(b, "set()");
      else if (rego) dumpElements(b, v, 0x7b, 0x7d, rego);
      else dumpElements(b, v, 0x5b, 0x5d, rego);
      return;
  }
}

export function opa_json_dump(v: usize): usize {
  let b = bufNew(64);
  dumpValue(b, v, false);
  return bufCString(b);
}

export function opa_value_dump(v: usize): usize {
  let b = bufNew(64);
  dumpValue(b, v, true);
  return bufCString(b);
}
