/**
 * Go's text for durations (time.Duration.String: `253ns`, `1.417µs`, `263.375µs`, `1.5s`,
 * `1m2.5s`) and benchmark lines (testing.BenchmarkResult.String), since `opa test` prints both
 * and users' tooling parses them.
 */

const UNITS: ReadonlyArray<[number, string]> = [
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];

export function formatGoDuration(ns: number): string {
  const n = Math.round(ns);
  if (n === 0) return '0s';
  if (n < 0) return `-${formatGoDuration(-n)}`;
  if (n < 1e9) {
    const [scale, unit] = UNITS.find(([s]) => n >= s)!;
    return `${fraction(n, scale)}${unit}`;
  }
  const totalSeconds = Math.floor(n / 1e9);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const seconds = `${fraction(n - (h * 3600 + m * 60) * 1e9, 1e9)}s`;
  if (h > 0) return `${h}h${m}m${seconds}`;
  return m > 0 ? `${m}m${seconds}` : seconds;
}

/** value/scale with the decimals Go keeps (exact, trailing zeros dropped). */
function fraction(value: number, scale: number): string {
  const whole = Math.floor(value / scale);
  const rest = value - whole * scale;
  if (rest === 0) return String(whole);
  const digits = String(scale).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

/**
 * `    2000\t        61.50 ns/op`: iterations right-aligned in 8, then ns/op as Go pretty-prints it;
 * with `memBytes` (over all iterations), `\t     312 B/op`.
 */
export function formatBenchmark(iterations: number, totalNs: number, memBytes?: number): string {
  const perOp = iterations > 0 ? totalNs / iterations : 0;
  const line = `${String(iterations).padStart(8)}\t${prettyNumber(perOp)} ns/op`;
  // Go's MemString, without its allocs/op (not counted here): bytes per op, truncated, in 8.
  return memBytes === undefined ? line : `${line}\t${String(iterations > 0 ? Math.floor(memBytes / iterations) : 0).padStart(8)} B/op`;
}

function prettyNumber(x: number): string {
  const y = Math.abs(x);
  if (y === 0 || y >= 999.95) return x.toFixed(0).padStart(10);
  if (y >= 99.995) return x.toFixed(1).padStart(12);
  if (y >= 9.9995) return x.toFixed(2).padStart(13);
  if (y >= 0.99995) return x.toFixed(3).padStart(14);
  return x.toFixed(4).padStart(15);
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

/** Go's time.ParseDuration (`5s`, `1m30s`, `250ms`, `0`) in milliseconds; undefined when malformed. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  // The micro signs escaped: one non-ASCII byte in the CLI bundle makes Node read all of it as
  // UTF-8 into a two-byte string (test/scripts/bundle.test.ts).
  const parts = [...text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/gy)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((ms, p) => ms + Number(p[1]) * DURATION_UNITS[p[2]!]!, 0);
}
