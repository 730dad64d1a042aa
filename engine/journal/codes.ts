/**
 * The stable codes `verifyJournal` reports, in one catalog. Codes are part of the public contract
 * (scripts match on them), so they are only ever added, never renamed.
 */

export type CodeCategory = 'tamper' | 'io' | 'usage' | 'warning';

/**
 * A code's category decides the exit status when it appears among the problems. `torn_line` is
 * the one code that may appear on either side: at the very end of the newest segment, after an
 * `open` head, it is what a crash leaves behind (a warning; the next open truncates and journals
 * it), anywhere else tamper. After a `closed` head it is `append_after_close`.
 */

export const VerifyCodes = {
  // One line of a segment is wrong.
  bad_json: 'tamper',
  bad_entry: 'tamper',
  non_canonical: 'tamper',
  hash_mismatch: 'tamper',
  seq_gap: 'tamper',
  seq_duplicate: 'tamper',
  seq_order: 'tamper',
  // Longer than any line a writer writes (ENTRY_MAX_BYTES): read a piece at a time, never held.
  line_too_long: 'tamper',
  // A torn line anywhere but the end of the newest segment cannot come from a crash.
  torn_line: 'tamper',
  // Segments as a whole.
  segment_missing: 'tamper',
  segment_mismatch: 'tamper',
  // A hole in the segment numbers, or a segment number outside 1..999999.
  segment_gap: 'tamper',
  segment_out_of_range: 'tamper',
  // Checkpoints and signatures.
  checkpoint_missing: 'tamper',
  checkpoint_malformed: 'tamper',
  checkpoint_mismatch: 'tamper',
  truncated: 'tamper',
  // Entries, or bytes of a torn line, after a signed `closed` head: no crash writes there.
  append_after_close: 'tamper',
  // Caller entries after an unsigned keyed `journal-open`: a keyed open signs before any append.
  checkpoint_rollback: 'tamper',
  signature_invalid: 'tamper',
  key_mismatch: 'tamper',
  // Could not look.
  io_error: 'io',
  no_journal: 'io',
  bad_key: 'usage',
  // Not proof of tampering, but not a clean bill of health either.
  unsigned_tail: 'warning',
  key_not_pinned: 'warning',
  // The newest head is `open`: entries written after it may have been cut.
  not_closed: 'warning',
  // A `recovery` entry records that an open signed lines no earlier checkpoint covered.
  recovered_tail: 'warning',
  // A writer rotated to a new segment while verify read the journal, every scan of it over.
  journal_growing: 'warning',
} as const satisfies Record<string, CodeCategory>;

export type VerifyCode = keyof typeof VerifyCodes;

export function categoryOf(code: VerifyCode): CodeCategory {
  return VerifyCodes[code];
}
