/**
 * JSON as OPA's Go encoder writes it, so output compares byte for byte: two-space indent,
 * a final newline, and <, >, &, U+2028 and U+2029 escaped (Go escapes them by default).
 * These characters only ever occur inside strings, so escaping the whole text is safe.
 */
const GO_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

export function goJson(value: unknown, indent = true): string {
  return JSON.stringify(value, null, indent ? 2 : undefined).replace(/[<>&\u2028\u2029]/gu, (c) => GO_ESCAPES[c]!);
}
