/**
 * A JSON document's numbers as they were written. OPA reads the numbers of a JSON input or data
 * file as their text, and builtins see that text: `sprintf("%.2f", [x])` of `10.0` is "10.00"
 * and `sprintf("%d", [x])` of `1e3` is "%!d(float64=1000)", since neither is an integer as
 * written, and `json.marshal` and composite `%v` write `1e3` back. JSON.parse keeps only the
 * double (10, 1000), which JSON.stringify writes as an integer. Each number that JSON.stringify
 * would not write back as written is marked (number-markers.ts) so that the text given to the
 * policy holds it as written.
 *
 * For documents read once (an input file, data files), not for messages: every number of the
 * text is looked at, where messages look only at long digit runs (exact-integers.ts).
 */
import { forEachNumber, markNumbers } from './exact-integers.js';

/**
 * JSON `text` with each number JSON.stringify would write otherwise (`1e3`, `10.0`,
 * `1.5E-7`) as its marker string, or undefined when there is none. A number no double holds
 * (`1e400`) is left as it is, for the writer to refuse.
 */
export function markWrittenNumbers(text: string): string | undefined {
  return markNumbers(text, forEachNumber, rewritten);
}

function rewritten(literal: string): boolean {
  const value = Number(literal);
  return Number.isFinite(value) && JSON.stringify(value) !== literal;
}
