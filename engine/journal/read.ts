/**
 * Reading the journal's files. Whoever can write the journal directory can put anything under a
 * segment's or checkpoint's name: a FIFO, whose open blocks until someone writes it, or a link to
 * a device such as /dev/zero, which never ends. `verify` (and the open that scans the journal
 * before resuming it) must report those, not hang on them, so only regular files are read, and
 * only the bytes they held when opened.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createHash } from 'node:crypto';

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
 * Calls `onLine` with each complete line of the regular file `file` (without its newline), in
 * order, up to the size the file had when opened; `onLine` returning false stops the reading.
 * A line is valid only during its call: the caller hashes or parses it, and copies what it keeps.
 */
export async function readLines(file: string, onLine: (line: Buffer) => boolean | void): Promise<LinesRead> {
  const { handle, size } = await openRegularFile(file);
  try {
    let position = 0;
    let lines = 0;
    let lineStart = 0;
    let pieces: Buffer[] = [];
    while (position < size) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - position));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      const data = chunk.subarray(0, bytesRead);
      let start = 0;
      for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, start)) {
        const line = pieces.length === 0 ? data.subarray(start, nl) : Buffer.concat([...pieces, data.subarray(start, nl)]);
        pieces = [];
        lines++;
        start = nl + 1;
        lineStart = position + start;
        if (onLine(line) === false) return { lines, bytes: lineStart };
      }
      if (start < data.length) pieces.push(data.subarray(start));
      position += bytesRead;
    }
    return pieces.length === 0 ? { lines, bytes: lineStart } : { lines, bytes: lineStart, torn: tornTail(lineStart, pieces) };
  } finally {
    await handle.close();
  }
}

/** The first complete line of the regular file `file`, if it has one. */
export async function readFirstLine(file: string): Promise<Buffer | undefined> {
  let first: Buffer | undefined;
  await readLines(file, (line) => {
    first = line;
    return false;
  });
  return first;
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
