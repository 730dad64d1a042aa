/**
 * The single writer. Appends go into a queue; one drain loop at a time takes everything queued,
 * writes it with one write and one fdatasync (group commit), then resolves those appends. Any
 * failed write, fsync or checkpoint is fatal: the journal rejects every append from then on, so
 * the caller denies instead of acting unjournaled. Nothing is retried, because a retry after a
 * failed fsync may report success for data the kernel already dropped.
 *
 * With `batched` durability the appends resolve after the write and the fdatasync follows within
 * `syncWithinMs` (one for everything written meanwhile). The appends of one turn of the event loop
 * are then written together in place at its end (`runTurn`), without the drain's promises; only
 * a rotation or a checkpoint, which wait for the disk, go through the drain. The file is synced before any checkpoint
 * is signed over its lines, before a rotation closes it, and at shutdown, so a signed checkpoint
 * never covers lines that are not on disk.
 */
import { fstatSync, writeSync } from 'node:fs';
import { open, truncate, type FileHandle } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import type { AppendResult, Durability, InputRecording, Journal, JournalEntryInput } from './types.js';
import { canonicalMembers, joinMembers, type Member } from './canonical.js';
import { checkpointText, originFor, type CheckpointState } from './checkpoint.js';
import { commit, type CommitmentKey } from './commitment.js';
import { FILE_MODE, syncDir, writeFileAtomic } from './durable.js';
import { JournalError } from './errors.js';
import { chainHash, leafHash } from './hashing.js';
import { boundedFields } from './bound.js';
import { callerFields } from './input.js';
import type { HeldLock } from './lock.js';
import type { MerkleFrontier } from './merkle.js';
import { signNote } from './note.js';
import type { UnfinishedRotation } from './resume.js';
import { announcedBy, segmentHeader } from './header.js';
import { segmentRef, type SegmentRef } from './segments.js';

/** The longest the first caller entries after an open wait for a signature. */
const FIRST_CHECKPOINT_MS = 1000;

/** The ISO 8601 text of the current millisecond, formatted once however many entries share it. */
let isoMs = -1;
let isoText = '';
function isoNow(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}

export interface WriterConfig {
  dir: string;
  journalId: string;
  signingKey?: KeyObject;
  checkpointEvery: number;
  checkpointSeconds: number;
  segmentMaxBytes: number;
  durability: Durability;
  syncWithinMs: number;
  commitment: CommitmentKey;
  lock: HeldLock;
  recordInputs?: InputRecording;
  maxEntryBytes: number;
}

/** Where the journal stands; advanced by each accepted line. */
export interface WriterPosition {
  seq: number;
  lastHash: string;
  frontier: MerkleFrontier;
  segment: SegmentRef;
  file: FileHandle;
  segmentBytes: number;
  segmentLines: number;
  /** Lines not yet covered by a signed checkpoint. */
  unsigned: number;
  /** Whether the current segment has a signed head yet. */
  segmentSigned: boolean;
  /** The signing key the journal last announced (verifier key), which each new segment's header repeats. */
  announcedKey?: string;
}

/** What an open of an existing journal does besides writing its opening entries. */
export interface ResumeActions {
  /** The newest segment's head covers every line: it is re-signed `open` before anything follows it. */
  resignHead: boolean;
  /** A rotation a crash cut short: its `rotated` head is signed once the newest segment has a checkpoint. */
  rotation?: UnfinishedRotation;
  /** The newest segment ends in a torn line starting here: cut off right before the opening entries are written. */
  cutAt?: number;
}

/** Told once: the entry's place once it counts as written, or why it never will be. */
export type AppendAnswer = (error: Error | undefined, result?: AppendResult) => void;

/** One entry's line: its text without the newline, which is what the hashes cover, and its length in bytes with it. */
interface Line {
  text: string;
  bytes: number;
}

interface Pending {
  fields: Member[];
  answer: AppendAnswer;
  /** The verifier key this entry announces (the journal's own `journal-open` and `key-rotate`). */
  announces?: string;
}

export class JournalWriter implements Journal {
  readonly dir: string;
  readonly recordInputs?: InputRecording;
  private readonly origin: string;
  private queue: Pending[] = [];
  private draining?: Promise<void>;
  private failure?: JournalError;
  private closing?: Promise<void>;
  private checkpointDue = false;
  private timer?: NodeJS.Timeout;
  /** Signs soon after the first caller entry, so a crash early on leaves little unsigned. */
  private firstTimer?: NodeJS.Timeout;
  private firstArmed = false;
  /** batched: a deferred fdatasync is scheduled or running for lines already acknowledged. */
  private syncTimer?: NodeJS.Timeout;
  private syncing?: Promise<void>;
  /** batched: appends of this turn wait for `runTurn`, queued as a microtask. */
  private turnScheduled = false;

