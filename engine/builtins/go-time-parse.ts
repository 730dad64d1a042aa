import { fail } from './args.js';
import { fromCivil, utcMs } from './civil-time.js';
import { MONTHS, WEEKDAYS, tokenize, type Chunk, type Element } from './go-layout.js';

/**
 * Go's time.Parse: returns nanoseconds since the epoch. Missing fields
 * default to year 0, January 1, midnight UTC; a zone abbreviation other than
 * UTC is taken as offset 0, as Go does for zones it does not know.
 */
interface Fields {
  year: number; month?: number; day?: number; yday?: number; hour: number; minute: number; second: number;
  nanos: number; offset: number; pm?: boolean;
}

export function parseTime(layout: string, value: string): bigint {
  const chunks = tokenize(layout);
  const f: Fields = { year: 0, hour: 0, minute: 0, second: 0, nanos: 0, offset: 0 };
  let rest = value;
  chunks.forEach((chunk, i) => { rest = consume(chunk, rest, f, chunks.slice(i + 1)); });
  if (rest !== '') fail(`extra text: ${rest}`);
  if (f.pm === true && f.hour < 12) f.hour += 12;
  if (f.pm === false && f.hour === 12) f.hour = 0;
  const [month, day] = f.yday === undefined ? [f.month ?? 1, f.day ?? 1] : dateOfYearDay(f, f.yday);
  if (day > daysIn(f.year, month)) fail('day out of range');
  return fromCivil(utcMs(f.year, month, day, f.hour, f.minute, f.second), f.nanos, f.offset);
}

function daysIn(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 1) - 86_400_000).getUTCDate();
}

/** Month and day of the year's yday-th day; a month or day the value also gave must agree, as in Go. */
function dateOfYearDay(f: Fields, yday: number): [number, number] {
  if (yday < 1 || yday > (daysIn(f.year, 2) === 29 ? 366 : 365)) fail('day-of-year out of range');
  const date = new Date(utcMs(f.year, 1, yday));
  const [month, day] = [date.getUTCMonth() + 1, date.getUTCDate()];
  if (f.month !== undefined && f.month !== month) fail('day-of-year does not match month');
  if (f.day !== undefined && f.day !== day) fail('day-of-year does not match day');
  return [month, day];
}

function consume(chunk: Chunk, value: string, f: Fields, after: Chunk[]): string {
  if ('literal' in chunk) return skipLiteral(value, chunk.literal);
  if ('fraction' in chunk) return fraction(value, f, chunk.fraction === '0' ? chunk.digits : undefined);
  const rest = element(chunk.element, value, f);
  // Go accepts fractional seconds after a seconds field when the layout's next element is no
  // fraction of its own, even if the layout has none at all.
  const nextElement = after.find((c) => !('literal' in c));
  if ((chunk.element === 'second' || chunk.element === 'second0') && !(nextElement !== undefined && 'fraction' in nextElement)) {
    return /^[.,]\d/.test(rest) ? fraction(rest, f, undefined) : rest;
  }
  return rest;
}

/** A space in the layout matches one or more spaces in the value. */
function skipLiteral(value: string, literal: string): string {
  let v = value;
  for (let i = 0; i < literal.length; i++) {
    if (literal[i] === ' ') {
      if (v !== '' && v[0] !== ' ') fail('expected space');
      while (literal[i + 1] === ' ') i++;
      v = v.replace(/^ +/, '');
    } else if (v[0] === literal[i]) {
      v = v.slice(1);
    } else {
      fail(`cannot parse ${value} as ${literal}`);
    }
  }
  return v;
}

/**
 * `fixed` digits for ".000" layouts; otherwise any run of digits. Go keeps
 * nanoseconds and drops the digits past them rather than refusing them.
 */
function fraction(value: string, f: Fields, fixed: number | undefined): string {
  const m = /^[.,](\d+)/.exec(value);
  if (m === null) return fixed === undefined ? value : fail('missing fractional second');
  const digits = fixed === undefined ? m[1] : m[1].slice(0, fixed);
  if (fixed !== undefined && digits.length !== fixed) fail('bad fractional second');
  f.nanos = Number(digits.slice(0, 9).padEnd(9, '0'));
  return value.slice(1 + digits.length);
}

function number(value: string, width: number | [number, number], lo: number, hi: number): [number, string] {
  const [min, max] = typeof width === 'number' ? [width, width] : width;
  const digits = new RegExp(`^\\d{${min},${max}}`).exec(value)?.[0] ?? fail(`bad number in ${value}`);
  const n = Number(digits);
  if (n < lo || n > hi) fail(`value out of range: ${n}`);
  return [n, value.slice(digits.length)];
}

