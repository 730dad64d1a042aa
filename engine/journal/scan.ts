/**
 * Reads a whole journal directory and judges it: segment numbering, the hash chain, the Merkle
 * tree and what each checkpoint claims about it. Signatures are not checked here (that needs a
 * trusted key, see verify.ts); the writer runs the same scan before it resumes a journal.
 */
import path from 'node:path';
import type { VerifyFinding } from './types.js';
import type { VerifyCode } from './codes.js';
import { initialChain, SegmentCheck, type ChainState } from './chain.js';
import { originFor, parseCheckpointText, type CheckpointBody } from './checkpoint.js';
import type { StoredEntry } from './entry.js';
import { ENTRY_MAX_BYTES } from './bound.js';
import { emptyTreeHash, leafHash, lineHashers } from './hashing.js';
import { MerkleFrontier } from './merkle.js';
import { parseNote, type ParsedNote } from './note.js';
import { readFirstLine, readLines, readRegularFile, type LinesRead } from './read.js';
import { listSegments, segmentRef, type SegmentRef } from './segments.js';
import { WRITER_KINDS } from './types.js';
import { pathReason } from '../system-errors.js';

/** A signed checkpoint is a few hundred bytes; a larger file is not read whole. */
const CHECKPOINT_MAX_BYTES = 64 * 1024;

export interface ScannedCheckpoint {
  segment: SegmentRef;
  body: CheckpointBody;
  note: ParsedNote;
}

/**
 * A key the journal announced: `journal-open.key` or both sides of a `key-rotate`; for an open
 * that reads only the newest segment, also the key its header says was announced before it.
 */
export interface KeyEvent {
  seq: number;
  segment: number;
  kind: 'journal-open' | 'key-rotate' | 'segment-open';
  key?: string;
  from?: string;
}

export interface Span {
  segment: SegmentRef;
  firstLeaf: number;
  count: number;
  /** The tree head over every line up to this segment's last: what its `rotated` checkpoint signs. */
  root: Buffer;
}

export interface ScanResult {
  problems: VerifyFinding[];
  warnings: VerifyFinding[];
  segments: SegmentRef[];
  entries: number;
  chain: ChainState;
  frontier: MerkleFrontier;
  checkpoints: ScannedCheckpoint[];
  keyEvents: KeyEvent[];
  /** Where each segment's lines sit among all leaves (1-based). */
  spans: Span[];
  /** `recovery` entries by which an open signed lines no checkpoint had covered. */
  recoveries: StoredEntry[];
  /** Seqs of the `journal-open` entries that announce a signing key. */
  keyedOpens: number[];
  /** Seq of the newest entry a caller wrote (anything but the journal's own kinds). */
  lastCallerSeq: number;
  /**
   * The first segment read after one that is missing or unreadable: from it on, leaf numbers are
   * not the tree's, so its checkpoints and later ones cannot be checked against the entries.
   */
  leavesLostBefore?: number;
  /**
   * Size of the newest segment up to its last complete line, how many lines that is, and how many
   * of them a caller wrote (anything but the journal's own kinds).
   */
  lastSegment?: { ref: SegmentRef; bytes: number; lines: number; callerEntries: number };
  torn?: { segment: SegmentRef; line: number; offset: number; length: number; sha256: string };
}

export interface ScanOptions {
  /** A key is pinned: every segment must then carry a checkpoint, announced key or not. */
  pinned: boolean;
}