  constructor(
    private readonly config: WriterConfig,
    private readonly pos: WriterPosition,
  ) {
    this.dir = config.dir;
    if (config.recordInputs) this.recordInputs = { ...config.recordInputs };
    this.origin = originFor(config.journalId);
  }

  /**
   * Writes the journal's own opening entries and signs a checkpoint over all of them. A resumed
   * journal whose head is signed is first re-signed as `open`, so entries after a `closed` head
   * are never legitimately written. Lines no checkpoint covers are not: their `recovery` entry,
   * among `initial`, must be on disk before any signature covers them. A rotation a crash cut
   * short is finished last, once the newest segment has its checkpoint.
   */
  async start(initial: Record<string, unknown>[], resume: ResumeActions = { resignHead: false }): Promise<void> {
    try {
      if (resume.resignHead) await this.checkpoint('open');
      if (resume.cutAt !== undefined) await truncate(this.pos.segment.path, resume.cutAt);
    } catch (err) {
      this.fail(err, []);
    }
    await Promise.all(initial.map((fields) => this.appendInternal(canonicalMembers(fields), announcedBy(fields)))).catch(() => undefined);
    this.checkpointDue = true;
    this.kick();
    await this.settled();
    const rotation = resume.rotation;
    if (rotation && !this.failure) await this.writeCheckpoint(rotation.segment, rotation.size, rotation.root, 'rotated').catch((err: unknown) => this.fail(err, []));
    if (this.failure) throw this.failure;
    if (this.config.signingKey) {
      this.timer = setInterval(() => this.checkpointIfUnsigned(), this.config.checkpointSeconds * 1000);
      this.timer.unref();
    }
  }

  append(input: JournalEntryInput): Promise<AppendResult> {
    return new Promise((resolve, reject) => this.appendThen(input, (error, result) => (error ? reject(error) : resolve(result!))));
  }

  /** `append` without a promise; `answered` is always called later, never from within this call. */
  appendThen(input: JournalEntryInput, answered: AppendAnswer): void {
    let fields: Member[];
    try {
      fields = boundedFields(callerFields(input), this.config.maxEntryBytes);
    } catch (err) {
      queueMicrotask(() => answered(err as Error));
      return;
    }
    this.armFirstCheckpoint();
    this.enqueue(fields, answered);
  }

  commitment(payload: unknown): string {
    return commit(this.config.commitment, payload);
  }

  /** Resolves once everything is flushed and the final `closed` checkpoint is signed; rejects if the journal failed. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private appendInternal(fields: Member[], announces: string | undefined): Promise<AppendResult> {
    return new Promise((resolve, reject) => this.enqueue(fields, (error, result) => (error ? reject(error) : resolve(result!)), announces));
  }

  private enqueue(fields: Member[], answer: AppendAnswer, announces?: string): void {
    const refusal = this.failure ?? (this.closing ? new JournalError('journal_closed', 'journal is closed') : undefined);
    if (refusal) {
      queueMicrotask(() => answer(refusal));
      return;
    }
    this.queue.push({ fields, answer, ...(announces === undefined ? {} : { announces }) });
    this.schedule();
  }

  private schedule(): void {
    if (this.config.durability !== 'batched') return this.kick();
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    queueMicrotask(() => this.runTurn());
  }

  /**
   * batched: writes what this turn appended in one write and acknowledges it. A segment that
   * would overflow leaves the rest to the drain, which rotates first; so does a due checkpoint.
   */
  private runTurn(): void {
    if (!this.turnScheduled) return;
    this.turnScheduled = false;
    if (this.draining || this.failure || this.checkpointDue) return this.kick();
    const batch = this.queue.splice(0);
    const lines: Line[] = [];
    const done: Array<[Pending, AppendResult]> = [];
    let bytes = 0;
    try {
      for (const [i, pending] of batch.entries()) {
        const line = this.encode(pending.fields);
        if (this.overflows(lines.length, bytes + line.bytes)) {
          this.queue.unshift(...batch.slice(i));
          break;
        }
        done.push([pending, this.accept(line, pending.announces)]);
        lines.push(line);
        bytes += line.bytes;
      }
      if (lines.length > 0) {
        this.writeInPlace(lines);
        this.deferSync();
      }
    } catch (err) {
      this.fail(err, batch);
      return;
    }
    for (const [pending, result] of done) answer(pending, undefined, result);
    if (this.pos.unsigned >= this.config.checkpointEvery) this.checkpointDue = true;
    if (this.queue.length > 0 || this.checkpointDue) this.kick();
  }

