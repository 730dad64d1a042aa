/**
 * Where JSON text stops being JSON (RFC 8259), for a diagnostic at file:line:col. JSON.parse
 * says why it failed, but often not where ("Unexpected token ']', ..." quotes the text instead),
 * and an operator editing a data file needs the line. So once JSON.parse has refused a text, this
 * scans it again, only to find the first offending character and what was expected there.
 *
 * Iterative, with an explicit stack of open containers, so deeply nested text cannot exhaust
 * the call stack.
 */

export interface JsonSyntaxError {
  /** 1-based line and column (in UTF-16 code units, as editors count them for most text). */
  line: number;
  col: number;
  message: string;
}

type Expect = 'value' | 'value or ]' | 'key' | 'key or }' | ':' | ', or ]' | ', or }' | 'end';

const EXPECTED: Record<Expect, string> = {
  value: 'a value',
  'value or ]': "a value or ']'",
  key: 'a string (an object key)',
  'key or }': "a string (an object key) or '}'",
  ':': "':' after the object key",
  ', or ]': "',' or ']' after an array element",
  ', or }': "',' or '}' after an object member",
  end: 'nothing after the document',
};

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** The first syntax error in `text`, or undefined when it is JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const stack: Array<']' | '}'> = [];
  let expect: Expect = 'value';
  let i = 0;
  const fail = (at: number, message: string): JsonSyntaxError => ({ ...position(text, at), message });
  const afterValue = (): Expect => (stack.length === 0 ? 'end' : stack.at(-1) === ']' ? ', or ]' : ', or }');
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
    if (i >= text.length) return expect === 'end' ? undefined : fail(i, `unexpected end of input, expected ${EXPECTED[expect]}`);
    const c = text[i]!;
    const unexpected = (): JsonSyntaxError => fail(i, `unexpected ${describe(c)}, expected ${EXPECTED[expect]}`);
    if (expect === ':') {
      if (c !== ':') return unexpected();
      i++;
      expect = 'value';
    } else if (expect === ', or ]' || expect === ', or }') {
      if (c === ',') expect = expect === ', or ]' ? 'value' : 'key';
      else if (c === expect.at(-1)) { stack.pop(); expect = afterValue(); } else return unexpected();
      i++;
    } else if (expect === 'end') {
      return unexpected();
    } else if ((c === ']' && expect === 'value or ]') || (c === '}' && expect === 'key or }')) {
      stack.pop();
      i++;
      expect = afterValue();
    } else if (expect === 'key' || expect === 'key or }') {
      if (c !== '"') return unexpected();
      const end = stringEnd(text, i);
      if (typeof end !== 'number') return fail(end.at, end.message);
      i = end;
      expect = ':';
    } else if (c === '[' || c === '{') {
      stack.push(c === '[' ? ']' : '}');
      i++;
      expect = c === '[' ? 'value or ]' : 'key or }';
    } else {
      const end = scalarEnd(text, i);
      if (end === undefined) return unexpected();
      if (typeof end !== 'number') return fail(end.at, end.message);
      i = end;
      expect = afterValue();
    }
  }
}

type Scanned = number | { at: number; message: string };

/** Past a string, number or literal starting at `i`; undefined when none starts there. */
function scalarEnd(text: string, i: number): Scanned | undefined {
  if (text[i] === '"') return stringEnd(text, i);
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, i)) return i + literal.length;
  }
  NUMBER.lastIndex = i;
  return NUMBER.test(text) ? NUMBER.lastIndex : undefined;
}

/** Past the closing quote of the string whose opening quote is at `i`. */
function stringEnd(text: string, i: number): Scanned {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) return { at: j, message: 'unescaped control character in a string' };
    if (c === 0x5c) {
      ESCAPE.lastIndex = j;
      if (!ESCAPE.test(text)) return { at: j, message: 'invalid escape in a string' };
      j = ESCAPE.lastIndex - 1;
    }
  }
  return { at: text.length, message: 'unexpected end of input in a string' };
}

function describe(c: string): string {
  return c < ' ' ? `character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : `character '${c}'`;
}

function position(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, col: offset - lineStart + 1 };
}
