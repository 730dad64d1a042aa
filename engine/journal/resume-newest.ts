/**
 * Resuming a journal at a cost independent of its history. A full scan reads every segment to
 * rebuild the tree's frontier and find the key the journal announced last; a restart after months
 * would wait for all of it. The header of every segment after the first records both (header.ts),
 * so an open can read the newest segment alone, once signed checkpoints vouch for that header:
 *
 * - the previous segment's head is `rotated` at the size the header starts after, signed by this
 *   open's key or by the key the header names, and its root is the header's frontier folded
 *   (a different frontier with the same root would be a SHA-256 collision);
 * - the newest segment's head is signed by this open's key, and its root is what the header's
 *   frontier and the segment's lines up to its size give.
 *
 * The newest segment is then checked as the full scan checks it (chain, tree, torn tail,
 * entries after a close, lines no checkpoint covers). Anything else (an older header, a rotation
 * a crash cut short, a newest segment without checkpoint, a key rotated, any finding) falls back
 * to the full scan, which decides and words the refusal as before. Older segments are left to
 * `warden verify`, which still reads everything.
 */
import type { KeyObject } from 'node:crypto';
import { ENTRY_MAX_BYTES } from './bound.js';
import { initialChain } from './chain.js';
import { originFor } from './checkpoint.js';
import { parseLine, type StoredEntry } from './entry.js';
import { MerkleFrontier } from './merkle.js';
import { parseVerifierKey, signatureMatches, verifierFor, type VerifierKey } from './note.js';
import { readFirstLine } from './read.js';
import { checkCheckpoints, leafAdder, noteIncompleteEnd, readCheckpoints, walkSegment, type ScanResult, type ScannedCheckpoint } from './scan.js';
import { chainHash, leafHash } from './hashing.js';
import { WRITER_KINDS } from './types.js';
import { listSegments, type SegmentRef } from './segments.js';

/**
 * How a line of one of the journal's own kinds reads: canonical JSON escapes every quote inside
 * a string, so this text is a `kind` member (perhaps of a nested object: parsing tells).
 */
const WRITER_LINE = WRITER_KINDS.map((kind) => `"kind":"${kind}"`);

interface Header {
  entry: StoredEntry;
  frontier: MerkleFrontier;
  key?: string;
}

/** The scan of the newest segment, standing for the whole journal's; undefined when the full scan must decide. */
export async function scanNewest(dir: string, signingKey: KeyObject): Promise<ScanResult | undefined> {
  const listing = await listSegments(dir).catch(() => undefined);
  if (!listing || listing.invalid.length > 0 || listing.segments.length < 2) return undefined;
  const [previous, newest] = listing.segments.slice(-2) as [SegmentRef, SegmentRef];
  if (newest.index !== previous.index + 1) return undefined;
  const header = await readHeader(newest);
  if (!header) return undefined;
  const result = startAt(previous, newest, header);
  result.checkpoints = await readCheckpoints(result, (code, message, file, line) => result.problems.push({ code, message, file, line }));
  if (!vouched(result, header, signingKey)) return undefined;
  await walkNewest(result, newest);
  return result.problems.length === 0 ? result : undefined;
}

async function readHeader(segment: SegmentRef): Promise<Header | undefined> {
  const line = await readFirstLine(segment.path, ENTRY_MAX_BYTES).catch(() => undefined);
  const parsed = line === undefined ? undefined : parseLine(line);
  if (!parsed || !('entry' in parsed)) return undefined;
  const { entry } = parsed;
  if (entry.kind !== 'segment-open' || entry.segment !== segment.index || typeof entry.journal !== 'string' || !Array.isArray(entry.frontier)) return undefined;
  const frontier = MerkleFrontier.fromSubtrees(entry.seq - 1, entry.frontier);
  if (!frontier || (entry.key !== undefined && typeof entry.key !== 'string')) return undefined;
  return { entry, frontier, ...(typeof entry.key === 'string' ? { key: entry.key } : {}) };
}