  private armFirstCheckpoint(): void {
    if (this.firstArmed || !this.config.signingKey) return;
    this.firstArmed = true;
    this.firstTimer = setTimeout(() => this.checkpointIfUnsigned(), Math.min(FIRST_CHECKPOINT_MS, this.config.checkpointSeconds * 1000));
    this.firstTimer.unref();
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.firstTimer);
    await this.settled();
    await this.flushDeferred().catch((err: unknown) => this.fail(err, []));
    if (!this.failure && this.config.signingKey) {
      try {
        await this.checkpoint('closed');
      } catch (err) {
        this.fail(err, []);
      }
    }
    await this.pos.file.close().catch(() => undefined);
    await this.config.lock.release();
    if (this.failure) throw this.failure;
  }

  private async settled(): Promise<void> {
    this.runTurn();
    while (this.draining) await this.draining;
  }

  private kick(): void {
    if (this.draining || this.failure) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.queue.length > 0 || this.checkpointDue) this.kick();
    });
  }

  private async drain(): Promise<void> {
    let batch: Pending[] = [];
    try {
      while (!this.failure && (this.queue.length > 0 || this.checkpointDue)) {
        batch = this.queue.splice(0);
        await this.writeBatch(batch);
        if (this.checkpointDue || this.pos.unsigned >= this.config.checkpointEvery) await this.checkpoint('open');
      }
    } catch (err) {
      this.fail(err, batch);
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    let lines: Line[] = [];
    let done: Array<[Pending, AppendResult]> = [];
    let pendingBytes = 0;
    for (const pending of batch) {
      let line = this.encode(pending.fields);
      if (this.overflows(lines.length, pendingBytes + line.bytes)) {
        await this.commitLines(lines, done);
        [lines, done, pendingBytes] = [[], [], 0];
        await this.rotate();
        line = this.encode(pending.fields);
      }
      done.push([pending, this.accept(line, pending.announces)]);
      lines.push(line);
      pendingBytes += line.bytes;
    }
    await this.commitLines(lines, done);
  }

  /**
   * Whether `bytes` more, on top of `lines` lines not yet written, would overflow the segment. A
   * segment always takes at least one entry after its header, so an oversized entry cannot rotate forever.
   */
  private overflows(lines: number, bytes: number): boolean {
    return this.pos.segmentLines + lines > 1 && this.pos.segmentBytes + bytes > this.config.segmentMaxBytes;
  }

  /** The caller's members were encoded at append; only the writer's own three are added here. */
  private encode(fields: Member[]): Line {
    const own: Member[] = [
      ['prev', `"prev":"${this.pos.lastHash}"`],
      ['seq', `"seq":${this.pos.seq + 1}`],
      ['time', `"time":"${isoNow()}"`],
    ];
    const text = joinMembers(fields, own);
    return { text, bytes: Buffer.byteLength(text, 'utf8') + 1 };
  }

  /** Advances seq, chain and tree past `line`; durability follows in `commitLines`. */
  private accept(line: Line, announces?: string): AppendResult {
    if (announces !== undefined) this.pos.announcedKey = announces;
    this.pos.seq++;
    this.pos.lastHash = chainHash(line.text);
    this.pos.frontier.push(leafHash(line.text));
    this.pos.unsigned++;
    return { seq: this.pos.seq, hash: this.pos.lastHash };
  }

  private async commitLines(lines: Line[], done: Array<[Pending, AppendResult]>): Promise<void> {
    if (lines.length === 0) return;
    this.writeInPlace(lines);
    if (this.config.durability === 'strict') await this.pos.file.datasync();
    else this.deferSync();
    for (const [pending, result] of done) answer(pending, undefined, result);
  }

  /**
   * A write of a batch into the page cache takes microseconds: done in place, it saves a trip
   * through the thread pool per batch. Only the fdatasync, which waits for the device, goes there.
   *
   * A write into a segment somebody deleted (the journal directory removed under a running warden)
   * succeeds and lands nowhere anyone can read: the segment's link count tells, before the batch
   * is acknowledged, so nothing is acted on that no journal holds.
   *
   * The segment's size must be what this writer wrote: more means another process appends to it
   * (a second warden whose lock check could not see this one, from another PID namespace or
   * machine), whose lines and ours would interleave and break the chain. Checked before the write,
   * so the first writer to notice stops without adding to the mess, and after it, for a write that
   * raced ours; either way nothing of this batch is acknowledged.
   */
  private writeInPlace(lines: Line[]): void {
    let text = '';
    for (const line of lines) text += `${line.text}\n`;
    const data = Buffer.from(text, 'utf8');
    const fd = this.pos.file.fd;
    this.checkSegmentSize(this.pos.segmentBytes);
    for (let offset = 0; offset < data.length; ) offset += writeSync(fd, data, offset, data.length - offset);
    this.checkSegmentSize(this.pos.segmentBytes + data.length);
    this.pos.segmentBytes += data.length;
    this.pos.segmentLines += lines.length;
  }

  private checkSegmentSize(expected: number): void {
    const stat = fstatSync(this.pos.file.fd);
    const segment = this.pos.segment.path;
    if (stat.nlink === 0) throw new JournalError('journal_failed', `the journal segment ${segment} was deleted`);
    if (stat.size !== expected) {
      throw new JournalError('journal_failed', `the journal segment ${segment} holds ${stat.size} bytes where this writer wrote ${expected}: another process writes it (two wardens on one journal directory?)`);
    }
  }

  /**
   * The new segment, its header and its first head are on disk before the old segment's final
   * `rotated` head is signed. A `rotated` head thus proves that the next segment had a checkpoint,
   * so deleting that checkpoint cannot pass for a crash, while a crash before it leaves the old
   * head `open`, which nobody without the key can restore once it is `rotated` (FORMAT.md, Crashes).
   */
  private async rotate(): Promise<void> {
    // An open's own entries can fill a segment before its first head: only the newest segment may lack one.
    if (this.config.signingKey && !this.pos.segmentSigned) await this.checkpoint('open');
    const old = this.pos.segment;
    const head = { size: this.pos.frontier.size, root: this.pos.frontier.root() };
    await this.flushDeferred();
    await this.pos.file.close();
    const next = segmentRef(this.dir, old.index + 1);
    this.pos.file = await open(next.path, 'ax', FILE_MODE);
    await syncDir(this.dir);
    Object.assign(this.pos, { segment: next, segmentBytes: 0, segmentLines: 0, segmentSigned: false });
    const header = this.encode(canonicalMembers(segmentHeader(this.config.journalId, next.index, this.pos)));
    this.accept(header);
    await this.commitLines([header], []);
    // Signed before any caller entry lands here: a segment without a checkpoint then holds only its header.
    await this.checkpoint('open');
    if (this.config.signingKey) await this.writeCheckpoint(old, head.size, head.root, 'rotated');
    this.checkpointDue = true;
  }

  private async checkpoint(state: CheckpointState): Promise<void> {
    this.checkpointDue = false;
    if (!this.config.signingKey) return;
    await this.flushDeferred();
    await this.writeCheckpoint(this.pos.segment, this.pos.frontier.size, this.pos.frontier.root(), state);
    this.pos.unsigned = 0;
  }

  private async writeCheckpoint(segment: SegmentRef, size: number, root: Buffer, state: CheckpointState): Promise<void> {
    const note = signNote(checkpointText({ origin: this.origin, size, root, state }), this.origin, this.config.signingKey!);
    await writeFileAtomic(segment.checkpointPath, note, this.dir);
    if (segment === this.pos.segment) this.pos.segmentSigned = true;
  }

  private checkpointIfUnsigned(): void {
    if (this.pos.unsigned === 0 || this.failure || this.closing) return;
    this.checkpointDue = true;
    this.kick();
  }

  /** batched: one fdatasync for everything written in the next `syncWithinMs`. */
  private deferSync(): void {
    if (this.syncTimer || this.failure) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      this.syncing = this.runSync();
    }, this.config.syncWithinMs);
  }

  private async runSync(): Promise<void> {
    try {
      await this.pos.file.datasync();
    } catch (err) {
      // Entries were acknowledged on the promise of this sync: nothing more may be acknowledged.
      this.fail(err, []);
    } finally {
      this.syncing = undefined;
    }
  }

  /** Makes every acknowledged line durable now; throws if that fails. */
  private async flushDeferred(): Promise<void> {
    if (this.syncTimer) {
      clearTimeout(this.syncTimer);
      this.syncTimer = undefined;
      this.syncing = this.runSync();
    }
    await this.syncing;
    if (this.failure) throw this.failure;
  }

  private fail(err: unknown, batch: Pending[]): void {
    this.failure ??= new JournalError('journal_failed', `journal write failed; refusing all further entries: ${(err as Error).message}`, { cause: err });
    // A set: an overflowing turn puts part of its batch back in the queue, and each is answered once.
    for (const pending of new Set([...batch, ...this.queue.splice(0)])) answer(pending, this.failure);
    clearInterval(this.timer);
    clearTimeout(this.firstTimer);
    clearTimeout(this.syncTimer);
    this.pos.file.close().catch(() => undefined);
  }
}

/** One caller's fault must not keep the others of its batch from being answered: it surfaces on its own. */
function answer(pending: Pending, error: Error | undefined, result?: AppendResult): void {
  try {
    pending.answer(error, result);
  } catch (thrown) {
    queueMicrotask(() => {
      throw thrown;
    });
  }
}
