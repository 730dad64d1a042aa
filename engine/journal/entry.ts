/**
 * Reading one journal line back: is it JSON, canonical, and does it carry the fields every entry
 * must have? Shared by the writer (resuming) and the verifier so both judge lines identically.
 */
import { canonicalJson } from './canonical.js';
import type { VerifyCode } from './codes.js';
import { ENTRY_KINDS, type JournalEntryKind } from './types.js';

export interface StoredEntry {
  seq: number;
  time: string;
  kind: JournalEntryKind;
  prev: string;
  [field: string]: unknown;
}

export type ParsedLine = { entry: StoredEntry } | { code: VerifyCode; message: string };

export function parseLine(bytes: Buffer): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    return { code: 'bad_json', message: `not JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { code: 'bad_entry', message: 'entry is not a JSON object' };
  // Compared as bytes so invalid UTF-8, which decodes to U+FFFD, cannot pass as canonical.
  if (!Buffer.from(canonicalJson(value), 'utf8').equals(bytes)) return { code: 'non_canonical', message: 'line is not the RFC 8785 canonical encoding of its JSON' };
  const reason = missingFieldReason(value as Record<string, unknown>);
  if (reason) return { code: 'bad_entry', message: reason };
  return { entry: value as StoredEntry };
}

function missingFieldReason(e: Record<string, unknown>): string | undefined {
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 1) return 'seq must be a positive integer';
  if (typeof e.time !== 'string') return 'time must be a string';
  if (!ENTRY_KINDS.includes(e.kind as JournalEntryKind)) return `unknown kind ${JSON.stringify(e.kind)}`;
  if (typeof e.prev !== 'string' || !/^[0-9a-f]{64}$/.test(e.prev)) return 'prev must be 64 lowercase hex digits';
  return undefined;
}
