/**
 * Reading the journal's files. Whoever can write the journal directory can put anything under a
 * segment's or checkpoint's name: a FIFO, whose open blocks until someone writes it, or a link to
 * a device such as /dev/zero, which never ends. `verify` (and the open that scans the journal
 * before resuming it) must report those, not hang on them, so only regular files are read, and
 * only the bytes they held when opened.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** The content of the regular file `file`; throws, saying why, for anything else or one larger than `maxBytes`. */
export async function readRegularFile(file: string, maxBytes = Number.MAX_SAFE_INTEGER): Promise<Buffer> {
  // Non-blocking, so that opening a FIFO returns at once; a regular file reads as usual.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`not a regular file (${kindOf(stat)})`);
    if (stat.size > maxBytes) throw new Error(`${stat.size} bytes, more than the ${maxBytes} such a file can hold`);
    const data = Buffer.alloc(stat.size);
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

function kindOf(stat: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isDirectory(): boolean }): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a directory';
  return 'not a file';
}