export async function scanJournal(dir: string, options: ScanOptions): Promise<ScanResult> {
  const result: ScanResult = { problems: [], warnings: [], segments: [], entries: 0, chain: initialChain(), frontier: new MerkleFrontier(), checkpoints: [], keyEvents: [], spans: [], recoveries: [], keyedOpens: [], lastCallerSeq: 0 };
  const problem = (code: VerifyCode, message: string, file: string, line: number) => result.problems.push({ code, message, file, line });
  try {
    const listing = await listSegments(dir);
    result.segments = listing.segments;
    for (const file of listing.invalid) problem('segment_out_of_range', `not a segment name this journal can have (segment-000001 .. segment-999999)`, file, 0);
    if (listing.invalid.length > 0 && result.segments.length === 0) return result;
  } catch (err) {
    // scandir of a file is ENOTDIR too, where the path itself, not a part of it, is no directory
    const why = (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'it is a file, not a directory' : `the directory ${pathReason(err)}`;
    problem('io_error', `cannot list journal: ${why}`, dir, 0);
    return result;
  }
  if (result.segments.length === 0) {
    problem('no_journal', 'no segment files in this directory', dir, 0);
    return result;
  }
  result.checkpoints = await readCheckpoints(result, problem);
  const roots = new Map<number, Buffer>(result.checkpoints.map((c) => [c.body.size, c.body.size === 0 ? emptyTreeHash() : Buffer.alloc(0)]));
  const spans = await walkSegments(dir, result, roots, problem);
  result.spans = spans;
  checkCheckpoints(result, roots, spans, problem, options);
  return result;
}

export type Report = (code: VerifyCode, message: string, file: string, line: number) => void;

export async function readCheckpoints(result: ScanResult, problem: Report): Promise<ScannedCheckpoint[]> {
  const found: ScannedCheckpoint[] = [];
  for (const segment of result.segments) {
    let content: string;
    try {
      content = (await readRegularFile(segment.checkpointPath, CHECKPOINT_MAX_BYTES)).toString('utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problem('io_error', `cannot read checkpoint: ${(err as Error).message}`, segment.checkpointPath, 0);
      continue;
    }
    const note = parseNote(content);
    if ('error' in note) {
      problem('checkpoint_malformed', note.error, segment.checkpointPath, note.line);
      continue;
    }
    const body = parseCheckpointText(note.text);
    if ('error' in body) problem('checkpoint_malformed', body.error, segment.checkpointPath, body.line);
    else found.push({ segment, body, note });
  }
  return found;
}

/**
 * Each segment is read line by line (read.ts, `readLines`): the chain, the tree and the counts
 * advance with every line, so memory stays flat however large the segments and the journal are.
 */
async function walkSegments(dir: string, result: ScanResult, roots: Map<number, Buffer>, problem: Report): Promise<Span[]> {
  const spans: Span[] = [];
  let expected = 1;
  for (const [i, segment] of result.segments.entries()) {
    const isLast = i === result.segments.length - 1;
    // One finding per gap, however wide: the numbers come from file names anyone can choose.
    if (expected < segment.index) {
      const which = expected === segment.index - 1 ? `segment ${expected} is` : `segments ${expected}..${segment.index - 1} are`;
      problem('segment_gap', `${which} missing: segment numbers must run from 1 without gaps, and no checkpoint after the gap can be checked against the entries`, segmentRef(dir, expected).path, 0);
      result.chain.linked = false;
      result.leavesLostBefore ??= segment.index;
    }
    expected = segment.index + 1;
    const firstLeaf = result.frontier.size + 1;
    const walked = await walkSegment(result, segment, roots);
    if ('error' in walked) {
      problem('io_error', `cannot read segment: ${walked.error}`, segment.path, 0);
      result.chain.linked = false;
      result.leavesLostBefore ??= segment.index + 1;
      continue;
    }
    // The next segment's first line tells whether an edit near this one's end was to the last
    // line or the one before (chain.ts).
    const next = result.segments[i + 1];
    const following = next && next.index === segment.index + 1 ? await readFirstLine(next.path, ENTRY_MAX_BYTES).catch(() => undefined) : undefined;
    walked.check.end(following);
    const { read } = walked;
    spans.push({ segment, firstLeaf, count: read.lines, root: result.frontier.root() });
    if (isLast) result.lastSegment = { ref: segment, bytes: read.bytes, lines: read.lines, callerEntries: walked.callerEntries() };
    noteIncompleteEnd(result, segment, read, isLast, problem);
  }
  result.entries = result.frontier.size;
  return spans;
}

export interface Walked {
  read: LinesRead;
  /** The chain check, still owing its judgement of the last line. */
  check: SegmentCheck;
  callerEntries(): number;
}

/** What the scan learns from each entry of a segment, and how many of them a caller wrote. */
export interface EntryCollector {
  onEntry(entry: StoredEntry): void;
  /** A caller's entry at `seq`, known to be one without being parsed. */
  caller(seq: number): void;
  callerEntries(): number;
}

export function entryCollector(result: ScanResult, segment: SegmentRef): EntryCollector {
  let callerEntries = 0;
  const caller = (seq: number) => {
    callerEntries++;
    result.lastCallerSeq = seq;
  };
  return {
    onEntry: (entry) => {
      collectKeyEvent(result, entry, segment.index);
      if (entry.kind === 'recovery' && entry.reason === 'unsigned_tail') result.recoveries.push(entry);
      if (entry.kind === 'journal-open' && typeof entry.key === 'string') result.keyedOpens.push(entry.seq);
      if (!WRITER_KINDS.includes(entry.kind)) caller(entry.seq);
    },
    caller,
    callerEntries: () => callerEntries,
  };
}

/** Adds a leaf to the scan's tree, noting the root at each size a checkpoint names. */
export function leafAdder(result: ScanResult, roots: Map<number, Buffer>): (hash: string) => void {
  return (hash) => {
    result.frontier.push(hash);
    if (roots.has(result.frontier.size)) roots.set(result.frontier.size, result.frontier.root());
  };
}

/** Lines a walk does not check itself, each handed to `onLine` instead (resume-newest.ts). */
export interface SkippedLines {
  lines: number;
  onLine(line: Buffer, n: number, collector: EntryCollector): void;
}

/** `skip`: the first lines of the segment, judged by the caller. */
export async function walkSegment(result: ScanResult, segment: SegmentRef, roots: Map<number, Buffer>, skip?: SkippedLines): Promise<Walked | { error: string }> {
  const collector = entryCollector(result, segment);
  const check = new SegmentCheck(result.chain, segment, (f) => result.problems.push(f), collector.onEntry, (skip?.lines ?? 0) + 1);
  const leaf = leafAdder(result, roots);
  let n = 0;
  try {
    const read = await readLines(segment.path, (line) => {
      if (skip && ++n <= skip.lines) return skip.onLine(line, n, collector);
      check.line(line);
      leaf(leafHash(line));
    }, {
      maxBytes: ENTRY_MAX_BYTES,
      onLongLine: () => {
        if (skip && ++n <= skip.lines) throw new Error(`line ${n} is longer than any entry a writer writes`);
        const hashers = lineHashers();
        return {
          update: (piece) => void (hashers.chain.update(piece), hashers.leaf.update(piece)),
          end: (length) => {
            check.longLine(hashers.chain.digest('hex'), length, ENTRY_MAX_BYTES);
            leaf(hashers.leaf.digest('hex'));
          },
        };
      },
    });
    return { read, check, callerEntries: collector.callerEntries };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function collectKeyEvent(result: ScanResult, entry: StoredEntry, segment: number): void {
  if (entry.kind === 'journal-open' && typeof entry.key === 'string') result.keyEvents.push({ seq: entry.seq, segment, kind: 'journal-open', key: entry.key });
  if (entry.kind === 'key-rotate' && typeof entry.to === 'string') {
    result.keyEvents.push({ seq: entry.seq, segment, kind: 'key-rotate', key: entry.to, ...(typeof entry.from === 'string' ? { from: entry.from } : {}) });
  }
}

/**
 * A torn or empty newest segment is what a crash leaves behind; anywhere else it is damage. Whether
 * a torn newest line is a crash also depends on the head before it, judged in `checkTail`.
 */
export function noteIncompleteEnd(result: ScanResult, segment: SegmentRef, read: LinesRead, isLast: boolean, problem: Report): void {
  const tornLine = read.lines + 1;
  if (read.torn) {
    if (!isLast) return problem('torn_line', 'line without newline at the end of a closed segment', segment.path, tornLine);
    result.torn = { segment, line: tornLine, ...read.torn };
  } else if (read.lines === 0) {
    if (!isLast) return problem('segment_mismatch', 'segment is empty', segment.path, 1);
    result.warnings.push({ code: 'torn_line', message: 'segment is empty (a crash while rotating?)', file: segment.path, line: 1 });
  }
}

/**
 * Where leaf `n` (1-based) is, or would be if the last segment went on. Before the first span (an
 * open that read only the newest segment) that is somewhere in the journal: its directory, line 0.
 */
export function locate(spans: Span[], n: number): { file: string; line: number } {
  if (spans.length > 0 && n < spans[0]!.firstLeaf) return { file: path.dirname(spans[0]!.segment.path), line: 0 };
  for (const span of spans) if (n < span.firstLeaf + span.count) return { file: span.segment.path, line: n - span.firstLeaf + 1 };
  const last = spans[spans.length - 1]!;
  return { file: last.segment.path, line: last.count + 1 + (n - last.firstLeaf - last.count) };
}

export function checkCheckpoints(result: ScanResult, roots: Map<number, Buffer>, spans: Span[], problem: Report, options: ScanOptions): void {
  if (spans.length === 0) return;
  const total = result.entries;
  const origin = result.chain.journalId === undefined ? undefined : originFor(result.chain.journalId);
  for (const cp of result.checkpoints) {
    const file = cp.segment.checkpointPath;
    const span = spans.find((s) => s.segment === cp.segment);
    if (origin !== undefined && cp.body.origin !== origin) problem('checkpoint_mismatch', `origin ${cp.body.origin} is not this journal's (${origin})`, file, 1);
    else if (result.leavesLostBefore !== undefined && cp.segment.index >= result.leavesLostBefore) continue;
    else if (cp.body.size > total) {
      const at = locate(spans, total + 1);
      problem('truncated', `${total} entries present, but checkpoint ${file} covers ${cp.body.size}: the journal lost its tail`, at.file, at.line);
    } else if (span && (cp.body.size < span.firstLeaf || cp.body.size > span.firstLeaf + span.count - 1)) {
      problem('checkpoint_mismatch', `tree size ${cp.body.size} lies outside this segment's entries ${span.firstLeaf}..${span.firstLeaf + span.count - 1}`, file, 2);
    } else if (!roots.get(cp.body.size)!.equals(cp.body.root)) {
      rootMismatch(result, spans, cp.body.size, file, problem);
    }
  }
  checkRequiredCheckpoints(result, problem, options);
  checkTail(result, spans, problem);
}

/**
 * A changed entry breaks the chain at its successor, so with no chain finding the edited entry
 * is the last one the checkpoint covers (or the chain was recomputed): name that line.
 */
function rootMismatch(result: ScanResult, spans: Span[], size: number, file: string, problem: Report): void {
  if (result.problems.length > 0) {
    return problem('checkpoint_mismatch', `root hash does not match the first ${size} entries: an entry up to there was changed`, file, 3);
  }
  const at = locate(spans, size);
  problem('checkpoint_mismatch', `entry ${size} is not what checkpoint ${path.basename(file)} signed (the chain before it is intact, so this entry was changed, or the chain was recomputed up to it)`, at.file, at.line);
}

/**
 * Once a journal announces a signing key, every segment from then on must have a checkpoint,
 * except a newest segment that a crash left without one (`missingCheckpointUnexplained`).
 */
function checkRequiredCheckpoints(result: ScanResult, problem: Report, options: ScanOptions): void {
  const from = options.pinned ? 0 : result.keyEvents[0]?.segment ?? Infinity;
  const have = new Set(result.checkpoints.map((c) => c.segment));
  for (const segment of result.segments) {
    if (segment.index < from || have.has(segment)) continue;
    const why = segment === result.lastSegment?.ref ? missingCheckpointUnexplained(result) : 'only the newest segment can be without one';
    if (why !== undefined) problem('checkpoint_missing', `segment has no signed checkpoint, and ${why}`, segment.checkpointPath, 0);
  }
}

/**
 * Why no crash explains the newest segment lacking a checkpoint; undefined when one does. A writer
 * signs a segment's first checkpoint before any caller entry lands in it, and signs the previous
 * segment's `rotated` head only after that (FORMAT.md, Crashes). So a crash leaves a segment
 * without checkpoint only while it holds nothing but the journal's own entries and the segment
 * before it (if any) has no `rotated` or `closed` head; anything else means a checkpoint was deleted.
 */
export function missingCheckpointUnexplained(result: ScanResult): string | undefined {
  const last = result.lastSegment;
  if (!last) return undefined;
  if (last.callerEntries > 0) return `it holds ${last.callerEntries} caller entr${last.callerEntries === 1 ? 'y' : 'ies'}, which a writer writes only after signing the segment's first checkpoint`;
  const previous = result.segments[result.segments.length - 2];
  const state = previous && result.checkpoints.find((c) => c.segment === previous)?.body.state;
  if (previous === undefined || state === undefined || state === 'open') return undefined;
  return state === 'rotated'
    ? `segment ${previous.index} has its rotated head, which a writer signs only after this segment's first checkpoint`
    : `segment ${previous.index} was closed, and nothing follows a close`;
}

/** Entries (or a torn line) after the newest checkpoint are unsigned; after a `closed` one, they are forged. */
function checkTail(result: ScanResult, spans: Span[], problem: Report): void {
  const newest = result.checkpoints[result.checkpoints.length - 1];
  if (newest?.body.state === 'rotated' && newest.segment === result.segments[result.segments.length - 1]) {
    const next = segmentRef(path.dirname(newest.segment.path), newest.segment.index + 1);
    problem('segment_missing', `checkpoint says the journal rotated to segment ${next.index}, which is missing`, next.path, 0);
  }
  // The tail is judged by counting entries, which a lost segment made short of the checkpoints.
  if (result.leavesLostBefore !== undefined) return;
  const covered = newest?.body.size ?? 0;
  const closed = newest?.body.state === 'closed';
  if (closed) refuseAfterClose(result, spans, covered, problem);
  else warnTorn(result);
  warnRecoveries(result, spans);
  if (closed) return;
  if (result.entries <= covered) {
    // Without a closing head nobody can tell whether entries were written after this one and cut.
    if (newest?.body.state === 'open') {
      const at = locate(spans, covered);
      result.warnings.push({ code: 'not_closed', message: `possibly missing tail: the newest checkpoint (${covered} entries) is not a close, so the writer is still running or stopped without closing, and entries after it could have been lost (a machine crash loses the entries not yet synced: the last sync_within_ms with batched durability) or cut`, file: at.file, line: at.line });
    }
    return;
  }
  // Without any checkpoint the journal is checkpoint_missing (found with the checkpoints).
  const open = newest === undefined ? undefined : result.keyedOpens.find((seq) => seq > covered && result.lastCallerSeq > seq);
  if (open !== undefined) {
    // A keyed open signs its entries before anything is appended, so no crash leaves callers'
    // entries after an unsigned one: an older checkpoint was put back to unsign what follows.
    const where = locate(spans, open);
    problem('checkpoint_rollback', `entry ${open} opens the journal with a signing key, yet the newest checkpoint covers only ${covered} entries while entries written after that open follow it: a writer signs its open before appending, so the checkpoint was rolled back`, where.file, where.line);
    return;
  }
  const at = locate(spans, covered + 1);
  result.warnings.push({ code: 'unsigned_tail', message: `unsigned tail: entries ${covered + 1}..${result.entries} are not covered by a signed checkpoint yet (the writer is running, or stopped without closing; entries after them could have been lost)`, file: at.file, line: at.line });
}

/**
 * A writer signs `closed` only after syncing every line, and writes nothing after it until an open
 * has re-signed the head `open`. So no crash leaves anything after a `closed` head, not even a torn
 * line: whole entries or bytes there were put there by someone else. (A tail cut short of the
 * close is `truncated`, found with the checkpoints.)
 */
function refuseAfterClose(result: ScanResult, spans: Span[], covered: number, problem: Report): void {
  const at = locate(spans, covered + 1);
  const close = `the signed close of the journal at entry ${covered}`;
  if (result.entries > covered) problem('append_after_close', `entries ${covered + 1}..${result.entries} follow ${close}`, at.file, at.line);
  else if (result.torn && result.entries === covered) problem('append_after_close', `${result.torn.length} bytes without newline follow ${close}; a crash cannot leave them, since nothing is written after a close`, at.file, at.line);
}

function warnTorn(result: ScanResult): void {
  if (!result.torn) return;
  const { segment, line, length } = result.torn;
  result.warnings.push({ code: 'torn_line', message: `torn tail: the last line has no newline (${length} bytes), as a crash mid-write or a machine crash before the batched fdatasync leaves it; the next open truncates and journals it`, file: segment.path, line });
}

/** Lines a later open signed after the fact are only as trustworthy as the disk was meanwhile. */
function warnRecoveries(result: ScanResult, spans: Span[]): void {
  for (const entry of result.recoveries) {
    const at = locate(spans, entry.seq);
    const range = `${String(entry.firstSeq)}..${String(entry.lastSeq)}`;
    result.warnings.push({ code: 'recovered_tail', message: `entries ${range} were not signed when the writer stopped; the open at seq ${entry.seq} checked their chain and signed them`, file: at.file, line: at.line });
  }
}

