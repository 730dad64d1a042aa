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

/** A forward jump in `seq`: a reorder if the expected seq turns up later in the segment, else a gap. */
interface SeqJump {
  expected: number;
  at: Line;
  laterLine?: number;
}

/**
 * Checks one segment's lines as they are read, reporting the first break; calls `onEntry` for
 * every parsed entry, in order. A line is judged once its successor is known (an altered line is
 * found by the `prev` its successor records), so at most two lines are held, whatever the
 * segment's size. `end` takes the next segment's first line, the successor of this one's last.
 */
export class SegmentCheck {
  private pending?: Line;
  private count = 0;
  private broken = false;
  private jump?: SeqJump;

  constructor(
    private readonly state: ChainState,
    private readonly segment: SegmentRef,
    private readonly report: (finding: VerifyFinding) => void,
    private readonly onEntry: (entry: StoredEntry, line: number) => void,
    /** Lines before this one were checked otherwise (resume-newest.ts: a signed head covers them). */
    firstLine = 1,
  ) {
    this.count = firstLine - 1;
  }

  line(bytes: Buffer): void {
    this.add(parsedLine(bytes, ++this.count));
  }

  /** A line longer than any a writer writes, read without being held: only its chain hash is known. */
  longLine(hash: string, bytes: number, maxBytes: number): void {
    this.add({ line: ++this.count, hash, problem: { code: 'line_too_long', message: `line of ${bytes} bytes, longer than any entry a writer writes (${maxBytes}): not read as an entry` } });
  }

  private add(current: Line): void {
    this.noteLater(current);
    if (this.pending) this.settle(this.pending, current);
    this.pending = current;
  }

  end(following?: Buffer): void {
    if (this.pending) this.settle(this.pending, following ? { ...parsedLine(following, this.count + 1), following: true } : undefined);
    this.pending = undefined;
    if (this.jump) this.report(jumpFinding(this.segment, this.jump));
    this.jump = undefined;
  }

  private settle(current: Line, next: Line | undefined): void {
    if (!this.broken) {
      const finding = checkLine(this.state, this.segment, current, next);
      if (finding) {
        this.broken = true;
        // Whether the expected seq comes later is known only at the segment's end; nothing else
        // is reported from this segment meanwhile, so the finding keeps its place in the report.
        if ('expected' in finding) this.jump = finding;
        else this.report(finding);
        if (next) this.noteLater(next);
      }
    }
    advance(this.state, this.segment, current);
    if (current.entry) this.onEntry(current.entry, current.line);
  }

  private noteLater(line: Line): void {
    const jump = this.jump;
    if (jump && jump.laterLine === undefined && !line.following && line.line > jump.at.line && line.entry?.seq === jump.expected) jump.laterLine = line.line;
  }
}

function jumpFinding(segment: SegmentRef, jump: SeqJump): VerifyFinding {
  const found = jump.at.entry!.seq;
  const message = jump.laterLine !== undefined
    ? `expected seq ${jump.expected}, found ${found}; seq ${jump.expected} is at line ${jump.laterLine} (lines reordered)`
    : `expected seq ${jump.expected}, found ${found} (${found - jump.expected} entr${found - jump.expected === 1 ? 'y' : 'ies'} missing)`;
  return { code: jump.laterLine !== undefined ? 'seq_order' : 'seq_gap', message, file: segment.path, line: jump.at.line };
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

function checkLine(state: ChainState, segment: SegmentRef, current: Line, next: Line | undefined): VerifyFinding | SeqJump | undefined {
  const at = (code: VerifyFinding['code'], message: string, line = current.line, file = segment.path): VerifyFinding => ({ code, message, file, line });
  if (current.problem) return at(current.problem.code, current.problem.message);
  const entry = current.entry!;
  if (state.linked) {
    const seqProblem = checkSeq(state, entry, current);
    if (seqProblem && 'expected' in seqProblem) return seqProblem;
    if (seqProblem) return at(seqProblem.code, seqProblem.message);
    if (entry.prev !== state.lastHash) return prevMismatch(state, segment, current, next);
  }
  const header = checkHeader(state, segment, entry, current.line === 1);
  return header === undefined ? undefined : at('segment_mismatch', header);
}

function checkSeq(state: ChainState, entry: StoredEntry, current: Line): { code: VerifyFinding['code']; message: string } | SeqJump | undefined {
  const expected = state.lastSeq + 1;
  if (entry.seq === expected) return undefined;
  if (entry.seq === state.lastSeq) return { code: 'seq_duplicate', message: `seq ${entry.seq} repeats the previous entry` };
  if (entry.seq < state.lastSeq) return { code: 'seq_order', message: `seq ${entry.seq} follows seq ${state.lastSeq}` };
  return { expected, at: current };
}

/**
 * A `prev` that disagrees says the line before or line i changed. If line i+1 (the next segment's
 * first, after the last) still records the hash of line i, line i is intact, so the altered line
 * is the one before (the previous segment's last, before the first) and the break is reported there.
 */
function prevMismatch(state: ChainState, segment: SegmentRef, current: Line, next: Line | undefined): VerifyFinding {
  const before = state.lastAt;
  // Across a segment boundary only when this segment is the journal's own: a segment taken from
  // another journal chains within itself too, and the break is then its first line.
  const sameSegment = before?.file === segment.path;
  const ownSegment = sameSegment || checkHeader(state, segment, current.entry!, current.line === 1) === undefined;
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
