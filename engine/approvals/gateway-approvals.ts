/**
 * Tool approvals as a running gateway uses them: the book its tool registries look approvals up
 * in, and the journaling of every approval record (approval-journal.ts). Opened before the
 * journal, so a log that cannot be trusted refuses the start; started once the journal is open.
 */
import { ApprovalBook } from './approval-book.js';
import { ApprovalJournal } from './approval-journal.js';
import type { Journal } from '../journal/index.js';
import type { Approval } from './approvals.js';
import type { ApprovalRecord } from './record.js';

export interface GatewayApprovalsStart {
  journal: Pick<Journal, 'append'>;
  journalDir: string;
  /** The log became unreadable: every tool is quarantined again until it is repaired. */
  onLogError: (error: Error) => void;
  /** An approval could not be journaled: the gateway must stop. */
  onJournalError: (error: Error) => void;
}

export class GatewayApprovals {
  readonly #stateDir: string;
  readonly #book: ApprovalBook;
  #journaling: ApprovalJournal | undefined;

  private constructor(stateDir: string, book: ApprovalBook) {
    this.#stateDir = stateDir;
    this.#book = book;
  }

  /** Throws ApprovalLogError when the log cannot be trusted. */
  static open(stateDir: string): GatewayApprovals {
    return new GatewayApprovals(stateDir, ApprovalBook.open({ stateDir }));
  }

  readonly lookup = (upstream: string, tool: string): Approval | undefined => this.#book.lookup(upstream, tool);

  /** Called with each batch of approvals and revocations read while the gateway runs. */
  onRecords(listener: (records: readonly ApprovalRecord[]) => void): () => void {
    return this.#book.onRecords(listener);
  }

  /** Journals the approvals this journal lacks, then watches the log for new ones. */
  async start(options: GatewayApprovalsStart): Promise<void> {
    this.#book.onError(options.onLogError);
    this.#journaling = await ApprovalJournal.start({
      book: this.#book, journal: options.journal, stateDir: this.#stateDir, journalDir: options.journalDir, onError: options.onJournalError,
    });
    this.#book.watch();
  }

  async close(): Promise<void> {
    this.#book.close();
    await this.#journaling?.close();
  }
}
