/**
 * The approvals log: `<state>/approvals/approvals.jsonl`, one record per line, only ever appended.
 * Several warden processes share it (the `warden tools` commands write, every running gateway
 * reads), so writing follows one protocol:
 *
 * - a writer holds `approvals.lock` (created with O_EXCL, holding its pid; a lock whose process is
 *   gone is taken over) while it reads the log and appends, so its read-then-append sees a settled
 *   log;
 * - a writer first cuts a torn last line (a writer that crashed mid-write), then appends all its
 *   lines with one O_APPEND write(2) and fdatasync, so even two writers that both believed they
 *   held the lock could not lose or interleave each other's lines;
 * - readers never lock: they read up to the last newline, and what follows it is a line still
 *   being written.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open, chmod } from 'node:fs/promises';
import path from 'node:path';
import { DIR_MODE, FILE_MODE, syncDir } from '../journal/durable.js';
import { createLockFile, isStale, lockContent, lockState, releaseLock, removeStaleLock } from '../journal/lock.js';
import { fileKind } from '../journal/read.js';
import { ApprovalRecordError, parseRecord, serializeRecord, type ApprovalRecord } from './record.js';

export const APPROVALS_DIR = 'approvals';
const LOG_NAME = 'approvals.jsonl';
const LOCK_NAME = 'approvals.lock';
const NEWLINE = 0x0a;

/** The log cannot be used; the message names the file, and the line when one is bad. */
export class ApprovalLogError extends Error {
  override readonly name = 'ApprovalLogError';
}

export function approvalsDir(stateDir: string): string {
  return path.join(stateDir, APPROVALS_DIR);
}

export function approvalLogFile(stateDir: string): string {
  return path.join(approvalsDir(stateDir), LOG_NAME);
}

export interface LockOptions {
  /** Give up waiting for another writer after this long (default 10 s). */
  timeoutMs?: number;
}

/**
 * Runs `change` with the lock held: it gets the records logged so far and returns the records to
 * append (possibly none). Resolves with what was appended.
 */
export async function appendWithLock(
  stateDir: string,
  change: (logged: readonly ApprovalRecord[]) => ApprovalRecord[],
  options: LockOptions = {},
): Promise<ApprovalRecord[]> {
  const dir = approvalsDir(stateDir);
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  await chmod(dir, DIR_MODE);
  const lock = await acquireLock(dir, options.timeoutMs ?? 10_000);
  try {
    const file = approvalLogFile(stateDir);
    const logged = readLog(file).records;
    const records = change(logged);
    // A line every reader refuses would distrust the whole log: check each before writing any.
    const lines = records.map((r) => serializeRecord(parseRecord(serializeRecord(r))));
    if (lines.length > 0) await appendLines(file, dir, lines.map((line) => `${line}\n`).join(''));
    return records;
  } finally {
    await releaseLock(lock);
  }
}

export interface LogContents {
  records: ApprovalRecord[];
  /** Bytes read: up to and including the last newline. */
  end: number;
}

/** The log is read this much at a time, so a reader holds a chunk and the records, whatever the file's size. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Every complete record from byte `start` on; throws ApprovalLogError on a line that is not one.
 * Only a regular file is read, and only the bytes it held when opened: whoever can write the
 * state directory could put a FIFO there, whose (synchronous) open would stop the warden, or a
 * link to a device that never ends.
 */
export function readLog(file: string, start = 0): LogContents {
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO returns at once; a regular file reads as usual.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], end: 0 };
    throw new ApprovalLogError(`cannot read the approvals log ${file}: ${messageOf(error)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new ApprovalLogError(`cannot read the approvals log ${file}: not a regular file (${fileKind(stat)})`);
    if (stat.size < start) throw new ApprovalLogError(`the approvals log ${file} shrank; it is append-only`);
    return readLines(fd, file, start, stat.size);
  } finally {
    closeSync(fd);
  }
}

/** Complete lines of `fd` from `start` up to `size`, parsed a chunk at a time. */
function readLines(fd: number, file: string, start: number, size: number): LogContents {
  const records: ApprovalRecord[] = [];
  let end = start;
  // The start of a line not yet complete: pieces of the chunks read since its last newline.
  let pieces: Buffer[] = [];
  for (let position = start; position < size;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - position));
    const n = readSync(fd, chunk, 0, chunk.length, position);
    if (n === 0) break;
    const bytes = chunk.subarray(0, n);
    const last = bytes.lastIndexOf(NEWLINE);
    position += n;
    if (last < 0) {
      pieces.push(bytes);
      continue;
    }
    parseLines(file, Buffer.concat([...pieces, bytes.subarray(0, last)]), start, records);
    pieces = [bytes.subarray(last + 1)];
    end = position - (n - last - 1);
  }
  return { records, end };
}

function parseLines(file: string, bytes: Buffer, start: number, records: ApprovalRecord[]): void {
  for (const line of bytes.toString('utf8').split('\n')) {
    try {
      records.push(parseRecord(line));
    } catch (error) {
      if (!(error instanceof ApprovalRecordError)) throw error;
      const where = start === 0 ? `line ${records.length + 1}` : `a line after byte ${start}`;
      throw new ApprovalLogError(
        `${file}: ${where} is not an approval record (${error.message}); every approval is distrusted until the log is repaired`,
      );
    }
  }
}

/** One write of whole lines, after cutting any torn tail a crashed writer left. */
async function appendLines(file: string, dir: string, text: string): Promise<void> {
  const handle = await open(file, 'a+', FILE_MODE);
  let created = false;
  try {
    const { size } = await handle.stat();
    created = size === 0;
    if (size > 0) await cutTornTail(handle, size);
    const bytes = Buffer.from(text, 'utf8');
    const { bytesWritten } = await handle.write(bytes);
    if (bytesWritten !== bytes.length) throw new ApprovalLogError(`short write to ${file} (${bytesWritten} of ${bytes.length} bytes)`);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  if (created) await syncDir(dir);
}

async function cutTornTail(handle: Awaited<ReturnType<typeof open>>, size: number): Promise<void> {
  const tail = Buffer.alloc(Math.min(size, 64 * 1024));
  let end = size;
  while (end > 0) {
    const from = Math.max(0, end - tail.length);
    const { bytesRead } = await handle.read(tail, 0, end - from, from);
    const at = tail.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (at >= 0) {
      if (from + at + 1 !== size) await handle.truncate(from + at + 1);
      return;
    }
    end = from;
  }
  await handle.truncate(0);
}

async function acquireLock(dir: string, timeoutMs: number): Promise<string> {
  const file = path.join(dir, LOCK_NAME);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await createLockFile(file, lockContent())) return file;
    } catch (error) {
      throw new ApprovalLogError(`cannot lock ${file}: ${messageOf(error)}`);
    }
    // Only a holder certainly gone is taken over: a pid this process can judge, or a lock from
    // another PID namespace or machine left untouched for a minute (held for an append, it never is).
    const held = await lockState(file);
    if (isStale(held)) {
      await removeStaleLock(file, held.pid);
      continue;
    }
    if (Date.now() >= deadline) throw new ApprovalLogError(`the approvals log is locked by process ${held.pid || 'unknown'}${held.foreign ? ' in another PID namespace or on another machine' : ''} (${file}); try again`);
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
