/**
 * A gzipped tar archive of regular files, as OPA's bundle writer makes one: a ustar header per
 * file (mode 0600, owner 0, mtime 0 so that the same policy always builds the same bytes), its
 * contents padded to 512-byte blocks, and two zero blocks at the end (POSIX.1-1988 ustar).
 */
import { gzipSync } from 'node:zlib';

export interface ArchiveFile {
  /** As the archive names it; at most 100 bytes, the ustar name field (no prefix split). */
  name: string;
  bytes: Uint8Array;
}

const BLOCK = 512;

export function tarGz(files: readonly ArchiveFile[]): Buffer {
  const blocks: Buffer[] = [];
  for (const file of files) {
    blocks.push(header(file.name, file.bytes.byteLength), Buffer.from(file.bytes));
    const rest = file.bytes.byteLength % BLOCK;
    if (rest !== 0) blocks.push(Buffer.alloc(BLOCK - rest));
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  return gzipSync(Buffer.concat(blocks));
}

function header(name: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.byteLength > 100) throw new Error(`tar member name over 100 bytes: ${name}`);
  nameBytes.copy(block, 0);
  octal(block, 100, 8, 0o600);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, 0);
  block.fill(0x20, 148, 156);
  block[156] = 0x30;
  block.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return block;
}

/** A numeric field: zero-padded octal digits and a NUL, filling `width` bytes. */
function octal(block: Buffer, at: number, width: number, value: number): void {
  const digits = value.toString(8);
  if (digits.length > width - 1) throw new Error(`tar field of ${width} bytes cannot hold ${value}`);
  block.write(`${digits.padStart(width - 1, '0')}\u0000`, at, 'latin1');
}
