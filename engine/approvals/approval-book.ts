/**
 * A running warden's view of the approvals log. Lookups happen while a message is decided, so
 * the book is read synchronously: a lookup looks at the file's size and inode (at most every
 * `recheckMs`) and reads only the lines appended since; a directory watch picks changes up
 * between messages too, so approvals are journaled when they are made, not when first used.
 *
 * A log that cannot be read or holds a line that is not a record makes the book distrust every
 * approval (each tool is quarantined again) until the log reads cleanly: skipping the bad line
 * could skip a revocation.
 */
import { mkdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { DIR_MODE } from '../journal/durable.js';
import { approvalLogFile, approvalsDir, ApprovalLogError, readLog } from './approval-log.js';
import { Approvals, type Approval } from './approvals.js';
import type { ApprovalRecord } from './record.js';

export interface ApprovalBookOptions {
  stateDir: string;
  /** A lookup re-checks the file at most this often (default 10 ms). */
  recheckMs?: number;
}

type RecordsListener = (records: readonly ApprovalRecord[]) => void;
type ErrorListener = (error: Error) => void;

interface FileMark { ino: number; size: number; mtimeMs: number }

export class ApprovalBook {
  readonly file: string;
  readonly #dir: string;
  readonly #recheckMs: number;
  readonly #records: ApprovalRecord[] = [];
  readonly #seen = new Set<string>();
  readonly #recordListeners = new Set<RecordsListener>();
  readonly #errorListeners = new Set<ErrorListener>();
  #approvals = new Approvals();
  #end = 0;
  #mark: FileMark | undefined;
  #checkedAt = -Infinity;
  #broken: Error | undefined;
  #watcher: FSWatcher | undefined;

  private constructor(options: ApprovalBookOptions) {
    this.#dir = approvalsDir(options.stateDir);
    this.file = approvalLogFile(options.stateDir);
    this.#recheckMs = options.recheckMs ?? 10;
  }

  /** Reads the whole log; throws ApprovalLogError when it cannot be trusted, so a start can be refused. */
  static open(options: ApprovalBookOptions): ApprovalBook {
    const book = new ApprovalBook(options);
    book.refresh();
    if (book.#broken) throw book.#broken;
    return book;
  }

  /** The current approval of a tool; undefined when none, or while the log cannot be trusted. */
  lookup(upstream: string, tool: string): Approval | undefined {
    if (performance.now() - this.#checkedAt >= this.#recheckMs) this.refresh();
    return this.#broken ? undefined : this.#approvals.get(upstream, tool);
  }

  /** Every record read so far, in log order. */
  records(): readonly ApprovalRecord[] {
    return this.#records;
  }

  /** Called, synchronously within the refresh that read them, with records new to this book. */
  onRecords(listener: RecordsListener): () => void {
    this.#recordListeners.add(listener);
    return () => this.#recordListeners.delete(listener);
  }

  /** Called when the log stops being trustworthy (once per failure). */
  onError(listener: ErrorListener): () => void {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  /** Looks at the file now; reads whatever was appended. */
  refresh(): void {
    this.#checkedAt = performance.now();
    let mark: FileMark | undefined;
    try {
      const stat = statSync(this.file, { throwIfNoEntry: false });
      mark = stat && { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
    } catch (error) {
      this.#fail(new ApprovalLogError(`cannot read the approvals log ${this.file}: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    if (sameMark(mark, this.#mark)) return;
    const replaced = this.#mark !== undefined && (mark === undefined || mark.ino !== this.#mark.ino || mark.size < this.#end);
    this.#mark = mark;
    try {
      this.#read(replaced || this.#broken !== undefined);
    } catch (error) {
      this.#fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Watches the directory so changes are picked up between messages as well. */
  watch(): void {
    if (this.#watcher) return;
    try {
      mkdirSync(this.#dir, { recursive: true, mode: DIR_MODE });
      this.#watcher = watch(this.#dir, { persistent: false }, () => this.refresh());
      this.#watcher.on('error', () => undefined);
    } catch {
      // Without a watch (read-only state, no inotify), lookups still see every change.
    }
  }

  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  #read(fromStart: boolean): void {
    const contents = readLog(this.file, fromStart ? 0 : this.#end);
    if (fromStart) this.#approvals = new Approvals();
    this.#broken = undefined;
    this.#end = contents.end;
    const fresh: ApprovalRecord[] = [];
    for (const record of contents.records) {
      this.#approvals.apply(record);
      if (this.#seen.has(record.id)) continue;
      this.#seen.add(record.id);
      this.#records.push(record);
      fresh.push(record);
    }
    if (fresh.length > 0) for (const listener of this.#recordListeners) listener(fresh);
  }

  #fail(error: Error): void {
    const first = this.#broken === undefined;
    this.#broken = error;
    if (first) for (const listener of this.#errorListeners) listener(error);
  }
}

function sameMark(a: FileMark | undefined, b: FileMark | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
