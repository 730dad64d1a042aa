import { fail } from './args.js';

/** Go's time.ParseDuration, in nanoseconds: "1h30m", "-1.5s", "300ms", "2µs". */
const UNITS: Record<string, bigint> = {
  ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: 1_000_000_000n,
  m: 60_000_000_000n, h: 3_600_000_000_000n,
};

const COMPONENT = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
const INT64_MAX = 2n ** 63n - 1n;

export function parseDuration(text: string): bigint {
  const negative = text.startsWith('-');
  let rest = text.replace(/^[-+]/, '');
  if (rest === '0') return 0n;
  if (rest === '') fail(`invalid duration ${text}`);
  let total = 0n;
  while (rest !== '') {
    const m = COMPONENT.exec(rest);
    if (m === null || (m[1] === '' && (m[2] ?? '') === '')) fail(`invalid duration ${text}`);
    const unit = UNITS[m[3]] ?? fail(`unknown unit ${m[3]} in duration ${text}`);
    total += BigInt(m[1] || '0') * unit + fractionNs(m[2] ?? '', unit);
    rest = rest.slice(m[0].length);
  }
  if (total > INT64_MAX + (negative ? 1n : 0n)) fail(`invalid duration ${text}`);
  return negative ? -total : total;
}

/** Go computes the fractional part in float64 and truncates; so does this. */
function fractionNs(digits: string, unit: bigint): bigint {
  if (digits === '') return 0n;
  return BigInt(Math.trunc(Number(digits) * (Number(unit) / 10 ** digits.length)));
}
