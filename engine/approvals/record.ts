/**
 * One line of the approvals log: an approval of a tool definition (by its hash) or its
 * revocation, with who made it and when. Lines are RFC 8785 canonical JSON, so a record has one
 * spelling and the journal entry made from it commits to exactly what the log holds.
 */
import { canonicalJson } from '../journal/canonical.js';

export const APPROVAL_RECORD_VERSION = 1;
/** Longer names are refused: a line stays small and a reason that quotes one stays readable. */
export const MAX_NAME_LENGTH = 512;
const HASH = /^[0-9a-f]{64}$/;
const ID = /^[0-9a-f-]{36}$/;

export type ApprovalOp = 'approve' | 'revoke';

export interface ApprovalRecord {
  v: typeof APPROVAL_RECORD_VERSION;
  /** Random UUID: tells the same record apart from a repeated approval when it is journaled twice. */
  id: string;
  op: ApprovalOp;
  upstream: string;
  tool: string;
  /** approve: the definition hash approved; revoke: the hash whose approval ends (null if none was known). */
  hash: string | null;
  /** Who made it: the OS user, or the name given with --by. */
  by: string;
  /** RFC 3339 time it was made. */
  at: string;
}

/** A line that is not a record: the whole log is distrusted (a lost revocation would admit a tool). */
export class ApprovalRecordError extends Error {
  override readonly name = 'ApprovalRecordError';
}

export function serializeRecord(record: ApprovalRecord): string {
  return canonicalJson(record);
}

export function parseRecord(line: string): ApprovalRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ApprovalRecordError('not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApprovalRecordError('not a JSON object');
  const r = value as Record<string, unknown>;
  if (r.v !== APPROVAL_RECORD_VERSION) throw new ApprovalRecordError(`unknown record version ${JSON.stringify(r.v)}`);
  if (typeof r.id !== 'string' || !ID.test(r.id)) throw new ApprovalRecordError('bad id');
  if (r.op !== 'approve' && r.op !== 'revoke') throw new ApprovalRecordError('bad op');
  if (!isName(r.upstream)) throw new ApprovalRecordError('bad upstream');
  if (!isName(r.tool)) throw new ApprovalRecordError('bad tool');
  const hashOk = typeof r.hash === 'string' ? HASH.test(r.hash) : r.hash === null && r.op === 'revoke';
  if (!hashOk) throw new ApprovalRecordError('bad hash');
  if (!isName(r.by)) throw new ApprovalRecordError('bad by');
  if (typeof r.at !== 'string' || Number.isNaN(Date.parse(r.at))) throw new ApprovalRecordError('bad at');
  return { v: APPROVAL_RECORD_VERSION, id: r.id, op: r.op, upstream: r.upstream, tool: r.tool, hash: r.hash as string | null, by: r.by, at: r.at };
}

export function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_LENGTH;
}

export function isDefinitionHash(value: string): boolean {
  return HASH.test(value);
}
