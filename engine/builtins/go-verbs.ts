import { writtenInteger } from './exact.js';
import { formatFloat } from './go-float.js';
import { goQuote, goQuoteRune } from './go-quote.js';
import { regoString } from './rego-string.js';

/**
 * One sprintf operand as OPA hands it to Go's fmt: integers become `int`
 * (or `*big.Int` beyond int64), other numbers `float64`, strings `string`,
 * and every other value the string of its Rego form. A template's number is a
 * `json.Number` (go-template-funcs.ts): a string to fmt, printed through its
 * String method, but named by its own type where fmt names one (`%!d(json.Number=42)`).
 */
export type GoArg =
  | { type: 'int' | '*big.Int'; value: bigint }
  | { type: 'float64'; value: number }
  | { type: 'string' | 'json.Number'; value: string };

export interface Spec {
  minus: boolean; plus: boolean; space: boolean; zero: boolean; sharp: boolean;
  width?: number; prec?: number; verb: string;
}

const INT64_MAX = 2n ** 63n - 1n;

export function toGoArg(v: unknown): GoArg {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return { type: 'float64', value: v };
    const value = writtenInteger(v);
    return { type: value > INT64_MAX || value < -INT64_MAX - 1n ? '*big.Int' : 'int', value };
  }
  return { type: 'string', value: typeof v === 'string' ? v : regoString(v) };
}

/** Formats one operand; a verb its type does not support yields Go's `%!x(type=value)`. */
export function formatArg(arg: GoArg, spec: Spec): string {
  if (spec.verb === 'T') return pad(arg.type, spec);
  return verbBody(arg, spec) ?? badVerb(arg, spec.verb);
}

function verbBody(arg: GoArg, spec: Spec): string | undefined {
  switch (arg.type) {
    case 'float64': return floatVerb(arg.value, spec);
    case 'string': case 'json.Number': return stringVerb(arg.value, spec);
    case 'int': return intVerb(arg.value, spec);
    default: return bigIntVerb(arg.value, spec);
  }
}

function badVerb(arg: GoArg, verb: string): string {
  const type = arg.type === '*big.Int' ? 'big.Int' : arg.type;
  return `%!${verb}(${type}=${plainValue(arg)})`;
}

/** The operand as %v prints it, for error and EXTRA annotations. */
export function plainValue(arg: GoArg): string {
  return formatArg(arg, { minus: false, plus: false, space: false, zero: false, sharp: false, verb: 'v' });
}

function stringVerb(s: string, spec: Spec): string | undefined {
  const runes = Array.from(s);
  const text = spec.prec === undefined ? s : runes.slice(0, spec.prec).join('');
  switch (spec.verb) {
    case 'v': return pad(spec.sharp ? goQuote(text) : text, spec);
    case 's': return pad(text, spec);
    case 'q': return pad(spec.sharp && !/[`\p{Cc}]/u.test(text) ? `\`${text}\`` : goQuote(text), spec);
    case 'x': case 'X': return pad(hexBytes(text, spec.verb === 'X', spec.space, spec.sharp), spec);
    default: return undefined;
  }
}

function hexBytes(s: string, upper: boolean, spaced: boolean, prefixed: boolean): string {
  const bytes = Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, '0'));
  const prefix = prefixed ? '0x' : '';
  const out = spaced ? bytes.map((b) => prefix + b).join(' ') : prefix + bytes.join('');
  return upper ? out.toUpperCase() : out;
}

function floatVerb(v: number, spec: Spec): string | undefined {
  if (!'eEfFgGv'.includes(spec.verb)) return undefined;
  return padNumber(sign(v < 0, spec), formatFloat(Math.abs(v), spec.verb, spec.prec), spec);
}

const RADIX: Record<string, [number, string]> = {
  d: [10, ''], v: [10, ''], b: [2, '0b'], o: [8, '0'], O: [8, '0o'], x: [16, '0x'], X: [16, '0X'],
};

function intVerb(v: bigint, spec: Spec): string | undefined {
  if (spec.verb === 'c') return pad(goQuoteRune(Number(v)).slice(1, -1), spec);
  if (spec.verb === 'q') return pad(goQuoteRune(Number(v)), spec);
  if (spec.verb === 'U') return pad(`U+${(v < 0n ? -v : v).toString(16).toUpperCase().padStart(4, '0')}`, spec);
  const radix = RADIX[spec.verb];
  if (radix === undefined) return undefined;
  const abs = v < 0n ? -v : v;
  let digits = abs.toString(radix[0]);
  if (spec.verb === 'X') digits = digits.toUpperCase();
  if (spec.prec !== undefined) digits = spec.prec === 0 && abs === 0n ? '' : digits.padStart(spec.prec, '0');
  const prefix = spec.verb === 'O' || (spec.sharp && radix[1] !== '' && !(spec.verb === 'o' && digits.startsWith('0')))
    ? radix[1] : '';
  return padNumber(sign(v < 0n, spec) + prefix, digits, { ...spec, zero: spec.zero && spec.prec === undefined });
}

/** *big.Int formats itself: it also takes %s (as decimal) but has no rune verbs. */
function bigIntVerb(v: bigint, spec: Spec): string | undefined {
  if ('cqU'.includes(spec.verb)) return undefined;
  return intVerb(v, spec.verb === 's' ? { ...spec, verb: 'd' } : spec);
}

function sign(negative: boolean, spec: Spec): string {
  return negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
}

/** Zero padding goes between the sign and the digits. */
function padNumber(prefix: string, digits: string, spec: Spec): string {
  const width = spec.width ?? 0;
  if (spec.zero && !spec.minus && prefix.length + digits.length < width) {
    return prefix + digits.padStart(width - prefix.length, '0');
  }
  return pad(prefix + digits, spec);
}

function pad(s: string, spec: Spec): string {
  const width = spec.width ?? 0;
  const length = Array.from(s).length;
  if (length >= width) return s;
  const fill = ' '.repeat(width - length);
  return spec.minus ? s + fill : fill + s;
}
