/**
 * Walks the lines of one segment and checks each link of the hash chain: sequence numbers, `prev`
 * hashes and the segment header. Only the first break in a segment is reported, because every
 * line after a break disagrees with something and listing them all would hide where it started.
 */
import type { VerifyFinding } from './types.js';
import { chainHash, GENESIS_PREV } from './hashing.js';
import { parseLine, type StoredEntry } from './entry.js';
import type { SegmentRef } from './segments.js';

export interface ChainState {
  lastSeq: number;
  lastHash: string;
  /** Where the previous line was, to report an altered line found by its successor. */
  lastAt?: { file: string; line: number };
  journalId?: string;
  /** False after a missing segment: the next link cannot be checked, only resumed from. */
  linked: boolean;
}

export function initialChain(): ChainState {
  return { lastSeq: 0, lastHash: GENESIS_PREV, linked: true };
}

interface Line {
  line: number;
  hash: string;
  entry?: StoredEntry;
  problem?: { code: VerifyFinding['code']; message: string };
  /** The next segment's first line, there only to be looked ahead at. */
  following?: true;
}

/**
 * Checks `lines` of `segment`, reporting the first break; calls `onEntry` for every parsed entry.
 * `following`: the next segment's first line, the successor of this one's last.
 */
export function checkSegment(
  state: ChainState,
  segment: SegmentRef,
  lines: Buffer[],
  report: (finding: VerifyFinding) => void,
  onEntry: (entry: StoredEntry, line: number) => void,
  following?: Buffer,
): void {
  const parsed: Line[] = lines.map((bytes, i) => parsedLine(bytes, i + 1));
  if (following) parsed.push({ ...parsedLine(following, lines.length + 1), following: true });
  const count = lines.length;
  let broken = false;
  for (let i = 0; i < count; i++) {
    const current = parsed[i]!;
    if (!broken) {
      const finding = checkLine(state, segment, parsed, i);
      if (finding) {
        report(finding);
        broken = true;
      }
    }
    advance(state, segment, current);
    if (current.entry) onEntry(current.entry, current.line);
  }
}

function parsedLine(bytes: Buffer, line: number): Line {
  const result = parseLine(bytes);
  const base = { line, hash: chainHash(bytes) };
  return 'entry' in result ? { ...base, entry: result.entry } : { ...base, problem: result };
}

function advance(state: ChainState, segment: SegmentRef, line: Line): void {
  state.lastHash = line.hash;
  if (line.entry) state.lastSeq = line.entry.seq;
  if (line.entry?.kind === 'segment-open' && state.journalId === undefined && typeof line.entry.journal === 'string') state.journalId = line.entry.journal;
  state.lastAt = { file: segment.path, line: line.line };
  state.linked = true;
}

function checkLine(state: ChainState, segment: SegmentRef, lines: Line[], i: number): VerifyFinding | undefined {
  const current = lines[i]!;
  const at = (code: VerifyFinding['code'], message: string, line = current.line, file = segment.path): VerifyFinding => ({ code, message, file, line });
  if (current.problem) return at(current.problem.code, current.problem.message);
  const entry = current.entry!;
  if (state.linked) {
    const seqProblem = checkSeq(state, entry, lines, i);
    if (seqProblem) return at(seqProblem.code, seqProblem.message);
    if (entry.prev !== state.lastHash) return prevMismatch(state, segment, lines, i);
  }
  const header = checkHeader(state, segment, entry, i === 0);
  return header === undefined ? undefined : at('segment_mismatch', header);
}

function checkSeq(state: ChainState, entry: StoredEntry, lines: Line[], i: number): { code: VerifyFinding['code']; message: string } | undefined {
  const expected = state.lastSeq + 1;
  if (entry.seq === expected) return undefined;
  if (entry.seq === state.lastSeq) return { code: 'seq_duplicate', message: `seq ${entry.seq} repeats the previous entry` };
  if (entry.seq < state.lastSeq) return { code: 'seq_order', message: `seq ${entry.seq} follows seq ${state.lastSeq}` };
  const later = lines.slice(i + 1).find((l) => !l.following && l.entry?.seq === expected);
  if (later) return { code: 'seq_order', message: `expected seq ${expected}, found ${entry.seq}; seq ${expected} is at line ${later.line} (lines reordered)` };
  return { code: 'seq_gap', message: `expected seq ${expected}, found ${entry.seq} (${entry.seq - expected} entr${entry.seq - expected === 1 ? 'y' : 'ies'} missing)` };
}

/**
 * A `prev` that disagrees says the line before or line i changed. If line i+1 (the next segment's
 * first, after the last) still records the hash of line i, line i is intact, so the altered line
 * is the one before (the previous segment's last, before the first) and the break is reported there.
 */
function prevMismatch(state: ChainState, segment: SegmentRef, lines: Line[], i: number): VerifyFinding {
  const current = lines[i]!;
  const next = lines[i + 1];
  const before = state.lastAt;
  // Across a segment boundary only when this segment is the journal's own: a segment taken from
  // another journal chains within itself too, and the break is then its first line.
  const sameSegment = before?.file === segment.path;
  const ownSegment = sameSegment || checkHeader(state, segment, current.entry!, i === 0) === undefined;
  if (before && ownSegment && next?.entry?.prev === current.hash) {
    const [altered, recorder] = sameSegment ? [`line ${before.line}`, `line ${current.line}`] : [`${before.file}:${before.line}`, `${segment.path}:${current.line}`];
    return { code: 'hash_mismatch', message: `${altered} was altered: its hash no longer matches the prev recorded by ${recorder}`, file: before.file, line: before.line };
  }
  const where = before ? `${before.file}:${before.line}` : 'the genesis value';
  return { code: 'hash_mismatch', message: `prev does not match the chain hash of ${where}`, file: segment.path, line: current.line };
}

/** Every segment starts with exactly one `segment-open` entry naming its own index and journal. */
function checkHeader(state: ChainState, segment: SegmentRef, entry: StoredEntry, first: boolean): string | undefined {
  if (first !== (entry.kind === 'segment-open')) return first ? `segment does not start with a segment-open entry` : 'segment-open entry in the middle of a segment';
  if (!first) return undefined;
  if (entry.segment !== segment.index) return `segment-open names segment ${JSON.stringify(entry.segment)}, file is segment ${segment.index}`;
  if (typeof entry.journal !== 'string' || (state.journalId !== undefined && entry.journal !== state.journalId)) return `segment-open names journal ${JSON.stringify(entry.journal)}, expected ${state.journalId}`;
  return undefined;
}
