/**
 * Puts every approval and revocation into a running warden's signed journal. The `warden tools`
 * commands cannot write the journal (the running warden holds its lock), so they append to the
 * approvals log and the gateway journals each record when it reads it: at start for the records
 * this journal has not seen yet, then as they arrive. Entries are enqueued synchronously within
 * the read, so a decision that used an approval comes after the entry recording it.
 *
 * Which records a journal holds is remembered in a small cursor file per journal directory
 * (`<state>/approvals/journaled/`), written after the entries are acknowledged: a crash in
 * between journals a record twice (same `record` id), never not at all.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { readRegularFile } from '../journal/read.js';
import path from 'node:path';
import { DIR_MODE, writeFileAtomic } from '../journal/durable.js';
import type { Journal } from '../journal/index.js';
import { DebouncedWriter } from '../session/debounced-writer.js';
import type { ApprovalBook } from './approval-book.js';
import { approvalsDir } from './approval-log.js';
import type { ApprovalRecord } from './record.js';

export interface ApprovalJournalOptions {
  book: ApprovalBook;
  journal: Pick<Journal, 'append'>;
  stateDir: string;
  /** The journal's directory: names its cursor. */
  journalDir: string;
  /** An entry or the cursor could not be written. */
  onError: (error: Error) => void;
}

interface Cursor { journal: string; count: number; last: string | null }

/** The journal entry for one record; `backlog` marks records made while no warden journaled them. */
export function approvalEntry(record: ApprovalRecord, backlog: boolean): { kind: 'approval'; [field: string]: unknown } {
  return {
    kind: 'approval', op: record.op, upstream: record.upstream, tool: record.tool, hash: record.hash,
    by: record.by, at: record.at, record: record.id, ...(backlog ? { backlog: true } : {}),
  };
}

export class ApprovalJournal {
  readonly #options: ApprovalJournalOptions;
  readonly #cursorFile: string;
  readonly #writer: DebouncedWriter;
  #acked = 0;
  readonly #inFlight = new Set<Promise<void>>();
  #unsubscribe: (() => void) | undefined;

  private constructor(options: ApprovalJournalOptions) {
    this.#options = options;
    this.#cursorFile = cursorFileFor(options.stateDir, options.journalDir);
    this.#writer = new DebouncedWriter({
      write: () => this.#writeCursor(),
      delayMs: 50,
      onError: (error) => options.onError(new Error(`cannot write the approvals cursor ${this.#cursorFile}: ${messageOf(error)}`)),
    });
  }

  /** Journals the backlog (resolves once it is acknowledged), then every record as it is read. */
  static async start(options: ApprovalJournalOptions): Promise<ApprovalJournal> {
    const self = new ApprovalJournal(options);
    const cursor = await readCursor(self.#cursorFile);
    const records = options.book.records();
    const done = cursor && cursor.count <= records.length && (cursor.count === 0 || records[cursor.count - 1]!.id === cursor.last)
      ? cursor.count
      : 0;
    self.#acked = done;
    self.#unsubscribe = options.book.onRecords((fresh) => self.#track(self.#append(fresh, false)));
    await self.#append(records.slice(done), true);
    await self.#writer.flush();
    return self;
  }

  /** Stops following the log; resolves once what was read is journaled and the cursor written. */
  async close(): Promise<void> {
    this.#unsubscribe?.();
    await Promise.all(this.#inFlight);
    await this.#writer.flush();
  }

  #track(appending: Promise<void>): void {
    this.#inFlight.add(appending);
    void appending.finally(() => this.#inFlight.delete(appending));
  }

  /** Enqueues every entry before the first await, so they precede whatever is decided next. */
  async #append(records: readonly ApprovalRecord[], backlog: boolean): Promise<void> {
    if (records.length === 0) return;
    const all = this.#options.book.records();
    const pending = records.map((record) => this.#options.journal.append(approvalEntry(record, backlog)));
    try {
      await Promise.all(pending);
    } catch (error) {
      this.#options.onError(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const last = all.lastIndexOf(records[records.length - 1]!);
    this.#acked = Math.max(this.#acked, last + 1);
    this.#writer.schedule();
  }

  async #writeCursor(): Promise<void> {
    const records = this.#options.book.records();
    const cursor: Cursor = { journal: path.resolve(this.#options.journalDir), count: this.#acked, last: records[this.#acked - 1]?.id ?? null };
    const dir = path.dirname(this.#cursorFile);
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    await writeFileAtomic(this.#cursorFile, `${JSON.stringify(cursor)}\n`, dir);
  }
}

export function cursorFileFor(stateDir: string, journalDir: string): string {
  const digest = createHash('sha256').update(path.resolve(journalDir), 'utf8').digest('hex').slice(0, 32);
  return path.join(approvalsDir(stateDir), 'journaled', `${digest}.json`);
}

/** A cursor is a few dozen bytes: anything far larger is not one. */
const CURSOR_MAX_BYTES = 64 * 1024;

/** A missing or unreadable cursor (a FIFO or a device in its place included) journals everything again: duplicates, not gaps. */
async function readCursor(file: string): Promise<Cursor | undefined> {
  try {
    const value = JSON.parse((await readRegularFile(file, CURSOR_MAX_BYTES)).toString('utf8')) as Partial<Cursor>;
    if (typeof value.count !== 'number' || !Number.isSafeInteger(value.count) || value.count < 0) return undefined;
    return { journal: String(value.journal), count: value.count, last: typeof value.last === 'string' ? value.last : null };
  } catch {
    return undefined;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
