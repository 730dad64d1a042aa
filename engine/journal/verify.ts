/**
 * `verifyJournal`: the scan (chain, tree, checkpoints) plus checkpoint signatures.
 *
 * With a pinned key, the newest checkpoints must be signed by it. Keys the journal rotated away
 * from are trusted only through a `key-rotate` entry that a trusted checkpoint covers, so an
 * attacker cannot introduce a key by writing an entry. Without a pinned key the journal's own
 * announcements are used, which catches accidents but not an attacker; that is a warning.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { access } from 'node:fs/promises';
import type { VerifyFinding, VerifyOptions, VerifyReport } from './types.js';
import { originFor } from './checkpoint.js';
import { parseVerifierKey, signatureMatches, verifierFor, type VerifierKey } from './note.js';
import { scanJournal, type KeyEvent, type ScanResult, type ScannedCheckpoint } from './scan.js';

export async function verifyJournal(dir: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const pinned = options.publicKey === undefined ? undefined : pinnedKey(options.publicKey);
  if (pinned && 'error' in pinned) {
    return { ok: false, entries: 0, segments: 0, problems: [{ code: 'bad_key', message: pinned.error, file: dir, line: 0 }], warnings: [] };
  }
  const scan = await settledScan(dir, pinned !== undefined);
  if (scan.chain.journalId !== undefined && scan.checkpoints.length > 0) {
    const origin = originFor(scan.chain.journalId);
    const trusted = pinned ? [pinned.resolve(origin)] : announcedKeys(scan.keyEvents);
    if (!pinned) scan.warnings.push({ code: 'key_not_pinned', message: 'no public key given: signatures were checked against keys the journal itself announces', file: dir, line: 0 });
    checkSignatures(scan, trusted, pinned !== undefined);
  }
  return { ok: scan.problems.length === 0, entries: scan.entries, segments: scan.segments.length, problems: scan.problems, warnings: scan.warnings };
}

/** Scans of a journal a writer keeps rotating, at most, before the last one's findings stand. */
const RESCANS = 3;

/**
 * The scan lists the segments, reads their checkpoints, then their lines: a writer rotating
 * meanwhile has signed a `rotated` head naming a segment the listing did not see (a deleted
 * newest segment, it reads as), or written entries into a segment whose first checkpoint it
 * signed after the checkpoints were read (a deleted checkpoint). A file so reported that exists
 * now is scanned again; one a deletion removed stays missing, and its finding stands. A writer
 * that kept rotating through every scan leaves what was scanned verified, and the rest is the
 * writer's, not a deletion.
 */
async function settledScan(dir: string, pinned: boolean): Promise<ScanResult> {
  for (let attempt = 1; ; attempt++) {
    const scan = await scanJournal(dir, { pinned });
    const since = await appeared(scan);
    if (since.length === 0) return scan;
    if (attempt === RESCANS) return growthNotTamper(scan, since);
  }
}

/**
 * Findings of a segment or checkpoint missing from what was read that exists now (and was not
 * there but unreadable). A gap counts too: a directory listing taken while files are created in
 * it may leave out one created meanwhile (POSIX leaves that unspecified) and still list a later
 * one, so a segment reported missing between two listed ones may have been there all along.
 */
async function appeared(scan: ScanResult): Promise<VerifyFinding[]> {
  const unreadable = new Set(scan.problems.filter((p) => p.code === 'io_error').map((p) => p.file));
  const missing = scan.problems.filter((p) => ((['segment_missing', 'segment_gap'].includes(p.code) && p.file.endsWith('.jsonl')) || p.code === 'checkpoint_missing') && !unreadable.has(p.file));
  const found = await Promise.all(missing.map((p) => access(p.file).then(() => true, () => false)));
  return missing.filter((_, i) => found[i]);
}

function growthNotTamper(scan: ScanResult, appearedSince: VerifyFinding[]): ScanResult {
  for (const problem of appearedSince) {
    scan.problems.splice(scan.problems.indexOf(problem), 1);
    scan.warnings.push({ code: 'journal_growing', message: `${problem.file} appeared while the journal was being verified: a writer is rotating segments; this verification covers what was read before it (verify again once it is quiet, or after its close)`, file: problem.file, line: 0 });
  }
  return scan;
}

type Pinned = { resolve(origin: string): VerifierKey } | { error: string };

/** A KeyObject, a PEM public key, or a signed-note verifier key `name+hash+base64`. */
function pinnedKey(key: KeyObject | string): Pinned {
  try {
    if (typeof key !== 'string') return fromKeyObject(key);
    if (key.includes('-----BEGIN')) return fromKeyObject(createPublicKey(key));
    const vkey = parseVerifierKey(key);
    return vkey ? { resolve: () => vkey } : { error: 'public key is neither PEM nor a signed-note verifier key' };
  } catch (err) {
    return { error: `unusable public key: ${(err as Error).message}` };
  }
}

function fromKeyObject(key: KeyObject): Pinned {
  if (key.asymmetricKeyType !== 'ed25519') return { error: `public key must be Ed25519, got ${key.asymmetricKeyType}` };
  return { resolve: (origin) => verifierFor(origin, key) };
}

function announcedKeys(events: KeyEvent[]): VerifierKey[] {
  const keys: VerifierKey[] = [];
  for (const event of events) {
    for (const text of [event.key, event.from]) {
      const key = text === undefined ? undefined : parseVerifierKey(text);
      if (key) keys.push(key);
    }
  }
  return keys;
}

/** Newest first, so a key rotated away from becomes trusted before the older checkpoints it signed. */
function checkSignatures(scan: ScanResult, trusted: VerifierKey[], pinned: boolean): void {
  const ordered = [...scan.checkpoints].sort((a, b) => b.body.size - a.body.size);
  for (const cp of ordered) {
    const signer = checkOne(cp, trusted, pinned, scan.problems);
    if (signer && pinned) trustRotatedKeys(scan.keyEvents, cp.body.size, signer, trusted);
  }
}

function checkOne(cp: ScannedCheckpoint, trusted: VerifierKey[], pinned: boolean, problems: VerifyFinding[]): VerifierKey | undefined {
  const file = cp.segment.checkpointPath;
  for (const sig of cp.note.signatures) {
    const key = trusted.find((k) => k.name === sig.name && k.keyHash.equals(sig.keyHash));
    if (!key) continue;
    if (signatureMatches(cp.note.text, sig, key)) return key;
    problems.push({ code: 'signature_invalid', message: `signature by ${sig.name} does not verify`, file, line: sig.line });
    return undefined;
  }
  const by = cp.note.signatures.map((s) => `${s.name}+${s.keyHash.toString('hex')}`).join(', ');
  problems.push({ code: 'key_mismatch', message: `not signed by ${pinned ? 'the pinned key' : 'any key the journal announces'} (signed by ${by})`, file, line: cp.note.signatures[0]!.line });
  return undefined;
}

function trustRotatedKeys(events: KeyEvent[], coveredSize: number, signer: VerifierKey, trusted: VerifierKey[]): void {
  for (const event of events) {
    if (event.kind !== 'key-rotate' || event.seq > coveredSize || event.from === undefined) continue;
    const to = event.key === undefined ? undefined : parseVerifierKey(event.key);
    const from = parseVerifierKey(event.from);
    if (to && from && to.keyHash.equals(signer.keyHash) && !trusted.some((k) => k.keyHash.equals(from.keyHash))) trusted.push(from);
  }
}
