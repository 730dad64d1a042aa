/** Segment files: naming and listing (read.ts reads their lines). */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

const SEGMENT_NAME = /^segment-(\d+)\.jsonl$/;
/** Six digits in every name; a larger number is not a segment this format can have. */
export const MAX_SEGMENT_INDEX = 999_999;

export interface SegmentRef {
  index: number;
  path: string;
  checkpointPath: string;
}

export function segmentRef(dir: string, index: number): SegmentRef {
  const base = `segment-${String(index).padStart(6, '0')}`;
  return { index, path: path.join(dir, `${base}.jsonl`), checkpointPath: path.join(dir, `${base}.checkpoint`) };
}

export interface SegmentListing {
  /** Well-named segments in index order. */
  segments: SegmentRef[];
  /** Paths named like segments whose number is out of range or not written as the writer would. */
  invalid: string[];
}

/** Segment files present in `dir`. */
export async function listSegments(dir: string): Promise<SegmentListing> {
  const indexes: number[] = [];
  const invalid: string[] = [];
  for (const name of await readdir(dir)) {
    const digits = SEGMENT_NAME.exec(name)?.[1];
    if (digits === undefined) continue;
    const index = Number(digits);
    if (digits.length === 6 && index >= 1 && index <= MAX_SEGMENT_INDEX) indexes.push(index);
    else invalid.push(path.join(dir, name));
  }
  return { segments: indexes.sort((a, b) => a - b).map((index) => segmentRef(dir, index)), invalid: invalid.sort() };
}
