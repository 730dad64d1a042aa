/**
 * Go's strconv.Quote: the double-quoted form Rego uses to print strings and
 * sprintf's %q produces. Printable runes stay as they are; the rest are
 * escaped the way Go escapes them.
 */
const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
  '\\': '\\\\', '"': '\\"',
};

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += quoteRune(ch);
  return out + '"';
}

/** Go's %q of an integer: a single-quoted rune literal. */
export function goQuoteRune(codePoint: number): string {
  const ch = isValidRune(codePoint) ? String.fromCodePoint(codePoint) : '\uFFFD';
  return `'${ch === "'" ? "\\'" : ch === '"' ? '"' : quoteRune(ch)}'`;
}

function isValidRune(cp: number): boolean {
  return cp >= 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
}

function quoteRune(ch: string): string {
  const short = SHORT_ESCAPES[ch];
  if (short !== undefined) return short;
  if (PRINTABLE.test(ch)) return ch;
  const cp = ch.codePointAt(0) as number;
  if (cp < 0x80) return `\\x${hex(cp, 2)}`;
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd';
  return cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
