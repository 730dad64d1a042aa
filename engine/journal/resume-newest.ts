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
 *
 * An unsigned journal opened without a key has no signature to vouch for its header, and needs
 * none: nothing in it is authenticated, so the full scan only checks that its lines agree with
 * each other, which whoever rewrites them can keep true. What the open must be sure of is that
 * it appends to the journal as it stands, and that reads from both ends of the boundary: the
 * header's `prev` and `seq` must follow the previous segment's last line (read from its end), and
 * the whole newest segment, header included, is checked link by link as the full scan checks it.
 * Only the header's `frontier` is taken on the writer's word; a wrong one makes every later
 * checkpoint disagree with the lines, which `warden verify` reports. Any checkpoint or announced
 * key takes the full scan, as does every open with a key (its first signature must cover lines
 * read in full).
 */
import type { KeyObject } from 'node:crypto';
import { ENTRY_MAX_BYTES } from './bound.js';
import { initialChain } from './chain.js';
import { originFor } from './checkpoint.js';
import { parseLine, type StoredEntry } from './entry.js';
import { MerkleFrontier } from './merkle.js';
import { parseVerifierKey, signatureMatches, verifierFor, type VerifierKey } from './note.js';
import { readFirstLine, readLastLine } from './read.js';
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

/**
 * The scan of the newest segment, standing for the whole journal's; undefined when the full scan
 * must decide. `signingKey`: the open's, if it has one.
 */
export async function scanNewest(dir: string, signingKey: KeyObject | undefined): Promise<ScanResult | undefined> {
  const listing = await listSegments(dir).catch(() => undefined);
  if (!listing || listing.invalid.length > 0 || listing.segments.length < 2) return undefined;
  const [previous, newest] = listing.segments.slice(-2) as [SegmentRef, SegmentRef];
  if (newest.index !== previous.index + 1) return undefined;
  const header = await readHeader(newest);
  if (!header) return undefined;
  const result = startAt(previous, newest, header);
  result.checkpoints = await readCheckpoints(result, (code, message, file, line) => result.problems.push({ code, message, file, line }));
  const covered = signingKey ? vouched(result, header, signingKey) : await followsPrevious(result, header, previous);
  if (covered === undefined) return undefined;
  await walkNewest(result, newest, covered);
  return result.problems.length === 0 && (signingKey || result.keyEvents.length === 0) ? result : undefined;
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

/**
 * Both heads there, the rotation finished, and each signed by a key this open can trust: then the
 * lines of the newest segment its head covers (counted from the header's frontier), else undefined.
 */
function vouched(result: ScanResult, header: Header, signingKey: KeyObject): number | undefined {
  const [previous, newest] = result.segments as [SegmentRef, SegmentRef];
  const head = (segment: SegmentRef) => result.checkpoints.find((c) => c.segment === segment);
  const rotated = head(previous);
  const current = head(newest);
  if (result.problems.length > 0 || rotated?.body.state !== 'rotated' || rotated.body.size !== header.frontier.size) return undefined;
  if (!current || current.body.state === 'rotated' || current.body.size < header.entry.seq) return undefined;
  const origin = originFor(header.entry.journal as string);
  const ours = verifierFor(origin, signingKey);
  const announced = header.key === undefined ? undefined : parseVerifierKey(header.key);
  const signed = signedBy(current, [ours]) && signedBy(rotated, announced ? [ours, announced] : [ours]);
  return signed ? current.body.size - header.frontier.size : undefined;
}

/**
 * An unsigned journal (no checkpoint, no key announced before the newest segment) whose newest
 * header follows the previous segment's last line: the chain then starts from that line, so the
 * walk checks the header's link as the full scan would. No line is taken as covered.
 */
async function followsPrevious(result: ScanResult, header: Header, previous: SegmentRef): Promise<number | undefined> {
  if (result.problems.length > 0 || result.checkpoints.length > 0 || header.key !== undefined) return undefined;
  const line = await readLastLine(previous.path, ENTRY_MAX_BYTES).catch(() => undefined);
  const parsed = line === undefined ? undefined : parseLine(line);
  if (!line || !parsed || !('entry' in parsed) || parsed.entry.seq !== header.entry.seq - 1) return undefined;
  Object.assign(result.chain, { lastSeq: parsed.entry.seq, lastHash: chainHash(line) });
  return 0;
}

function signedBy(cp: ScannedCheckpoint, keys: VerifierKey[]): boolean {
  return cp.note.signatures.some((sig) => keys.some((key) => signatureMatches(cp.note.text, sig, key)));
}

/**
 * The newest segment's lines, from the header's frontier on. The first `covered`, those its
 * signed head covers, are only hashed into the tree, whose root must then be the signed one, which
 * vouches for their bytes; of them only the journal's own entries (keys, recoveries) are parsed.
 * The lines after are checked as `scanJournal` checks them.
 */
async function walkNewest(result: ScanResult, newest: SegmentRef, covered: number): Promise<void> {
  const before = result.frontier.size;
  const roots = new Map<number, Buffer>(result.checkpoints.map((c) => [c.body.size, Buffer.alloc(0)]));
  roots.set(before, result.frontier.root());
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
