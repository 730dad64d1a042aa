/**
 * Reading the journal's files. Whoever can write the journal directory can put anything under a
 * segment's or checkpoint's name: a FIFO, whose open blocks until someone writes it, or a link to
 * a device such as /dev/zero, which never ends. `verify` (and the open that scans the journal
 * before resuming it) must report those, not hang on them, so only regular files are read, and
 * only the bytes they held when opened.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createHash, type Hash } from 'node:crypto';

/** The content of the regular file `file`; throws, saying why, for anything else or one larger than `maxBytes`. */
export async function readRegularFile(file: string, maxBytes = Number.MAX_SAFE_INTEGER): Promise<Buffer> {
  const { handle, size } = await openRegularFile(file);
  try {
    if (size > maxBytes) throw new Error(`${size} bytes, more than the ${maxBytes} such a file can hold`);
    const data = Buffer.alloc(size);
    let filled = 0;
    while (filled < data.length) {
      const { bytesRead } = await handle.read(data, filled, data.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return data.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** What `readLines` read: complete lines, where the last of them ends, and a last line without newline. */
export interface LinesRead {
  lines: number;
  /** Offset just past the last complete line's newline. */
  bytes: number;
  /** Bytes after the last newline (a line whose write never finished), by their place, length and SHA-256. */
  torn?: { offset: number; length: number; sha256: string };
}

/**
 * A segment is read a chunk at a time, so what a reader holds is a chunk and the line being
 * read, however large the file: auditors verify months of journals on modest machines.
 */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * A line longer than a reader will hold (bound.ts: longer than any line a writer writes): its
 * bytes are handed over piece by piece instead, as they are read, and `end` is told its length
 * once its newline is found. A torn tail that long is reported as torn, and `end` is not called.
 */
export interface LongLine {
  update(piece: Buffer): void;
  end(length: number): void;
}

export interface LineLimit {
  /** Lines up to this many bytes (without the newline) go to `onLine` whole. */
  maxBytes: number;
  /** A longer line, the `line`th of the file: where its bytes go. */
  onLongLine(line: number): LongLine;
}

/** What a long line is to a reader that only counts it. */
export const SKIP_LONG_LINES = (maxBytes: number): LineLimit => ({ maxBytes, onLongLine: () => ({ update: () => undefined, end: () => undefined }) });

/**
 * Calls `onLine` with each complete line of the regular file `file` (without its newline), in
 * order, up to the size the file had when opened; `onLine` returning false stops the reading.
 * A line is valid only during its call: the caller hashes or parses it, and copies what it keeps.
 * A line longer than `limit.maxBytes` is never held: it goes to `limit.onLongLine` a piece at a time.
 */
export async function readLines(file: string, onLine: (line: Buffer) => boolean | void, limit: LineLimit): Promise<LinesRead> {
  const { handle, size } = await openRegularFile(file);
  try {
    const state = new LineSplitter(onLine, limit);
    let position = 0;
    while (position < size) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - position));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      if (!state.take(chunk.subarray(0, bytesRead), position)) return { lines: state.lines, bytes: state.lineStart };
      position += bytesRead;
    }
    return state.finish();
  } finally {
    await handle.close();
  }
}

/** Splits chunks into lines; holds at most the start of one line up to the limit. */
class LineSplitter {
  lines = 0;
  lineStart = 0;
  private pieces: Buffer[] = [];
  private held = 0;
  private long?: { sink: LongLine; length: number; torn: Hash };

  constructor(
    private readonly onLine: (line: Buffer) => boolean | void,
    private readonly limit: LineLimit,
  ) {}

  /** False once `onLine` asked to stop. */
  take(data: Buffer, position: number): boolean {
    let start = 0;
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, start)) {
      const more = this.endLine(data.subarray(start, nl));
      start = nl + 1;
      this.lineStart = position + start;
      if (!more) return false;
    }
    if (start < data.length) this.add(data.subarray(start));
    return true;
  }

  finish(): LinesRead {
    const { lines, lineStart: bytes } = this;
    if (this.long) return { lines, bytes, torn: { offset: bytes, length: this.long.length, sha256: this.long.torn.digest('hex') } };
    return this.pieces.length === 0 ? { lines, bytes } : { lines, bytes, torn: tornTail(bytes, this.pieces) };
  }

  private endLine(last: Buffer): boolean {
    if (this.long || this.held + last.length > this.limit.maxBytes) {
      this.add(last);
      this.lines++;
      const { sink, length } = this.long!;
      this.long = undefined;
      sink.end(length);
      return true;
    }
    this.lines++;
    const line = this.pieces.length === 0 ? last : Buffer.concat([...this.pieces, last]);
    this.pieces = [];
    this.held = 0;
    return this.onLine(line) !== false;
  }

  /** Bytes of the line being read; past the limit, they go to its long-line sink instead of being held. */
  private add(piece: Buffer): void {
    if (!this.long && this.held + piece.length <= this.limit.maxBytes) {
      // A chunk is reused by nothing, so a piece of it can be kept as it is.
      this.pieces.push(piece);
      this.held += piece.length;
      return;
    }
    if (!this.long) {
      this.long = { sink: this.limit.onLongLine(this.lines + 1), length: 0, torn: createHash('sha256') };
      for (const held of this.pieces) this.feed(held);
      this.pieces = [];
      this.held = 0;
    }
    this.feed(piece);
  }

  private feed(piece: Buffer): void {
    const long = this.long!;
    long.sink.update(piece);
    long.torn.update(piece);
    long.length += piece.length;
  }
}

/** The first complete line of the regular file `file`, if it has one no longer than `maxBytes`. */
export async function readFirstLine(file: string, maxBytes: number): Promise<Buffer | undefined> {
  let first: Buffer | undefined;
  await readLines(file, (line) => {
    first = line;
    return false;
  }, SKIP_LONG_LINES(maxBytes));
  return first;
}

/**
 * The last line of the regular file `file`, read from its end, if the file ends with a newline
 * and that line is no longer than `maxBytes`; the cost does not grow with the file.
 */
export async function readLastLine(file: string, maxBytes: number): Promise<Buffer | undefined> {
  const { handle, size } = await openRegularFile(file);
  try {
    const want = Math.min(size, maxBytes + 2);
    const tail = Buffer.alloc(want);
    let filled = 0;
    while (filled < want) {
      const { bytesRead } = await handle.read(tail, filled, want - filled, size - want + filled);
      if (bytesRead === 0) return undefined;
      filled += bytesRead;
    }
    if (want === 0 || tail[want - 1] !== 0x0a) return undefined;
    const start = want < 2 ? 0 : tail.lastIndexOf(0x0a, want - 2) + 1;
    if ((start === 0 && want < size) || want - 1 - start > maxBytes) return undefined;
    return tail.subarray(start, want - 1);
  } finally {
    await handle.close();
  }
}

function tornTail(offset: number, pieces: Buffer[]): NonNullable<LinesRead['torn']> {
  const hash = createHash('sha256');
  let length = 0;
  for (const piece of pieces) {
    hash.update(piece);
    length += piece.length;
  }
  return { offset, length, sha256: hash.digest('hex') };
}

async function openRegularFile(file: string): Promise<{ handle: FileHandle; size: number }> {
  // Non-blocking, so that opening a FIFO returns at once; a regular file reads as usual.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`not a regular file (${fileKind(stat)})`);
    return { handle, size: stat.size };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** What a path that is not a regular file is, for messages refusing to read it. */
export function fileKind(stat: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isDirectory(): boolean }): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a directory';
  return 'not a file';
}
