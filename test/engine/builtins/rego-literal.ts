/**
 * Parses a Rego literal term (the arguments of conformance-case builtin
 * calls) into the JSON the SDK would hand a host builtin: sets become
 * arrays. Anything that is not a literal (vars, refs, calls) is rejected.
 */
export class NotLiteral extends Error {}

export function parseArgs(text: string): unknown[] {
  const p = new Parser(text);
  const args: unknown[] = [];
  p.skip();
  while (!p.done()) {
    args.push(p.term());
    p.skip();
    if (!p.done()) p.expect(',');
  }
  return args;
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  done(): boolean { this.skip(); return this.i >= this.s.length; }
  skip(): void { while (/\s/.test(this.s[this.i] ?? '')) this.i++; }
  expect(c: string): void {
    this.skip();
    if (this.s[this.i] !== c) throw new NotLiteral(`expected ${c} at ${this.i}`);
    this.i++;
  }

  term(): unknown {
    this.skip();
    const c = this.s[this.i];
    if (c === '"') return this.string();
    if (c === '`') return this.raw();
    if (c === '[') return this.list(']');
    if (c === '{') return this.braces();
    const word = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null|set\(\))/.exec(this.s.slice(this.i))?.[0];
    if (word === undefined) throw new NotLiteral(`not a literal at ${this.s.slice(this.i)}`);
    this.i += word.length;
    return word === 'set()' ? [] : JSON.parse(word);
  }

  private string(): string {
    const m = /^"(\\.|[^"\\])*"/.exec(this.s.slice(this.i));
    if (m === null) throw new NotLiteral('bad string');
    this.i += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  private raw(): string {
    const end = this.s.indexOf('`', this.i + 1);
    const out = this.s.slice(this.i + 1, end);
    this.i = end + 1;
    return out;
  }

  private list(close: string): unknown[] {
    this.i++;
    const out: unknown[] = [];
    while (this.peek() !== close) {
      out.push(this.term());
      if (this.peek() === ',') this.i++;
    }
    this.i++;
    return out;
  }

  /** `{}` is an empty object; `{k: v}` an object; `{a, b}` a set. */
  private braces(): unknown {
    const start = this.i;
    this.i++;
    if (this.peek() === '}') { this.i++; return {}; }
    this.term();
    const isObject = this.peek() === ':';
    this.i = start;
    return isObject ? this.object() : sortValues(this.list('}'));
  }

  private object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    while (this.peek() !== '}') {
      const key = this.term();
      if (typeof key !== 'string') throw new NotLiteral('non-string object key');
      this.expect(':');
      out[key] = this.term();
      if (this.peek() === ',') this.i++;
    }
    this.i++;
    return out;
  }

  private peek(): string | undefined {
    this.skip();
    if (this.i >= this.s.length) throw new NotLiteral('unexpected end');
    return this.s[this.i];
  }
}

/** Sets dump in Rego's value order; close enough for literal test data. */
export function sortValues(values: unknown[]): unknown[] {
  return [...values].sort(compareValues);
}

function rank(v: unknown): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  return Array.isArray(v) ? 4 : 5;
}

export function compareValues(a: unknown, b: unknown): number {
  const r = rank(a) - rank(b);
  if (r !== 0) return r;
  if (typeof a === 'number' || typeof a === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string') return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  return JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0;
}
