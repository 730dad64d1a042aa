/** Errors the journal throws carry a stable code so callers can tell a usage error from a failed journal. */

export type JournalErrorCode =
  | 'journal_failed' // a write or fsync failed earlier; the journal refuses everything since
  | 'journal_closed'
  | 'journal_corrupt' // the existing journal did not validate on open
  | 'journal_locked' // another writer holds the journal
  | 'checkpoint_invalid' // on open: the newest checkpoint is not validly signed by the journal's key
  | 'checkpoint_missing' // on open: the newest checkpoint is gone and what it covered is not what a crash leaves
  | 'invalid_entry'
  | 'invalid_option'
  | 'signing_key_required';

export class JournalError extends Error {
  readonly code: JournalErrorCode;
  constructor(code: JournalErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JournalError';
    this.code = code;
  }
}
