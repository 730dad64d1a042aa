/**
 * The audit journal: append-only, hash-chained, Merkle-checkpointed and signed. See FORMAT.md for
 * the bytes on disk.
 */
export type { AppendResult, InputRecording, Journal, JournalEntryInput, JournalEntryKind, JournalOptions, Durability, VerifyFinding, VerifyOptions, VerifyReport } from './types.js';
export type { VerifyCode, CodeCategory } from './codes.js';
export { VerifyCodes } from './codes.js';
export { JournalError, type JournalErrorCode } from './errors.js';
export { openJournal } from './open.js';
export { verifyJournal } from './verify.js';
export { formatVerifyReport, exitCodeFor, ExitCode, verifyReportJson } from './report.js';
