/**
 * Public types of the audit journal. Other modules code against these names; change them only
 * together with every caller.
 */
import type { KeyObject } from 'node:crypto';
import type { VerifyCode } from './codes.js';

/**
 * Entry kinds. A failed policy reload is journaled as `policy-load` with an `error` field rather
 * than a kind of its own, so "every policy-load entry" is the full history of reload attempts.
 */
export type JournalEntryKind = 'decision' | 'journal-open' | 'segment-open' | 'policy-load' | 'key-rotate' | 'recovery' | 'upstream-confinement' | 'approval' | 'route-attempt' | 'refusals-suppressed';

export const ENTRY_KINDS: readonly JournalEntryKind[] = ['decision', 'journal-open', 'segment-open', 'policy-load', 'key-rotate', 'recovery', 'upstream-confinement', 'approval', 'route-attempt', 'refusals-suppressed'];

/** Kinds only the journal itself writes; a caller appending them would forge the journal's own story. */
export const WRITER_KINDS: readonly JournalEntryKind[] = ['journal-open', 'segment-open', 'key-rotate', 'recovery'];

export interface JournalOptions {
  dir: string;
  /** Key for `commitment()`. Without one, a random key lives only as long as this process. */
  hmacKey?: Uint8Array;
  /** Ed25519 private key that signs checkpoints. Without one, no checkpoints are written. */
  signingKey?: KeyObject;
  /** Sign a checkpoint after this many entries (default 1000). */
  checkpointEvery?: number;
  /** ...or after this many seconds with unsigned entries (default 60). */
  checkpointSeconds?: number;
  /** Start a new segment before one would grow past this size (default 64 MiB). */
  segmentMaxBytes?: number;
  /**
   * When an append is acknowledged (default `batched`). `strict`: after its fdatasync; an entry
   * acknowledged is on disk. `batched`: after its write(), with the fdatasync following within
   * `syncWithinMs`; an acknowledged entry survives a crash of the process, and an OS crash or
   * power loss can lose at most the entries of that window. Either way a failed write or fsync
   * is fatal and no entry is acknowledged before it was written.
   */
  durability?: Durability;
  /** `batched` only: the longest an acknowledged entry waits for its fdatasync (default 10 ms). */
  syncWithinMs?: number;
  /**
   * Decision entries also keep their (redacted) decision input, so `warden replay` can re-decide
   * them; announced in `journal-open`. Off by default: inputs hold message payloads.
   */
  recordInputs?: InputRecording;
  /**
   * The longest line a caller entry makes (bytes, default and at most 32 MiB, ENTRY_MAX_BYTES);
   * larger fields are replaced by their size and digest until it fits.
   */
  maxEntryBytes?: number;
}

/** Inputs whose canonical JSON exceeds `maxBytes` are journaled as omitted, with their size. */
export interface InputRecording {
  maxBytes: number;
}

export type Durability = 'strict' | 'batched';

export interface JournalEntryInput {
  kind: JournalEntryKind;
  [field: string]: unknown;
}

export interface AppendResult {
  seq: number;
  /** The entry's chain hash: what the next entry records as `prev`. */
  hash: string;
}

export interface Journal {
  /** Resolves once the entry is on disk (fdatasync'd); rejects for good once the journal failed. */
  append(entry: JournalEntryInput): Promise<AppendResult>;
  /**
   * `append` without a promise, for the per-message path: `answered` is called once, always
   * later (never from within this call), with the entry's place or with why it was refused.
   */
  appendThen?(entry: JournalEntryInput, answered: (error: Error | undefined, result?: AppendResult) => void): void;
  /** Keyed HMAC-SHA256 (hex) of the canonical JSON of `payload`, for payloads never written raw. */
  commitment(payload: unknown): string;
  /** Flushes, signs a final checkpoint and closes. Later appends reject. */
  close(): Promise<void>;
  readonly dir: string;
  /** Set when decision entries should carry their decision input (JournalOptions.recordInputs). */
  readonly recordInputs?: InputRecording;
}

export interface VerifyOptions {
  /** The pinned Ed25519 public key: a KeyObject, a PEM string or a signed-note verifier key. */
  publicKey?: KeyObject | string;
}

export interface VerifyFinding {
  code: VerifyCode;
  message: string;
  /** Path of the segment or checkpoint file concerned. */
  file: string;
  /** 1-based line in `file`; 0 when the finding concerns the file as a whole. */
  line: number;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  segments: number;
  problems: VerifyFinding[];
  warnings: VerifyFinding[];
}
