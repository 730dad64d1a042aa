/**
 * A JSON document's numbers as they were written. OPA reads the numbers of a JSON input or data
 * file as their text, and builtins see that text: `sprintf("%.2f", [x])` of `10.0` is "10.00"
 * and `sprintf("%d", [x])` of `1e3` is "%!d(float64=1000)", since neither is an integer as
 * written, and `json.marshal` and composite `%v` write `1e3` back. JSON.parse keeps only the
 * double (10, 1000), which JSON.stringify writes as an integer. Each number that JSON.stringify
 * would not write back as written is marked (number-markers.ts) so that the text given to the
 * policy holds it as written.
 *
 * For documents read once (an input file, data files), not for messages: the whole text is
 * scanned.
 */
import { numberMarker } from './number-markers.js';

/**
 * JSON `text` with each number JSON.stringify would write otherwise (`1e3`, `10.0`,
 * `1.5E-7`) as its marker string, or undefined when there is none. A number no double holds
 * (`1e400`) is left as it is, for the writer to refuse.
 */
export function markWrittenNumbers(text: string): string | undefined {
  const parts: string[] = [];
  let copied = 0;
  for (let at = 0; at < text.length;) {
    const c = text.charCodeAt(at);
    if (c === QUOTE) { at = stringEnd(text, at + 1); continue; }
    if (c !== MINUS && !isDigit(c)) { at++; continue; }
    let end = at + 1;
    while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
    const literal = text.slice(at, end);
    if (rewritten(literal)) {
      parts.push(text.slice(copied, at), `"${numberMarker(literal)}"`);
      copied = end;
    }
    at = end;
  }
  if (copied === 0) return undefined;
  parts.push(text.slice(copied));
  return parts.join('');
}

const QUOTE = 0x22;
const MINUS = 0x2d;

function rewritten(literal: string): boolean {
  const value = Number(literal);
  return Number.isFinite(value) && JSON.stringify(value) !== literal;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** `-`, `+`, `.`, digits, `e` and `E`: what a JSON number is written with. */
function isNumberChar(c: number): boolean {
  return isDigit(c) || c === MINUS || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}

/** The index after the string whose contents start at `from`. */
function stringEnd(text: string, from: number): number {
  for (let at = from; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c === 0x5c) at++;
    else if (c === QUOTE) return at + 1;
  }
  return text.length;
}
