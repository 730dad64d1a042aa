/**
 * Go time layouts ("2006-01-02T15:04:05Z07:00"): a layout is literal text
 * interleaved with elements of the reference time. Shared by time.format and
 * time.parse_ns, which also take the layout names OPA knows (e.g. "RFC3339").
 */
export type Element =
  | 'year' | 'year2' | 'month' | 'month0' | 'monthName' | 'monthLong' | 'day' | 'day0' | 'dayUnder'
  | 'yday0' | 'ydayUnder' | 'weekday' | 'weekdayLong' | 'hour' | 'hour12' | 'hour12z' | 'minute' | 'minute0'
  | 'second' | 'second0' | 'PM' | 'pm' | 'zoneName'
  | 'tzZ07:00' | 'tzZ0700' | 'tzZ07' | 'tzZ07:00:00' | 'tzZ070000'
  | 'tz-07:00' | 'tz-0700' | 'tz-07' | 'tz-07:00:00' | 'tz-070000';

export type Chunk = { literal: string } | { element: Element } | { fraction: '0' | '9'; digits: number; sep: string };

/**
 * The layout names OPA looks up (acceptedTimeFormats in its topdown/time.go).
 * Go has more constants (Kitchen, DateTime, Stamp...), but OPA does not know
 * those names: such a string is itself a layout, mostly literal text.
 */
const NAMED_LAYOUTS = new Map<string, string>([
  ['ANSIC', 'Mon Jan _2 15:04:05 2006'],
  ['UnixDate', 'Mon Jan _2 15:04:05 MST 2006'],
  ['RubyDate', 'Mon Jan 02 15:04:05 -0700 2006'],
  ['RFC822', '02 Jan 06 15:04 MST'],
  ['RFC822Z', '02 Jan 06 15:04 -0700'],
  ['RFC850', 'Monday, 02-Jan-06 15:04:05 MST'],
  ['RFC1123', 'Mon, 02 Jan 2006 15:04:05 MST'],
  ['RFC1123Z', 'Mon, 02 Jan 2006 15:04:05 -0700'],
  ['RFC3339', '2006-01-02T15:04:05Z07:00'],
  ['RFC3339Nano', '2006-01-02T15:04:05.999999999Z07:00'],
]);

export const RFC3339 = NAMED_LAYOUTS.get('RFC3339')!;
export const RFC3339_NANO = NAMED_LAYOUTS.get('RFC3339Nano')!;

/** The layout a time.format or time.parse_ns layout operand stands for. */
export function layoutNamed(layout: string): string {
  return NAMED_LAYOUTS.get(layout) ?? layout;
}

/** Longest first, so "2006" wins over "2" and "Z07:00:00" over "Z07". */
const ELEMENTS: Array<[string, Element]> = ([
  ['January', 'monthLong'], ['Jan', 'monthName'], ['Monday', 'weekdayLong'], ['Mon', 'weekday'], ['MST', 'zoneName'],
  ['2006', 'year'], ['06', 'year2'], ['002', 'yday0'], ['__2', 'ydayUnder'], ['01', 'month0'], ['02', 'day0'],
  ['_2', 'dayUnder'], ['03', 'hour12z'], ['04', 'minute0'], ['05', 'second0'], ['15', 'hour'], ['1', 'month'],
  ['2', 'day'], ['3', 'hour12'], ['4', 'minute'], ['5', 'second'], ['PM', 'PM'], ['pm', 'pm'],
  ['Z07:00:00', 'tzZ07:00:00'], ['Z070000', 'tzZ070000'], ['Z07:00', 'tzZ07:00'], ['Z0700', 'tzZ0700'], ['Z07', 'tzZ07'],
  ['-07:00:00', 'tz-07:00:00'], ['-070000', 'tz-070000'], ['-07:00', 'tz-07:00'], ['-0700', 'tz-0700'], ['-07', 'tz-07'],
] as Array<[string, Element]>).sort((a, b) => b[0].length - a[0].length);

export function tokenize(source: string): Chunk[] {
  const chunks: Chunk[] = [];
  let literal = '';
  for (let i = 0; i < source.length;) {
    const chunk = elementAt(source, i);
    if (chunk === undefined) {
      literal += source[i++];
      continue;
    }
    if (literal !== '') chunks.push({ literal });
    literal = '';
    chunks.push(chunk.chunk);
    i += chunk.length;
  }
  if (literal !== '') chunks.push({ literal });
  return chunks;
}

function elementAt(s: string, i: number): { chunk: Chunk; length: number } | undefined {
  const fraction = /^[.,](0+|9+)(?!\d)/.exec(s.slice(i));
  if (fraction !== null) {
    return { chunk: { fraction: fraction[1][0] as '0' | '9', digits: fraction[1].length, sep: s[i] }, length: fraction[0].length };
  }
  if (s.startsWith('_2006', i)) return undefined; // Go: a literal '_' before the year
  const hit = ELEMENTS.find(([text]) => s.startsWith(text, i));
  if (hit === undefined) return undefined;
  // Go reads "Jan"/"Mon" only when not followed by a lowercase letter ("Janet" is literal).
  if ((hit[0] === 'Jan' || hit[0] === 'Mon') && /[a-z]/.test(s[i + 3] ?? '')) return undefined;
  return { chunk: { element: hit[1] }, length: hit[0].length };
}

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
