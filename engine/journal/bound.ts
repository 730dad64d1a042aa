/**
 * The bound on one journal line. A message can be as large as `max_message_bytes` (up to 1 GiB),
 * and fields of its decision entry grow with it (a listing's visible tools, a policy's reasons, a
 * recorded input up to `input_max_bytes`); unbounded, one entry would make a line that `verify`,
 * the next open and `replay` must each hold whole. So no line is longer than `ENTRY_MAX_BYTES`:
 * a caller entry that would be has its largest fields replaced, largest first, by what they were
 * (`oversized: {field: {bytes, sha256}}`, the SHA-256 of the field's canonical JSON) until it fits.
 * The decision itself (`allow`, its ids) stays: the entry is written, never dropped.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, canonicalMembers, type Member } from './canonical.js';
import { JournalError } from './errors.js';

/** Bytes of a line without its newline: the largest recorded input (16 MiB) and as much again for the rest. */
export const ENTRY_MAX_BYTES = 32 * 1024 * 1024;

/** What the writer adds to a caller's members (prev, seq, time), with room to spare. */
const OWN_BYTES = 160;

interface Digest { bytes: number; sha256: string }

/** `fields` (canonical, in order) as they fit a line of `maxBytes`; throws when no digest of fields makes them fit. */
export function boundedFields(fields: Member[], maxBytes: number): Member[] {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most entries are shown to fit without encoding them.
  if (textLength(fields) * 3 + OWN_BYTES <= maxBytes) return fields;
  const budget = maxBytes - OWN_BYTES;
  if (lineBytes(fields) <= budget) return fields;
  const kept = new Map(fields);
  const oversized: Record<string, Digest> = {};
  const largest = fields.filter(([key]) => key !== 'kind').sort((a, b) => b[1].length - a[1].length);
  for (const [key, text] of largest) {
    const value = text.slice(canonicalJson(key).length + 1);
    oversized[key] = { bytes: Buffer.byteLength(value, 'utf8'), sha256: createHash('sha256').update(value, 'utf8').digest('hex') };
    kept.delete(key);
    const bounded = [...kept, ...canonicalMembers({ oversized })].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (lineBytes(bounded) <= budget) return bounded;
  }
  throw new JournalError('invalid_entry', `entry has too many fields to fit ${maxBytes} bytes even with each replaced by its digest`);
}

function textLength(fields: readonly Member[]): number {
  let units = 2 + fields.length;
  for (const [, text] of fields) units += text.length;
  return units;
}

function lineBytes(fields: readonly Member[]): number {
  let bytes = 2 + fields.length;
  for (const [, text] of fields) bytes += Buffer.byteLength(text, 'utf8');
  return bytes;
}
