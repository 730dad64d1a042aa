/**
 * What an open must establish before it signs anything over a journal it resumes. The scan has
 * checked the chain and that each checkpoint matches the lines it covers; here the newest
 * checkpoint must also carry the journal's own signature, and the lines after it must be what a
 * crash leaves behind. Those lines are then named in a `recovery` entry written before the
 * checkpoint that covers them, so signing over them is never silent, and a rotation the crash cut
 * short is finished. Anything else is refused: re-signing would launder an edit into a
 * valid-looking journal.
 */
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { originFor } from './checkpoint.js';
import { JournalError } from './errors.js';
import { parseVerifierKey, signatureMatches, verifierFor, type VerifierKey } from './note.js';
import { locate, missingCheckpointUnexplained, type ScanResult, type ScannedCheckpoint } from './scan.js';
import type { SegmentRef } from './segments.js';

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
  const unexplained = missing ? missingCheckpointUnexplained(scan) : undefined;
  if (unexplained !== undefined) throw new JournalError('checkpoint_missing', `refusing to resume: ${last.ref.checkpointPath} is missing and ${unexplained}; a crash does not leave that, deleting the checkpoint does`);
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

/** A rotation a crash cut short: the head the open signs `rotated` on the writer's behalf. */
export interface UnfinishedRotation {
  segment: SegmentRef;
  size: number;
  root: Buffer;
}

/**
 * The segment before the newest still has an `open` head: the writer died during a rotation
 * (or during an open that was finishing one), before it signed the `rotated` head. Until that
 * head exists, deleting the newest segment's checkpoint would pass for such a crash, so the open
 * signs it, once the newest segment has a checkpoint, and journals that it did.
 */
export function unfinishedRotation(scan: ScanResult, signingKey: KeyObject | undefined): UnfinishedRotation | undefined {
  const span = scan.spans[scan.spans.length - 2];
  if (!signingKey || !span) return undefined;
  const head = scan.checkpoints.find((c) => c.segment === span.segment);
  if (head?.body.state !== 'open') return undefined;
  return { segment: span.segment, size: span.firstLeaf + span.count - 1, root: span.root };
}

export function rotationRecovery(rotation: UnfinishedRotation): Record<string, unknown> {
  return { kind: 'recovery', reason: 'unfinished_rotation', file: path.basename(rotation.segment.checkpointPath), size: rotation.size };
}
