// A reference model of OPA's non-integer arithmetic for randomized cross-checks, written on
// exact BigInt rationals and independently of the runtime: round to a 64-bit mantissa (half to
// even) after each operation, then print the shortest decimal that rounds back to the same
// value, in Go's big.Float %g layout (integral values in full).

export interface Rational { n: bigint; d: bigint }

const TWO63 = 1n << 63n;
const TWO64 = 1n << 64n;

const abs = (x: bigint): bigint => (x < 0n ? -x : x);
const digitCount = (x: bigint): number => abs(x).toString().length;
const pow10 = (k: number): bigint => 10n ** BigInt(k);

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a); b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

export function rat(n: bigint, d: bigint = 1n): Rational {
  if (d < 0n) { n = -n; d = -d; }
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

/** Exact value of decimal text such as -12.5e-3. */
export function parseDecimal(text: string): Rational {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new Error(`not a number: ${text}`);
  const digits = BigInt(`${m[2]}${m[3] ?? ''}` || '0');
  const exp = Number(m[4] ?? 0) - (m[3] ?? '').length;
  const n = m[1] ? -digits : digits;
  return exp >= 0 ? rat(n * pow10(exp)) : rat(n, pow10(-exp));
}

/** Nearest value with a 64-bit mantissa, ties to even. */
export function round64(x: Rational): Rational {
  if (x.n === 0n) return x;
  const a = abs(x.n);
  let k = 64 - (a.toString(2).length - x.d.toString(2).length);
  for (;;) {
    const num = k >= 0 ? a << BigInt(k) : a;
    const den = k >= 0 ? x.d : x.d << BigInt(-k);
    let q = num / den;
    if (q >= TWO64) { k--; continue; }
    if (q < TWO63) { k++; continue; }
    const r2 = 2n * (num - q * den);
    if (r2 > den || (r2 === den && (q & 1n) === 1n)) q++;
    const signed = x.n < 0n ? -q : q;
    return k >= 0 ? rat(signed, 1n << BigInt(k)) : rat(signed << BigInt(-k));
  }
}

const same = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;

/** floor(log10(|x|)) for x != 0. */
function decimalExponent(x: Rational): number {
  let p = digitCount(x.n) - digitCount(x.d);
  const a = abs(x.n);
  if (p >= 0 ? a < x.d * pow10(p) : a * pow10(-p) < x.d) p--;
  return p;
}

/** Shortest digits (no trailing zeros) and point: value = 0.digits x 10^point. */
function shortest(x: Rational): { digits: string; point: number } {
  const a = rat(abs(x.n), x.d);
  const p = decimalExponent(a);
  for (let n = 1; ; n++) {
    const s = p - n + 1; // candidate = q x 10^s
    const num = s >= 0 ? a.n : a.n * pow10(-s);
    const den = s >= 0 ? a.d * pow10(s) : a.d;
    let q = num / den;
    const r2 = 2n * (num - q * den);
    if (r2 > den || (r2 === den && (q & 1n) === 1n)) q++;
    const cand = s >= 0 ? rat(q * pow10(s)) : rat(q, pow10(-s));
    if (same(round64(cand), a)) {
      const digits = q.toString().replace(/0+$/, '');
      return { digits, point: q.toString().length + s };
    }
  }
}

export function formatWide(x: Rational): string {
  if (x.n === 0n) return '0';
  const sign = x.n < 0n ? '-' : '';
  const integral = x.d === 1n;
  if (integral && abs(x.n) < TWO64) return x.n.toString();
  const { digits, point } = shortest(x);
  const e = point - 1;
  if (integral || (e >= -4 && e < 6)) {
    if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
    if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const ae = Math.abs(e);
  return `${sign}${mant}e${e < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
}

export type WideOp = 'plus' | 'minus' | 'mul' | 'div';

export function applyOp(op: WideOp, a: Rational, b: Rational): Rational {
  switch (op) {
    case 'plus': return rat(a.n * b.d + b.n * a.d, a.d * b.d);
    case 'minus': return rat(a.n * b.d - b.n * a.d, a.d * b.d);
    case 'mul': return rat(a.n * b.n, a.d * b.d);
    case 'div': return rat(a.n * b.d, a.d * b.n);
  }
}

/** What OPA prints for `a op b` on decimal operand texts. */
export function expected(op: WideOp, a: string, b: string): string {
  return formatWide(round64(applyOp(op, round64(parseDecimal(a)), round64(parseDecimal(b)))));
}

/** Exact order of two decimal texts: -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const d = x.n * y.d - y.n * x.d;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** round, ceil and floor as OPA's topdown computes them on a decimal text. */
export function expectedRounding(fn: 'round' | 'ceil' | 'floor', a: string): string {
  const x = round64(parseDecimal(a));
  const trunc = (q: Rational): bigint => q.n / q.d; // BigInt division truncates toward zero
  if (fn === 'round') {
    const half = rat(x.n < 0n ? -1n : 1n, 2n);
    return trunc(round64(applyOp('plus', x, half))).toString();
  }
  const t = trunc(x);
  if (rat(t).n * x.d === x.n) return t.toString();
  // OPA steps away from the truncation only when it is not negative (ceil) or is (floor).
  if (fn === 'ceil') return (t < 0n ? t : t + 1n).toString();
  return (t >= 0n ? t : t - 1n).toString();
}
