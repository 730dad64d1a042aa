/**
 * Go's fmt rendering of float64 for %e %f %g and %v (%g with the shortest
 * round-trip digits). Go rounds the exact binary value half-to-even, while
 * JS's toFixed/toExponential round ties up, so fixed precisions are rounded
 * here from the exact decimal expansion. Results carry no sign.
 */
interface Decimal { digits: string; dp: number }

export function formatFloat(abs: number, verb: string, prec: number | undefined): string {
  switch (verb) {
    case 'e': case 'E': return fmtE(round(exact(abs), (prec ?? 6) + 1), prec ?? 6, verb);
    case 'f': case 'F': {
      const d = exact(abs);
      return fmtF(round(d, d.dp + (prec ?? 6)), prec ?? 6);
    }
    case 'g': case 'G': return general(abs, prec, verb === 'G' ? 'E' : 'e');
    default: return general(abs, undefined, 'e');
  }
}

/** The exact decimal digits of a double: m·2^e = m·5^-e / 10^-e when e < 0. */
function exact(abs: number): Decimal {
  if (abs === 0) return { digits: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const e = (biased === 0 ? 1 : biased) - 1075;
  const digits = e >= 0 ? (mantissa << BigInt(e)).toString() : (mantissa * 5n ** BigInt(-e)).toString();
  return trim({ digits, dp: e >= 0 ? digits.length : digits.length + e });
}

function trim(d: Decimal): Decimal {
  const digits = d.digits.replace(/0+$/, '');
  return digits === '' ? { digits: '', dp: 0 } : { digits, dp: d.dp };
}

/** Keeps `nd` significant digits, ties to even. */
function round(d: Decimal, nd: number): Decimal {
  if (nd < 0) return { digits: '', dp: 0 };
  if (nd >= d.digits.length) return d;
  const next = d.digits[nd];
  const tie = next === '5' && nd + 1 === d.digits.length;
  const up = tie ? nd > 0 && Number(d.digits[nd - 1]) % 2 === 1 : next >= '5';
  if (!up) return trim({ digits: d.digits.slice(0, nd), dp: d.dp });
  const bumped = (BigInt(d.digits.slice(0, nd) || '0') + 1n).toString();
  const carried = nd === 0 ? 1 : bumped.length - nd;
  return trim({ digits: bumped, dp: d.dp + carried });
}

/** Mantissa with `decimals` fraction digits and Go's two-digit exponent. */
function fmtE(d: Decimal, decimals: number, e: string): string {
  const digits = d.digits === '' ? '0' : d.digits;
  const exp = d.digits === '' ? 0 : d.dp - 1;
  const frac = digits.slice(1, decimals + 1).padEnd(decimals, '0');
  const sign = exp < 0 ? '-' : '+';
  return `${digits[0]}${frac === '' ? '' : '.' + frac}${e}${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function fmtF(d: Decimal, decimals: number): string {
  const intPart = d.dp > 0 ? d.digits.slice(0, d.dp).padEnd(d.dp, '0') : '0';
  let frac = '';
  for (let i = d.dp; i < d.dp + decimals; i++) frac += i >= 0 ? d.digits[i] ?? '0' : '0';
  return decimals > 0 ? `${intPart}.${frac}` : intPart;
}

/** Go's %g: exponent form when the exponent is < -4 or >= the precision (6 for shortest). */
function general(abs: number, prec: number | undefined, e: string): string {
  const shortest = prec === undefined;
  const d = shortest ? shortestDigits(abs) : round(exact(abs), Math.max(prec, 1));
  let p = shortest ? d.digits.length : Math.max(prec, 1);
  let eprec = p;
  if (eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
  if (shortest) eprec = 6;
  const x = d.dp - 1;
  if (d.digits !== '' && (x < -4 || x >= eprec)) return fmtE(d, Math.min(p, d.digits.length) - 1, e);
  if (p > d.dp) p = d.digits.length;
  return fmtF(d, Math.max(p - d.dp, 0));
}

function shortestDigits(abs: number): Decimal {
  const [mantissa, exp] = abs.toExponential().split('e');
  return trim({ digits: mantissa.replace('.', ''), dp: Number(exp) + 1 });
}
