/**
 * JSON Schema patterns are ECMA-262 regular expressions (with the `u` flag, as ajv compiles them),
 * and argument checks run them on RE2, whose syntax and classes differ: RE2 has no `\uXXXX`, `\cX`
 * or `[^]`, and its `\s` and `.` match fewer characters. This parses a pattern as ECMA-262
 * (@eslint-community/regexpp) and writes the same language in RE2 syntax, every character other
 * than a letter or digit as `\x{...}`. A pattern that is not valid with `u` is read as without it
 * (Annex B: `\-` outside a class, a lone `{`), as lenient validators do, and one that is not
 * ECMA-262 at all goes to RE2 as it is, as before (`(?i)`). Lookaround and backreferences have no
 * linear-time RE2 form: they throw, and the schema fails closed.
 */
import { RegExpParser, type AST } from '@eslint-community/regexpp';

const parser = new RegExpParser({ ecmaVersion: 2025 });

/** ECMA-262's WhiteSpace and LineTerminator, what `\s` matches (RE2's `\s` is `[\t\n\f\r ]`). */
const SPACE: ReadonlyArray<readonly [number, number]> = [
  [0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029],
  [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
];
const MAX_CODE_POINT = 0x10ffff;
/** What `.` matches without the `s` flag: anything but a line terminator. */
const ANY = '[^\\x{a}\\x{d}\\x{2028}\\x{2029}]';
/** Property escapes RE2 knows under the same names: general categories and scripts. */
const RE2_PROPERTIES = new Set(['General_Category', 'gc', 'Script', 'sc']);

export function ecmaToRe2(pattern: string): string {
  const ast = parse(pattern);
  return ast ? alternatives(ast.alternatives) : pattern;
}

function parse(pattern: string): AST.Pattern | undefined {
  for (const unicode of [true, false]) {
    try {
      return parser.parsePattern(pattern, 0, pattern.length, { unicode });
    } catch {
      // the next reading
    }
  }
  return undefined;
}

function alternatives(list: readonly AST.Alternative[]): string {
  return list.map((alternative) => alternative.elements.map(element).join('')).join('|');
}

function element(node: AST.Element): string {
  switch (node.type) {
    case 'Character': return character(node.value);
    case 'CharacterSet': return node.kind === 'any' ? ANY : escapeSet(node, false);
    case 'CharacterClass': return characterClass(node);
    case 'Quantifier': return `${element(node.element)}${quantifier(node)}`;
    case 'Assertion': return assertion(node);
    // Captures are never read (a match is a yes or no), and names need not suit RE2.
    case 'CapturingGroup': return `(?:${alternatives(node.alternatives)})`;
    case 'Group':
      if (node.modifiers) throw unsupported('pattern modifiers');
      return `(?:${alternatives(node.alternatives)})`;
    case 'Backreference': throw unsupported('backreferences');
    case 'ExpressionCharacterClass': throw unsupported('class set expressions');
  }
}

function quantifier({ min, max, greedy }: AST.Quantifier): string {
  const count = max === Infinity ? (min === 0 ? '*' : min === 1 ? '+' : `{${min},}`) : min === max ? `{${min}}` : `{${min},${max}}`;
  return greedy ? count : `${count}?`;
}

function assertion(node: AST.Assertion): string {
  if (node.kind === 'start') return '^';
  if (node.kind === 'end') return '$';
  if (node.kind === 'word') return node.negate ? '\\B' : '\\b';
  throw unsupported(node.kind);
}

/** An empty class matches nothing and `[^]` anything: RE2 reads `[]` and `[^]` as unfinished. */
function characterClass(node: AST.CharacterClass): string {
  const members = node.elements.map(classMember).join('');
  if (members === '') return node.negate ? `[\\x{0}-\\x{${MAX_CODE_POINT.toString(16)}}]` : `[^\\x{0}-\\x{${MAX_CODE_POINT.toString(16)}}]`;
  return `[${node.negate ? '^' : ''}${members}]`;
}

function classMember(node: AST.CharacterClassElement): string {
  if (node.type === 'Character') return character(node.value);
  if (node.type === 'CharacterClassRange') return `${character(node.min.value)}-${character(node.max.value)}`;
  if (node.type === 'CharacterSet') return escapeSet(node, true);
  throw unsupported('class set expressions');
}

/** `\d`, `\w` and `\b` are ASCII in both; `\s` is written out, inside a class without brackets. */
function escapeSet(node: AST.EscapeCharacterSet | AST.UnicodePropertyCharacterSet, inClass: boolean): string {
  if (node.kind === 'property') return property(node);
  if (node.kind !== 'space') return `\\${node.negate ? node.kind[0]!.toUpperCase() : node.kind[0]}`;
  const ranges = (node.negate && inClass ? complement(SPACE) : SPACE).map(([from, to]) => (from === to ? character(from) : `${character(from)}-${character(to)}`)).join('');
  if (inClass) return ranges;
  return node.negate ? `[^${ranges}]` : `[${ranges}]`;
}

function property(node: AST.UnicodePropertyCharacterSet): string {
  if (node.value === null || !RE2_PROPERTIES.has(node.key)) throw unsupported(`the property escape \\p{${node.key}${node.value === null ? '' : `=${node.value}`}}`);
  return `\\${node.negate ? 'P' : 'p'}{${node.value}}`;
}

function complement(ranges: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [from, to] of ranges) {
    if (from > next) out.push([next, from - 1]);
    next = to + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

function character(codePoint: number): string {
  const c = String.fromCodePoint(codePoint);
  return /^[A-Za-z0-9]$/.test(c) ? c : `\\x{${codePoint.toString(16)}}`;
}

function unsupported(what: string): Error {
  return new Error(`RE2 has no ${what} (patterns run in linear time)`);
}
