/**
 * `openJournal`: creates a journal, or resumes one after checking it with the same scan `verify`
 * uses: the whole journal, or, when the newest segment's header and signed checkpoints vouch for
 * everything before it, that segment alone (resume-newest.ts). A journal that does not verify is
 * refused (appending would launder the damage into new checkpoints). What a crash leaves is accepted and journaled as `recovery`: a torn final line is
 * cut off, lines no checkpoint covered are named before anything is signed over them, and a
 * rotation cut short is finished. A segment 1 without a complete line is a creation cut short:
 * the journal is created in it.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Journal, JournalOptions } from './types.js';
import { commitmentKey, type CommitmentKey } from './commitment.js';
import { DIR_MODE, FILE_MODE, syncDir } from './durable.js';
import { JournalError } from './errors.js';
import { FORMAT_VERSION, GENESIS_PREV } from './hashing.js';
import { acquireLock } from './lock.js';
import { MerkleFrontier } from './merkle.js';
import { formatVerifierKey } from './note.js';
import { originFor } from './checkpoint.js';
import { ENTRY_MAX_BYTES } from './bound.js';
import { segmentHeader } from './header.js';
import { scanNewest } from './resume-newest.js';
import { scanJournal, type ScanResult } from './scan.js';
import { rotationRecovery, unfinishedRotation, unsignedTailRecovery } from './resume.js';
import { listSegments, segmentRef, type SegmentRef } from './segments.js';
import { JournalWriter, type ResumeActions, type WriterPosition } from './writer.js';

/** Room for a decision's own fields, each replaced by its digest if need be. */
const MIN_ENTRY_BYTES = 4096;

const DEFAULTS = { checkpointEvery: 1000, checkpointSeconds: 60, segmentMaxBytes: 64 * 1024 * 1024, durability: 'batched' as const, syncWithinMs: 10 };

interface Plan {
  journalId: string;
  position: WriterPosition;
  /**
   * Entries to write before `journal-open`, and after it. The recovery of a torn line cut off is
   * the first line after the cut (after the segment's header, if that is what was torn): until
   * it is on disk, nothing says the cut bytes were there, so an open that fails (a disk still
   * full) or a crash should find as little as possible written before it.
   */
  before: Record<string, unknown>[];
  after: Record<string, unknown>[];
  /** The signing key the journal last announced, if any. */
  announcedKey?: string;
  resumed: boolean;
  resume?: ResumeActions;
}