/** A scan result that has read everything before the newest segment, as its header tells it. */
function startAt(previous: SegmentRef, newest: SegmentRef, header: Header): ScanResult {
  const { entry, frontier, key } = header;
  const chain = { ...initialChain(), lastSeq: entry.seq - 1, lastHash: entry.prev, journalId: entry.journal as string };
  return {
    problems: [], warnings: [], segments: [previous, newest], entries: frontier.size, chain, frontier, checkpoints: [],
    keyEvents: key === undefined ? [] : [{ seq: entry.seq, segment: newest.index, kind: 'segment-open', key }],
    spans: [], recoveries: [], keyedOpens: [], lastCallerSeq: 0,
  };
}

/** Both heads there, the rotation finished, and each signed by a key this open can trust. */
function vouched(result: ScanResult, header: Header, signingKey: KeyObject): boolean {
  const [previous, newest] = result.segments as [SegmentRef, SegmentRef];
  const head = (segment: SegmentRef) => result.checkpoints.find((c) => c.segment === segment);
  const rotated = head(previous);
  const current = head(newest);
  if (result.problems.length > 0 || rotated?.body.state !== 'rotated' || rotated.body.size !== header.frontier.size) return false;
  if (!current || current.body.state === 'rotated' || current.body.size < header.entry.seq) return false;
  const origin = originFor(header.entry.journal as string);
  const ours = verifierFor(origin, signingKey);
  const announced = header.key === undefined ? undefined : parseVerifierKey(header.key);
  return signedBy(current, [ours]) && signedBy(rotated, announced ? [ours, announced] : [ours]);
}

function signedBy(cp: ScannedCheckpoint, keys: VerifierKey[]): boolean {
  return cp.note.signatures.some((sig) => keys.some((key) => signatureMatches(cp.note.text, sig, key)));
}

/**
 * The newest segment's lines, from the header's frontier on. Those its signed head covers are
 * only hashed into the tree, whose root must then be the signed one, which vouches for their
 * bytes; of them only the journal's own entries (keys, recoveries) are parsed. The lines after
 * are checked as `scanJournal` checks them.
 */
async function walkNewest(result: ScanResult, newest: SegmentRef): Promise<void> {
  const before = result.frontier.size;
  const roots = new Map<number, Buffer>(result.checkpoints.map((c) => [c.body.size, Buffer.alloc(0)]));
  roots.set(before, result.frontier.root());
  const covered = result.checkpoints.find((c) => c.segment === newest)!.body.size - before;
  const leaf = leafAdder(result, roots);
  const walked = await walkSegment(result, newest, roots, {
    lines: covered,
    onLine: (line, n, collector) => {
      leaf(leafHash(line));
      if (WRITER_LINE.some((kind) => line.includes(kind))) collector.onEntry(JSON.parse(line.toString('utf8')) as StoredEntry);
      else collector.caller(before + n);
      if (n === covered) Object.assign(result.chain, { lastSeq: before + n, lastHash: chainHash(line), lastAt: { file: newest.path, line: n } });
    },
  });
  if ('error' in walked) {
    result.problems.push({ code: 'io_error', message: `cannot read segment: ${walked.error}`, file: newest.path, line: 0 });
    return;
  }
  walked.check.end(undefined);
  result.spans = [{ segment: newest, firstLeaf: before + 1, count: walked.read.lines, root: result.frontier.root() }];
  result.lastSegment = { ref: newest, bytes: walked.read.bytes, lines: walked.read.lines, callerEntries: walked.callerEntries() };
  result.entries = result.frontier.size;
  noteIncompleteEnd(result, newest, walked.read, true, (code, message, file, line) => result.problems.push({ code, message, file, line }));
  checkCheckpoints(result, roots, result.spans, (code, message, file, line) => result.problems.push({ code, message, file, line }), { pinned: false });
}
