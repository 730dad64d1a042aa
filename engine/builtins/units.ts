import { fail, str } from './args.js';
import { exactInteger, exactNumber } from './exact.js';
import type { BuiltinTable } from './types.js';

/**
 * units.parse and units.parse_bytes. Amounts are decimal or scientific
 * ("1.5", "4E2"); an `e` not followed by digits is the exa unit. Arithmetic
 * is exact (BigInt scaled by a power of ten), since results such as 10Ei
 * exceed 2^53.
 */
interface Scaled { units: bigint; scale: number }

const AMOUNT = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(.*)$/;

const POW = (base: bigint, n: number) => base ** BigInt(n);

/** units.parse: SI units by letter case ("m" milli, "M" mega), binary with an "i". */
const SI: Record<string, bigint> = {
  '': 1n, k: 10n ** 3n, K: 10n ** 3n, M: 10n ** 6n, G: 10n ** 9n, g: 10n ** 9n,
  T: 10n ** 12n, t: 10n ** 12n, P: 10n ** 15n, p: 10n ** 15n, E: 10n ** 18n, e: 10n ** 18n,
  Ki: POW(2n, 10), ki: POW(2n, 10), Mi: POW(2n, 20), mi: POW(2n, 20), Gi: POW(2n, 30), gi: POW(2n, 30),
  Ti: POW(2n, 40), ti: POW(2n, 40), Pi: POW(2n, 50), pi: POW(2n, 50), Ei: POW(2n, 60), ei: POW(2n, 60),
};

/** units.parse_bytes: case-insensitive, with an optional trailing "b". */
const BYTES: Record<string, bigint> = { '': 1n };
['k', 'm', 'g', 't', 'p', 'e'].forEach((letter, i) => {
  BYTES[letter] = BYTES[`${letter}b`] = 10n ** BigInt(3 * (i + 1));
  BYTES[`${letter}i`] = BYTES[`${letter}ib`] = POW(2n, 10 * (i + 1));
});

/** `bytes`: units.parse_bytes, whose messages say "byte amount" (OPA's wording). */
function split(raw: unknown, bytes: boolean): { amount: Scaled; unit: string } {
  let s = str(raw).replace(/"/g, '');
  if (s.includes(' ')) fail('spaces not allowed in resource strings');
  if (bytes) s = s.toLowerCase();
  const amount = bytes ? 'byte amount' : 'amount';
  const m = AMOUNT.exec(s) ?? fail(`no ${amount} provided`);
  // A second point or exponent ("0.0.0") belongs to a malformed amount, not to the unit.
  if (/^[0-9.]/.test(m[2])) fail(`could not parse ${amount} to a number`);
  return { amount: parseDecimal(m[1]), unit: m[2] };
}

function parseDecimal(text: string): Scaled {
  const [mantissa, exp = '0'] = text.toLowerCase().split('e');
  const [whole, frac = ''] = mantissa.split('.');
  const scale = frac.length - Number(exp);
  const digits = whole.replace(/^[+-]/, '') + frac;
  const units = (whole.startsWith('-') ? -1n : 1n) * BigInt(digits === '' ? '0' : digits);
  return scale >= 0 ? { units, scale } : { units: units * 10n ** BigInt(-scale), scale: 0 };
}

function parse(raw: unknown): unknown {
  const { amount, unit } = split(raw, false);
  const normalised = unit.length > 1 ? unit[0] + unit.slice(1).toLowerCase() : unit;
  if (normalised === 'm') return toNumber({ units: amount.units, scale: amount.scale + 3 });
  const multiplier = SI[normalised] ?? fail(`unknown unit ${unit}`);
  return toNumber({ units: amount.units * multiplier, scale: amount.scale });
}

/** Whole bytes: fractions are truncated, as Go's big.Float.Int does. */
function parseBytes(raw: unknown): unknown {
  const { amount, unit } = split(raw, true);
  const multiplier = BYTES[unit] ?? fail(`unknown unit ${unit}`);
  return exactInteger((amount.units * multiplier) / 10n ** BigInt(amount.scale));
}

function toNumber(v: Scaled): unknown {
  const divisor = 10n ** BigInt(v.scale);
  if (v.units % divisor === 0n) return exactInteger(v.units / divisor);
  const negative = v.units < 0n;
  const digits = (negative ? -v.units : v.units).toString().padStart(v.scale + 1, '0');
  const text = `${negative ? '-' : ''}${digits.slice(0, -v.scale)}.${digits.slice(-v.scale)}`.replace(/0+$/, '');
  return exactNumber(text);
}

export const unitsBuiltins: BuiltinTable = {
  'units.parse': parse,
  'units.parse_bytes': parseBytes,
};
