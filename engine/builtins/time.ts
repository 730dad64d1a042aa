import { fail, int, operandFail, str } from './args.js';
import { INT64_MAX, checkZone, civil, utcMs, zonedWallToNs, type Civil } from './civil-time.js';
import { parseDuration } from './duration.js';
import { exactInteger, writtenInteger } from './exact.js';
import { RFC3339, RFC3339_NANO, WEEKDAYS, layoutNamed } from './go-layout.js';
import { formatTime } from './go-time-format.js';
import { withExactNumbers } from './host.js';
import { parseTime } from './go-time-parse.js';
import { perEvaluation } from './per-evaluation.js';
import { RegoDecimal } from './wire.js';
import type { BuiltinTable } from './types.js';

/**
 * time.* builtins. Times are int64 nanoseconds since the epoch, optionally
 * paired with an IANA zone ([ns, "Europe/Paris"]). Results past 2^53 are
 * returned exactly (exact.ts); operands past 2^53 arrive as bigints
 * (withExactNumbers).
 */
const now = perEvaluation<bigint>();

/** The evaluation's clock, shared by time.now_ns and builtins that default to "now" (io.jwt.decode_verify). */
export const evaluationNowNs = (): bigint => now('now', () => BigInt(Date.now()) * 1_000_000n);

/** OPA's wording for a time operand of the wrong shape. */
const TIME_OPERAND = 'either number (ns) or [number (ns), string (tz)]';

const INT64_MIN = -INT64_MAX - 1n;

/** A time operand in ns; OPA words any number that is no int64 (a fraction too) as "timestamp too big". */
function nanos(v: unknown): bigint {
  const n = typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? writtenInteger(v)
    : v instanceof RegoDecimal ? decimalInteger(v.text) : undefined;
  return n === undefined || n > INT64_MAX || n < INT64_MIN ? fail('timestamp too big') : n;
}

/** A decimal's exact integer value ("1.5e18"), or undefined when it has a fraction. */
function decimalInteger(text: string): bigint | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/.exec(text);
  if (m === null) return undefined;
  const digits = `${m[2]}${m[3] ?? ''}`;
  const scale = Number(m[4] ?? 0) - (m[3] ?? '').length;
  if (scale < 0 && !/^0*$/.test(digits.slice(scale))) return undefined;
  const whole = scale < 0 ? BigInt(digits.slice(0, scale) || '0') : BigInt(digits) * 10n ** BigInt(Math.min(scale, 40));
  return m[1] === '-' ? -whole : whole;
}

const isNumber = (v: unknown): boolean => typeof v === 'number' || typeof v === 'bigint' || v instanceof RegoDecimal;

interface TimeOperand { ns: bigint; tz: string; layout?: string }

/**
 * A number, or [ns], [ns, zone] or [ns, zone, layout], as OPA's tzTime reads every
 * time operand (time.add_date's too): a missing zone is UTC, elements past the
 * third are ignored.
 */
function timeArg(v: unknown): TimeOperand {
  if (!Array.isArray(v)) return isNumber(v) ? { ns: nanos(v), tz: 'UTC' } : operandFail(1, TIME_OPERAND, v);
  if (v.length === 0) operandFail(1, TIME_OPERAND, v);
  const [ns, tz = 'UTC', layout] = v as [unknown, unknown, unknown];
  if (!isNumber(ns)) operandFail(1, 'number', ns);
  if (typeof tz !== 'string') operandFail(1, 'string', tz);
  checkZone(tz);
  if (layout !== undefined && typeof layout !== 'string') operandFail(1, 'string', layout);
  return { ns: nanos(ns), tz, layout };
}

function civilOf(v: unknown): Civil {
  const { ns, tz } = timeArg(v);
  return civil(ns, tz);
}

/** An empty layout is OPA's default as much as a missing one. */
function format(v: unknown): string {
  const { ns, tz, layout } = timeArg(v);
  return formatTime(civil(ns, tz), layout ? layoutNamed(layout) : RFC3339_NANO);
}

/** Go's AddDate in the operand's zone (UTC unless given): overflowing months and days normalise into the next unit. */
function addDate(time: unknown, years: unknown, months: unknown, days: unknown): unknown {
  const { ns, tz } = timeArg(time);
  const t = civil(ns, tz);
  const ms = utcMs(t.year + int(years), t.month + int(months), t.day + int(days), t.hour, t.minute, t.second);
  return exactInteger(zonedWallToNs(ms, t.nanos, tz));
}

/** Calendar difference [y, m, d, h, min, s] between two times, in the first one's zone. */
function diff(a: unknown, b: unknown): number[] {
  const x = timeArg(a);
  const y = timeArg(b);
  const [early, late] = x.ns <= y.ns ? [x.ns, y.ns] : [y.ns, x.ns];
  const t1 = civil(early, x.tz);
  const t2 = civil(late, x.tz);
  let [years, months, days] = [t2.year - t1.year, t2.month - t1.month, t2.day - t1.day];
  let [hours, minutes, seconds] = [t2.hour - t1.hour, t2.minute - t1.minute, t2.second - t1.second];
  if (seconds < 0) { seconds += 60; minutes--; }
  if (minutes < 0) { minutes += 60; hours--; }
  if (hours < 0) { hours += 24; days--; }
  if (days < 0) {
    days += 32 - new Date(utcMs(t1.year, t1.month, 32)).getUTCDate();
    months--;
  }
  if (months < 0) { months += 12; years--; }
  return [years, months, days, hours, minutes, seconds];
}

export const timeBuiltins: BuiltinTable = {
  'time.now_ns': () => exactInteger(evaluationNowNs()),
  'time.parse_ns': (layout, value) => exactInteger(parseTime(layoutNamed(str(layout)), str(value))),
  'time.parse_rfc3339_ns': (value) => exactInteger(parseTime(RFC3339, str(value))),
  'time.parse_duration_ns': (value) => exactInteger(parseDuration(str(value))),
  'time.date': withExactNumbers((v) => { const t = civilOf(v); return [t.year, t.month, t.day]; }),
  'time.clock': withExactNumbers((v) => { const t = civilOf(v); return [t.hour, t.minute, t.second]; }),
  'time.weekday': withExactNumbers((v) => WEEKDAYS[civilOf(v).weekday]),
  'time.add_date': withExactNumbers(addDate),
  'time.diff': withExactNumbers(diff),
  'time.format': withExactNumbers(format),
};