export async function openJournal(options: JournalOptions): Promise<Journal> {
  checkOptions(options);
  const commitment = commitmentKey(options.hmacKey);
  await mkdir(options.dir, { recursive: true, mode: DIR_MODE });
  // An existing directory keeps its owner but loses group and other access.
  await chmod(options.dir, DIR_MODE);
  const lock = await acquireLock(options.dir);
  try {
    const listing = await listSegments(options.dir);
    await restrictModes(listing.segments);
    const fresh = listing.segments.length === 0 && listing.invalid.length === 0;
    const plan = fresh ? await createPlan(options.dir, await createFirstSegment(options.dir)) : await resumePlan(options.dir, options.signingKey);
    const writer = new JournalWriter(
      {
        dir: options.dir,
        journalId: plan.journalId,
        ...(options.signingKey ? { signingKey: options.signingKey } : {}),
        checkpointEvery: options.checkpointEvery ?? DEFAULTS.checkpointEvery,
        checkpointSeconds: options.checkpointSeconds ?? DEFAULTS.checkpointSeconds,
        segmentMaxBytes: options.segmentMaxBytes ?? DEFAULTS.segmentMaxBytes,
        durability: options.durability ?? DEFAULTS.durability,
        syncWithinMs: options.syncWithinMs ?? DEFAULTS.syncWithinMs,
        commitment,
        lock,
        ...(options.recordInputs ? { recordInputs: options.recordInputs } : {}),
        maxEntryBytes: options.maxEntryBytes ?? ENTRY_MAX_BYTES,
      },
      plan.position,
    );
    await writer.start([...plan.before, ...openingEntries(plan, options, commitment), ...plan.after], plan.resume);
    return writer;
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/**
 * Files of a journal copied or restored with wider access (a backup restored by `cp`) become the
 * owner's alone again, as the writer creates them. Through a handle on the file itself, never
 * following a link: a link under a journal file's name must not change what it points to.
 */
async function restrictModes(segments: SegmentRef[]): Promise<void> {
  for (const file of segments.flatMap((s) => [s.path, s.checkpointPath])) {
    const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => undefined);
    if (!handle) continue;
    try {
      const stat = await handle.stat();
      if (stat.isFile() && (stat.mode & 0o777) !== FILE_MODE) await handle.chmod(FILE_MODE);
    } finally {
      await handle.close();
    }
  }
}

function checkOptions(options: JournalOptions): void {
  const bad = (message: string) => new JournalError('invalid_option', message);
  if (typeof options.dir !== 'string' || options.dir === '') throw bad('dir must be a non-empty string');
  for (const name of ['checkpointEvery', 'segmentMaxBytes'] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) throw bad(`${name} must be a positive integer`);
  }
  if (options.checkpointSeconds !== undefined && !(options.checkpointSeconds > 0 && options.checkpointSeconds <= 86400)) throw bad('checkpointSeconds must be in (0, 86400]');
  if (options.durability !== undefined && options.durability !== 'strict' && options.durability !== 'batched') throw bad('durability must be strict or batched');
  if (options.syncWithinMs !== undefined && !(Number.isSafeInteger(options.syncWithinMs) && options.syncWithinMs >= 0 && options.syncWithinMs <= 1000)) throw bad('syncWithinMs must be an integer in [0, 1000]');
  const max = options.maxEntryBytes;
  if (max !== undefined && !(Number.isSafeInteger(max) && max >= MIN_ENTRY_BYTES && max <= ENTRY_MAX_BYTES)) throw bad(`maxEntryBytes must be an integer in [${MIN_ENTRY_BYTES}, ${ENTRY_MAX_BYTES}]`);
  const inputs = options.recordInputs;
  if (inputs !== undefined && !(Number.isSafeInteger(inputs.maxBytes) && inputs.maxBytes > 0)) throw bad('recordInputs.maxBytes must be a positive integer');
  const key = options.signingKey;
  if (key && (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519')) throw bad('signingKey must be an Ed25519 private key');
}

function openingEntries(plan: Plan, options: JournalOptions, commitment: CommitmentKey): Record<string, unknown>[] {
  const { signingKey, recordInputs } = options;
  const key = signingKey ? formatVerifierKey(originFor(plan.journalId), signingKey) : undefined;
  const open = {
    kind: 'journal-open',
    format: FORMAT_VERSION,
    journal: plan.journalId,
    resumed: plan.resumed,
    commitmentKey: commitment.id,
    ...(commitment.ephemeral ? { commitmentKeyEphemeral: true } : {}),
    ...(key ? { key } : {}),
    // Auditors learn from the journal itself that its decision entries hold (redacted) payloads.
    ...(recordInputs ? { recordInputs: { maxBytes: recordInputs.maxBytes } } : {}),
  };
  const rotated = key && plan.announcedKey && plan.announcedKey !== key ? [{ kind: 'key-rotate', from: plan.announcedKey, to: key }] : [];
  return [open, ...rotated];
}

async function createFirstSegment(dir: string): Promise<FileHandle> {
  const file = await open(segmentRef(dir, 1).path, 'ax', FILE_MODE);
  await syncDir(dir);
  return file;
}

/** A new journal, written into `file`, the empty segment 1; `cut` (the recovery of a torn first line) follows its header. */
function createPlan(dir: string, file: FileHandle, cut: Record<string, unknown>[] = []): Plan {
  const journalId = randomBytes(16).toString('hex');
  return {
    journalId,
    position: { seq: 0, lastHash: GENESIS_PREV, frontier: new MerkleFrontier(), segment: segmentRef(dir, 1), file, segmentBytes: 0, segmentLines: 0, unsigned: 0, segmentSigned: false },
    before: [{ kind: 'segment-open', journal: journalId, segment: 1 }, ...cut],
    after: [],
    resumed: false,
  };
}

async function resumePlan(dir: string, signingKey: KeyObject | undefined): Promise<Plan> {
  const scan = (await scanNewest(dir, signingKey)) ?? (await scanJournal(dir, { pinned: false }));
  const last = scan.lastSegment;
  refuseIfBroken(scan);
  if (last && creationInterrupted(scan)) {
    const torn = tornLine(scan);
    return { ...createPlan(dir, await openForAppend(last.ref), torn ? [torn.recovery] : []), resume: { resignHead: false, ...(torn ? { cutAt: torn.offset } : {}) } };
  }
  const journalId = scan.chain.journalId;
  if (!last || journalId === undefined) throw new JournalError('journal_corrupt', `${dir}: no segment-open entry to resume from`);
  const announcedKey = scan.keyEvents[scan.keyEvents.length - 1]?.key;
  if (announcedKey && !signingKey) throw new JournalError('signing_key_required', `${dir} is a signed journal; resuming it without signingKey would leave its tail unsigned`);
  const unsigned = unsignedTailRecovery(scan, signingKey);
  const rotation = unfinishedRotation(scan, signingKey);
  const after = [unsigned, rotation ? rotationRecovery(rotation) : undefined].filter((e) => e !== undefined);
  const torn = tornLine(scan);
  const file = await openForAppend(last.ref);
  const newest = scan.checkpoints[scan.checkpoints.length - 1];
  const covered = newest?.body.size ?? 0;
  return {
    journalId,
    position: { seq: scan.chain.lastSeq, lastHash: scan.chain.lastHash, frontier: scan.frontier, segment: last.ref, file, segmentBytes: last.bytes, segmentLines: last.lines, unsigned: scan.entries - covered, segmentSigned: scan.checkpoints.some((c) => c.segment === last.ref), ...(announcedKey ? { announcedKey } : {}) },
    // A crash right after rotating can leave the newest segment without its header.
    before: [...(last.lines === 0 ? [segmentHeader(journalId, last.ref.index, { frontier: scan.frontier, ...(announcedKey ? { announcedKey } : {}) })] : []), ...(torn ? [torn.recovery] : [])],
    after,
    ...(announcedKey ? { announcedKey } : {}),
    resumed: true,
    // Not while the newest segment lacks its first head: the head over every line is the previous segment's.
    resume: { resignHead: covered === scan.entries && newest?.segment === last.ref, ...(rotation ? { rotation } : {}), ...(torn ? { cutAt: torn.offset } : {}) },
  };
}

/**
 * A crash while a journal is created leaves segment 1 without a complete line (and no checkpoint,
 * which is signed over lines): there is no journal yet, so one is created in that file.
 */
function creationInterrupted(scan: ScanResult): boolean {
  return scan.segments.length === 1 && scan.lastSegment?.lines === 0 && scan.checkpoints.length === 0;
}

/**
 * A torn last line of the newest segment: where the writer cuts it (just before it writes, so
 * that the cut and the `recovery` entry journaling it are as close as can be), and that entry.
 */
function tornLine(scan: ScanResult): { offset: number; recovery: Record<string, unknown> } | undefined {
  if (!scan.torn) return undefined;
  const { segment, line, offset, length, sha256 } = scan.torn;
  return { offset, recovery: { kind: 'recovery', reason: 'torn_line', file: path.basename(segment.path), line, offset, bytes: length, sha256 } };
}

async function openForAppend(segment: SegmentRef): Promise<FileHandle> {
  const file = await open(segment.path, 'a');
  await file.sync();
  return file;
}

/**
 * A newest segment without a checkpoint that no crash explains (the scan passes those a crash
 * does) is left to `unsignedTailRecovery`, which refuses it with its own code, `checkpoint_missing`.
 */
function refuseIfBroken(scan: ScanResult): void {
  const newest = scan.lastSegment?.ref.checkpointPath;
  const fatal = scan.problems.filter((p) => !(p.code === 'checkpoint_missing' && p.file === newest));
  if (fatal.length === 0) return;
  const first = fatal[0]!;
  throw new JournalError('journal_corrupt', `refusing to append to a journal that does not verify (${fatal.length} problem${fatal.length === 1 ? '' : 's'}); first: ${first.file}:${first.line}: ${first.code}: ${first.message}`);
}

