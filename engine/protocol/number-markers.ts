/**
 * Marker strings: a number JavaScript cannot hold, carried as a string no peer can write (it
 * carries a random nonce of this process) until JSON text is written, where it becomes the number
 * again. exact-integers.ts marks a payload's long integers this way; a request id past 2^53 is
 * carried as one (exact-ids.ts), so it keys the pending requests and goes back to its sender
 * with every digit.
 */
import { randomBytes } from 'node:crypto';

const NONCE = randomBytes(12).toString('hex');
const PREFIX = `${NONCE}:`;
// Plain characters: an escape in every marker would send JSON.parse and the canonicaliser down their slow paths.
const SWAPPED = new RegExp(`"${NONCE}:([-+.0-9eE]+)"`, 'g');

/** A string that stands for the number `literal` until unmarkNumbers writes it back as that number. */
export function numberMarker(literal: string): string {
  return `${PREFIX}${literal}`;
}

/** Whether `value` is a marker string (numberMarker). */
export function isNumberMarker(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** The number literal a marker stands for. */
export function markedLiteral(marker: string): string {
  return marker.slice(PREFIX.length);
}

/** JSON `text` with each marker string written as the number it stands for. */
export function unmarkNumbers(text: string): string {
  return text.replace(SWAPPED, '$1');
}

/**
 * An id as the journal keeps it: one carried as a marker, as the string of its digits, since a
 * canonical JSON number is a double (as `time.ns` is kept); any other id as it is.
 */
export function journaledId<T>(id: T): T | string {
  return isNumberMarker(id) ? markedLiteral(id) : id;
}
