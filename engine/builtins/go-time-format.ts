import type { Civil } from './civil-time.js';
import { MONTHS, WEEKDAYS, tokenize, type Chunk, type Element } from './go-layout.js';

/** Go's Time.Format for a broken-down time. */
export function formatTime(t: Civil, layout: string): string {
  return tokenize(layout).map((chunk) => formatChunk(t, chunk)).join('');
}

function formatChunk(t: Civil, chunk: Chunk): string {
  if ('literal' in chunk) return chunk.literal;
  if ('fraction' in chunk) return fraction(t.nanos, chunk.fraction, chunk.digits, chunk.sep);
  return formatElement(t, chunk.element);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `.000` keeps exactly n digits; `.999` trims trailing zeros and vanishes at zero. */
function fraction(nanos: number, kind: '0' | '9', digits: number, sep: string): string {
  const text = pad(nanos, 9).slice(0, digits);
  if (kind === '0') return sep + text;
  const trimmed = text.replace(/0+$/, '');
  return trimmed === '' ? '' : sep + trimmed;
}

function formatElement(t: Civil, e: Element): string {
  const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  switch (e) {
    case 'year': return t.year < 0 ? `-${pad(-t.year, 4)}` : pad(t.year, 4);
    case 'year2': return pad(((t.year % 100) + 100) % 100, 2);
    case 'month': return String(t.month);
    case 'month0': return pad(t.month, 2);
    case 'monthName': return MONTHS[t.month - 1].slice(0, 3);
    case 'monthLong': return MONTHS[t.month - 1];
    case 'day': return String(t.day);
    case 'day0': return pad(t.day, 2);
    case 'dayUnder': return String(t.day).padStart(2, ' ');
    case 'yday0': return pad(t.yday, 3);
    case 'ydayUnder': return String(t.yday).padStart(3, ' ');
    case 'weekday': return WEEKDAYS[t.weekday].slice(0, 3);
    case 'weekdayLong': return WEEKDAYS[t.weekday];
    case 'hour': return pad(t.hour, 2);
    case 'hour12': return String(hour12);
    case 'hour12z': return pad(hour12, 2);
    case 'minute': return String(t.minute);
    case 'minute0': return pad(t.minute, 2);
    case 'second': return String(t.second);
    case 'second0': return pad(t.second, 2);
    case 'PM': return t.hour >= 12 ? 'PM' : 'AM';
    case 'pm': return t.hour >= 12 ? 'pm' : 'am';
    case 'zoneName': return t.zone;
    default: return offsetText(t.offset, e);
  }
}

/** Numeric zones; the Z forms print "Z" for UTC. */
function offsetText(offset: number, e: Element): string {
  if (e.startsWith('tzZ') && offset === 0) return 'Z';
  const shape = e.slice(3);
  const abs = Math.abs(offset);
  const h = pad(Math.floor(abs / 3600), 2);
  const m = pad(Math.floor((abs % 3600) / 60), 2);
  const s = pad(abs % 60, 2);
  const sign = offset < 0 ? '-' : '+';
  switch (shape) {
    case '07': return sign + h;
    case '0700': return sign + h + m;
    case '07:00': return `${sign}${h}:${m}`;
    case '070000': return sign + h + m + s;
    default: return `${sign}${h}:${m}:${s}`;
  }
}
