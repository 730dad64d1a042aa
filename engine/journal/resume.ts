/**
 * What an open must establish before it signs anything over a journal it resumes. The scan has
 * checked the chain and that each checkpoint matches the lines it covers; here the newest
 * checkpoint must also carry the journal's own signature, and the lines after it must be what a
 * crash leaves behind. Those lines are then named in a `recovery` entry written before the
 * checkpoint that covers them, so signing over them is never silent. Anything else is refused:
 * re-signing would launder an edit into a valid-looking journal.
 */
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { originFor } from './checkpoint.js';
import { JournalError } from './errors.js';
import { parseVerifierKey, signatureMatches, verifierFor, type VerifierKey } from './note.js';
import { locate, type ScanResult, type ScannedCheckpoint } from './scan.js';

/** The `recovery` entry to write for the lines no checkpoint covers, if any; throws if resuming would be unsafe. */
export function unsignedTailRecovery(scan: ScanResult, signingKey: KeyObject | undefined): Record<string, unknown> | undefined {
  const last = scan.lastSegment;
  const journalId = scan.chain.journalId;
  // Nothing gets signed without a key (and a signed journal is never resumed without one).
  if (!signingKey || !last || journalId === undefined) return undefined;
  const newest = scan.checkpoints[scan.checkpoints.length - 1];
  const covered = newest?.body.size ?? 0;
  if (newest) checkSignature(newest, trustedKeys(scan, journalId, signingKey, covered));
  const missing = scan.keyEvents.length > 0 && !scan.checkpoints.some((c) => c.segment === last.ref);
  if (missing) explainMissing(scan, newest);
  if (scan.entries <= covered) return undefined;
  const at = (n: number) => {
    const where = locate(scan.spans, n);
    return { file: path.basename(where.file), line: where.line };
  };
  return {
    kind: 'recovery',
    reason: 'unsigned_tail',
    firstSeq: covered + 1,
    lastSeq: scan.entries,
    from: at(covered + 1),
    to: at(scan.entries),
    lastHash: scan.chain.lastHash,
    checkpointMissing: missing,
    ...(newest ? { checkpoint: path.basename(newest.segment.checkpointPath) } : { neverSigned: scan.keyEvents.length === 0 }),
  };
}

/** Our key, and the key the journal announced within the lines the checkpoint covers (a rotation). */
function trustedKeys(scan: ScanResult, journalId: string, signingKey: KeyObject, covered: number): VerifierKey[] {
  const keys = [verifierFor(originFor(journalId), signingKey)];
  const announced = scan.keyEvents.filter((e) => e.seq <= covered).pop()?.key;
  const parsed = announced === undefined ? undefined : parseVerifierKey(announced);
  if (parsed) keys.push(parsed);
  return keys;
}

function checkSignature(cp: ScannedCheckpoint, trusted: VerifierKey[]): void {
  const ok = cp.note.signatures.some((sig) => trusted.some((key) => signatureMatches(cp.note.text, sig, key)));
  if (!ok) throw new JournalError('checkpoint_invalid', `refusing to resume: ${cp.segment.checkpointPath} is not signed by this journal's key, so nothing vouches for the lines it covers`);
}

/**
 * A writer signs a new segment's first head right after its header, and a new journal's before
 * any caller entry, so a crash can leave a newest segment without checkpoint only while it holds
 * nothing but the journal's own entries, right after a `rotated` head covering everything before.
 */
function explainMissing(scan: ScanResult, newest: ScannedCheckpoint | undefined): void {
  const last = scan.lastSegment!;
  const refuse = (why: string) => {
    throw new JournalError('checkpoint_missing', `refusing to resume: ${last.ref.checkpointPath} is missing and ${why}; a crash does not leave that, deleting the checkpoint does`);
  };
  if (last.callerEntries > 0) refuse(`the segment holds ${last.callerEntries} entries no checkpoint covers`);
  if (last.ref.index === 1) return;
  const before = scan.entries - last.lines;
  if (!newest || newest.body.state !== 'rotated' || newest.body.size !== before) refuse(`the previous segment's newest checkpoint is not a rotated head over its ${before} entries`);
}