function name(value: string, names: string[], length?: number): [number, string] {
  const i = names.findIndex((n) => value.slice(0, length ?? n.length).toLowerCase() === (length === undefined ? n : n.slice(0, length)).toLowerCase());
  if (i < 0) fail(`bad name in ${value}`);
  return [i, value.slice(length ?? names[i].length)];
}

function element(e: Element, value: string, f: Fields): string {
  let n: number;
  let rest: string;
  switch (e) {
    case 'year': [f.year, rest] = number(value, 4, 0, 9999); return rest;
    case 'year2': [n, rest] = number(value, 2, 0, 99); f.year = n >= 69 ? 1900 + n : 2000 + n; return rest;
    case 'month': [f.month, rest] = number(value, [1, 2], 1, 12); return rest;
    case 'month0': [f.month, rest] = number(value, 2, 1, 12); return rest;
    case 'monthName': [n, rest] = name(value, MONTHS, 3); f.month = n + 1; return rest;
    case 'monthLong': [n, rest] = name(value, MONTHS); f.month = n + 1; return rest;
    case 'day': [f.day, rest] = number(value, [1, 2], 1, 31); return rest;
    case 'day0': [f.day, rest] = number(value, 2, 1, 31); return rest;
    case 'dayUnder': [f.day, rest] = number(value.replace(/^ /, ''), [1, 2], 1, 31); return rest;
    case 'weekday': return name(value, WEEKDAYS, 3)[1];
    case 'weekdayLong': return name(value, WEEKDAYS)[1];
    case 'hour': [f.hour, rest] = number(value, [1, 2], 0, 23); return rest;
    case 'hour12': [f.hour, rest] = number(value, [1, 2], 1, 12); return rest;
    case 'hour12z': [f.hour, rest] = number(value, 2, 1, 12); return rest;
    case 'minute': [f.minute, rest] = number(value, [1, 2], 0, 59); return rest;
    case 'minute0': [f.minute, rest] = number(value, 2, 0, 59); return rest;
    case 'second': [f.second, rest] = number(value, [1, 2], 0, 59); return rest;
    case 'second0': [f.second, rest] = number(value, 2, 0, 59); return rest;
    case 'PM': case 'pm': return meridiem(value, f, e);
    case 'zoneName': return zoneName(value, f);
    case 'yday0': [f.yday, rest] = number(value, 3, 0, 999); return rest;
    case 'ydayUnder': [f.yday, rest] = number(value.replace(/^ {1,2}/, ''), [1, 3], 0, 999); return rest;
    default: return numericZone(value, f, e);
  }
}

function meridiem(value: string, f: Fields, e: 'PM' | 'pm'): string {
  const word = value.slice(0, 2);
  const [am, pm] = e === 'PM' ? ['AM', 'PM'] : ['am', 'pm'];
  if (word !== am && word !== pm) fail(`bad meridiem ${word}`);
  f.pm = word === pm;
  return value.slice(2);
}

function zoneName(value: string, f: Fields): string {
  const m = /^(UTC|GMT[+-]\d{1,2}|[A-Z]{3,5})/.exec(value) ?? fail(`bad zone in ${value}`);
  const gmt = /^GMT([+-]\d+)$/.exec(m[1]);
  f.offset = gmt === null ? 0 : Number(gmt[1]) * 3600;
  return value.slice(m[1].length);
}

const ZONE_SHAPES: Record<string, RegExp> = {
  '07': /^([+-])(\d\d)()()/, '0700': /^([+-])(\d\d)(\d\d)()/, '07:00': /^([+-])(\d\d):(\d\d)()/,
  '070000': /^([+-])(\d\d)(\d\d)(\d\d)/, '07:00:00': /^([+-])(\d\d):(\d\d):(\d\d)/,
};

function numericZone(value: string, f: Fields, e: Element): string {
  if (e.startsWith('tzZ') && value.startsWith('Z')) { f.offset = 0; return value.slice(1); }
  const m = ZONE_SHAPES[e.slice(3)].exec(value) ?? fail(`bad zone offset in ${value}`);
  const seconds = Number(m[2]) * 3600 + Number(m[3] || 0) * 60 + Number(m[4] || 0);
  f.offset = m[1] === '-' ? -seconds : seconds;
  return value.slice(m[0].length);
}
