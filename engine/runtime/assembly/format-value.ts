// Values as OPA prints terms (ast.Term String): `[1, "a"]`, `{"a": 1}`, `{1, 2}`, `set()`,
// strings Go-quoted inside composites. sprintf formats every non-number, non-string argument
// with this text. Objects and sets come out sorted because they are stored sorted.
import { T_ARRAY, T_BOOLEAN, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING, colLen, strLen, strPtr, typeOf } from "./value";
import { dumpNumber } from "./json-dump";
import { arrAt } from "./array";
import { objKeyAt, objValAt } from "./object";
import { bufAscii, bufByte, bufNew, bufToString } from "./buf";
import { quoteBytes } from "./go-quote";

function writeElements(b: usize, v: usize, open: u32, close: u32): void {
  bufByte(b, open);
  let n = colLen(v);
  for (let i = 0; i < n; i++) {
    if (i) bufAscii(b, ", ");
    writeTerm(b, arrAt(v, i));
  }
  bufByte(b, close);
}

function writeObject(b: usize, v: usize): void {
  bufByte(b, 0x7b);
  let n = colLen(v);
  for (let i = 0; i < n; i++) {
    if (i) bufAscii(b, ", ");
    writeTerm(b, objKeyAt(v, i));
    bufAscii(b, ": ");
    writeTerm(b, objValAt(v, i));
  }
  bufByte(b, 0x7d);
}

export function writeTerm(b: usize, v: usize): void {
  switch (typeOf(v)) {
    case T_NULL: bufAscii(b, "null"); return;
    case T_BOOLEAN: bufAscii(b, load<i32>(v, 4) ? "true" : "false"); return;
    case T_NUMBER: dumpNumber(b, v); return;
    case T_STRING: quoteBytes(b, strPtr(v), strLen(v), false); return;
    case T_ARRAY: writeElements(b, v, 0x5b, 0x5d); return;
    case T_OBJECT: writeObject(b, v); return;
    case T_SET:
      if (colLen(v) == 0) bufAscii(b, "set()");
      else writeElements(b, v, 0x7b, 0x7d);
      return;
  }
}

export function termText(v: usize): usize {
  let b = bufNew(32);
  writeTerm(b, v);
  return bufToString(b);
}
