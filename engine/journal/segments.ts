/** Segment files: naming, listing and splitting into lines. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const SEGMENT_NAME = /^segment-(\d{6,})\.jsonl$/;

export interface SegmentRef {
  index: number;
  path: string;
  checkpointPath: string;
}

export function segmentRef(dir: string, index: number): SegmentRef {
  const base = `segment-${String(index).padStart(6, '0')}`;
  return { index, path: path.join(dir, `${base}.jsonl`), checkpointPath: path.join(dir, `${base}.checkpoint`) };
}

/** Segments present in `dir`, in index order. */
export async function listSegments(dir: string): Promise<SegmentRef[]> {
  const names = await readdir(dir);
  const indexes: number[] = [];
  for (const name of names) {
    const match = SEGMENT_NAME.exec(name);
    if (match) indexes.push(Number(match[1]));
  }
  return indexes.sort((a, b) => a - b).map((index) => segmentRef(dir, index));
}

export interface SegmentLines {
  /** Complete lines, without their newline. */
  lines: Buffer[];
  /** Bytes after the last newline: a line whose write never finished. */
  torn?: { offset: number; bytes: Buffer };
}

export async function readSegment(file: string): Promise<SegmentLines> {
  return splitLines(await readFile(file));
}

export function splitLines(data: Buffer): SegmentLines {
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = data.indexOf(0x0a, start); nl >= 0; nl = data.indexOf(0x0a, start)) {
    lines.push(data.subarray(start, nl));
    start = nl + 1;
  }
  return start < data.length ? { lines, torn: { offset: start, bytes: data.subarray(start) } } : { lines };
}
