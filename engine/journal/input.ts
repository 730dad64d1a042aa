/** Checks what a caller hands to `append` before it can reach the queue. */
import { canonicalMembers, NotJsonError, type Member } from './canonical.js';
import { JournalError } from './errors.js';
import { ENTRY_KINDS, WRITER_KINDS, type JournalEntryKind } from './types.js';

/** Fields the journal sets itself; a caller supplying them would be overwriting the chain (or the digests of fields too large, bound.ts). */
const RESERVED = ['seq', 'time', 'prev', 'oversized'];

/** The caller's fields, canonically encoded once here: the writer only adds its own around them. */
export function callerFields(input: unknown): Member[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new JournalError('invalid_entry', 'entry must be an object');
  const fields = input as Record<string, unknown>;
  const kind = fields.kind as JournalEntryKind;
  if (!ENTRY_KINDS.includes(kind)) throw new JournalError('invalid_entry', `unknown entry kind ${JSON.stringify(fields.kind)}`);
  if (WRITER_KINDS.includes(kind)) throw new JournalError('invalid_entry', `entries of kind ${kind} are written by the journal itself`);
  const reserved = RESERVED.find((name) => name in fields);
  if (reserved) throw new JournalError('invalid_entry', `field ${reserved} is set by the journal`);
  try {
    return canonicalMembers(fields);
  } catch (error) {
    if (error instanceof NotJsonError) throw new JournalError('invalid_entry', `entry is not JSON: ${error.message}`);
    throw error;
  }
}
