// print(a, b, ...) as OPA runs it: the compiler hands over each operand as the set of its values
// (an operand may iterate), and one line goes to opa_println per combination of them, in set
// order; an operand without values prints as <undefined>. Strings print bare, other values as
// Rego text (ast String): `{"a": 1}`, `[1, "two"]`, `{1, 2}`.
import { T_STRING, colLen, strLen, strPtr, typeOf } from "./value";
import { arrAt } from "./array";
import { bufAscii, bufByte, bufBytes, bufCString, bufLen, bufNew, bufTruncate } from "./buf";
import { writeTerm } from "./format-value";
import { opa_println } from "./imports";

export function warden_print(operands: usize): void {
  printFrom(operands, 0, bufNew(64));
}

// Writes operand i's values after what `line` holds for the operands before it, one at a time.
function printFrom(operands: usize, i: i32, line: usize): void {
  let start = bufLen(line);
  if (i == colLen(operands)) {
    opa_println(bufCString(line));
    bufTruncate(line, start);
    return;
  }
  if (i) bufByte(line, 0x20);
  let values = arrAt(operands, i);
  let n = colLen(values);
  let mark = bufLen(line);
  if (n == 0) {
    bufAscii(line, "<undefined>");
    printFrom(operands, i + 1, line);
  }
  for (let j = 0; j < n; j++) {
    bufTruncate(line, mark);
    writeText(line, arrAt(values, j));
    printFrom(operands, i + 1, line);
  }
  bufTruncate(line, start);
}

function writeText(line: usize, v: usize): void {
  if (typeOf(v) == T_STRING) bufBytes(line, strPtr(v), strLen(v));
  else writeTerm(line, v);
}
