import { fail } from './args.js';
import { isTzdataZone, tzdataAbbreviation } from './zone-abbreviation.js';

/**
 * Instants as nanoseconds since the epoch (bigint, since int64 nanoseconds
 * exceed 2^53), their calendar fields in a zone, and zone offsets from the
 * IANA database via Intl (abbreviations: zone-abbreviation.ts). OPA only handles times that
 * fit in int64 ns.
 */
export interface Civil {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
  nanos: number; weekday: number; yday: number; offset: number;
  /** The zone abbreviation; computed on first use, since only time.format needs it. */
  readonly zone: string;
}

const NS_PER_MS = 1_000_000n;
const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

export function checkRange(ns: bigint): bigint {
  return ns < INT64_MIN || ns > INT64_MAX ? fail('time outside of valid range') : ns;
}

/** Whole ms and the nanoseconds left over (always 0..999999). */
function splitMs(ns: bigint): [number, number] {
  let ms = ns / NS_PER_MS;
  let rest = ns % NS_PER_MS;
  if (rest < 0n) { rest += NS_PER_MS; ms -= 1n; }
  return [Number(ms), Number(rest)];
}

export function civil(ns: bigint, tz: string): Civil {
  const [ms, restNs] = splitMs(ns);
  const offset = zoneOffset(tz, ms);
  const d = new Date(ms + offset * 1000);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
    nanos: d.getUTCMilliseconds() * 1_000_000 + restNs, weekday: d.getUTCDay(),
    yday: Math.round((utcMs(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) - utcMs(d.getUTCFullYear(), 1, 1)) / 86_400_000) + 1,
    offset, get zone() { return zoneAbbreviation(tz, ms, offset); },
  };
}

/** Date.UTC maps years 0..99 to 1900s; setUTCFullYear does not. */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

export function fromCivil(ms: number, nanos: number, offsetSeconds: number): bigint {
  return checkRange((BigInt(ms) - BigInt(offsetSeconds) * 1000n) * NS_PER_MS + BigInt(nanos));
}

/**
 * A zone name as Go's time.LoadLocation takes it, with its error texts: "", "UTC" and
 * "Local", or a tz database name spelt exactly (Intl would also take "america/new_york").
 * A name the generated table lacks passes when Intl knows it by that very spelling.
 */
export function checkZone(tz: string): string {
  if (tz === '' || tz === 'UTC' || tz === 'Local' || isTzdataZone(tz)) return tz;
  if (tz.includes('..') || tz.startsWith('/') || tz.startsWith('\\')) fail('time: invalid location name');
  return intlZone(tz) === tz ? tz : fail(`unknown time zone ${tz}`);
}

function intlZone(tz: string): string | undefined {
  try {
    return formatter(tz).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * The instant a wall-clock time (ms as if UTC) names in a zone, as Go's time.Date picks it:
 * the offset in force at the wall time read as UTC, unless the instant that gives lies
 * outside that offset's span, then the offset in force at that instant. That settles wall
 * times a DST change skips or repeats as Go does (01:30 EST for a skipped 02:30 in New York).
 */
export function zonedWallToNs(wallMs: number, nanos: number, tz: string): bigint {
  const guess = zoneOffset(tz, wallMs);
  return fromCivil(wallMs, nanos, guess === 0 ? 0 : zoneOffset(tz, wallMs - guess * 1000));
}

/** Offset east of UTC in seconds; "" and "UTC" are UTC, "Local" is the host's zone. */
export function zoneOffset(tz: string, ms: number): number {
  if (tz === '' || tz === 'UTC') return 0;
  if (tz === 'Local') return -new Date(ms).getTimezoneOffset() * 60;
  const parts = formatter(tz).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const era = parts.find((p) => p.type === 'era')?.value === 'BC' ? -1 : 1;
  const wall = utcMs(era === 1 ? get('year') : 1 - get('year'), get('month'), get('day'), get('hour') % 24, get('minute'), get('second'));
  return Math.round((wall - (ms - (((ms % 1000) + 1000) % 1000))) / 1000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/**
 * Go prints the zone's tz database abbreviation. A zone the table lacks (one added to the
 * database since it was generated, say) gets the numeric form the database now gives new zones.
 */
function zoneAbbreviation(tz: string, ms: number, offset: number): string {
  if (tz === '' || tz === 'UTC') return 'UTC';
  const zone = tz === 'Local' ? new Intl.DateTimeFormat().resolvedOptions().timeZone : tz;
  return tzdataAbbreviation(zone, Math.floor(ms / 1000), offset) ?? numericAbbreviation(offset);
}

/** "+09", "-03", "+0530": how the tz database names a zone's time that has no letters. */
function numericAbbreviation(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const hours = Math.floor(Math.abs(offset) / 3600);
  const minutes = Math.floor((Math.abs(offset) % 3600) / 60);
  return `${sign}${String(hours).padStart(2, '0')}${minutes === 0 ? '' : String(minutes).padStart(2, '0')}`;
}
