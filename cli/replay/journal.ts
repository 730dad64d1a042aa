/**
 * Reads the decision entries of a journal directory for replay, one at a time in journal order
 * (segments by number, lines in order), handing each on and keeping none: replay's memory does
 * not grow with the journal. Replay does not check the chain or signatures (that is `warden
 * verify`); it only refuses lines it cannot read, naming the file and line, since a skipped line
 * would be a decision silently left out of the diff, and decisions out of `seq` order, which no
 * writer leaves. A torn last line (an append that never finished) is not an entry and is left
 * out, as `openJournal` would cut it.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { RedactionPath } from '../../engine/decision/index.js';
import { ENTRY_MAX_BYTES } from '../../engine/journal/bound.js';
import { readLines, SKIP_LONG_LINES } from '../../engine/journal/read.js';
import type { JsonObject, RequestId } from '../../engine/protocol/jsonrpc.js';
import { pathProblem } from '../path-errors.js';

export interface DecisionEntry {
  seq: number;
  decision_id: string;
  session_id: string;
  upstream: string;
  direction: string;
  message_kind: string | null;
  method: string | null;
  request_id: RequestId | null;
  tool: string | null;
  allow: boolean;
  reasons: string[];
  failure: string | null;
  redactions?: RedactionPath[];
  visible_tools?: string[] | null;
  input?: JsonObject;
  input_omitted?: { reason: string };
  /** Fields the journal replaced by their size and digest, to keep the line within its bound (engine/journal/bound.ts). */
  oversized?: Record<string, unknown>;
}

export class JournalReadError extends Error {
  override readonly name = 'JournalReadError';
}

const SEGMENT = /^segment-\d{6}\.jsonl$/;

/** The segment files of `dir`, in order; refuses a directory it cannot read or one without segments. */
export async function segmentFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((error: unknown) => {
    throw new JournalReadError(pathProblem(dir, error, 'the journal directory (--journal)'));
  });
  const segments = names.filter((name) => SEGMENT.test(name)).sort();
  if (segments.length === 0) throw new JournalReadError(`${dir} holds no journal segments`);
  return segments.map((name) => path.join(dir, name));
}

/** Calls `onDecision` with each decision entry of `files` (from `segmentFiles`), in journal order. */
export async function forEachDecision(files: readonly string[], onDecision: (entry: DecisionEntry) => void): Promise<void> {
  const order = { seq: 0, at: '' };
  for (const [index, file] of files.entries()) await readSegment(file, index === files.length - 1, order, onDecision);
}

/**
 * Hands on the decisions of one segment, read a line at a time (engine/journal/read.ts: only a
 * regular file, so a FIFO or a device under a segment's name is an error, not a read that never
 * returns). A torn line before the last segment is reported before a bad line, as it says more.
 */
async function readSegment(file: string, last: boolean, order: { seq: number; at: string }, onDecision: (entry: DecisionEntry) => void): Promise<void> {
  let bad: JournalReadError | undefined;
  let line = 0;
  const read = await readLines(file, (bytes) => {
    line++;
    if (bad) return;
    try {
      const entry = parseEntry(bytes.toString('utf8'), `${file}:${line}`);
      if (entry) onDecision(inOrder(entry, `${file}:${line}`, order));
    } catch (error) {
      if (!(error instanceof JournalReadError)) throw error;
      bad = error;
    }
  }, {
    maxBytes: ENTRY_MAX_BYTES,
    onLongLine: (n) => {
      line = n;
      bad ??= new JournalReadError(`${file}:${n}: a line longer than any entry a writer writes (${ENTRY_MAX_BYTES} bytes), which replay does not read: check the journal with warden verify`);
      return SKIP_LONG_LINES(ENTRY_MAX_BYTES).onLongLine(n);
    },
  }).catch((error: unknown) => {
    throw new JournalReadError(pathProblem(file, error, 'a journal segment'));
  });
  if (read.torn && !last) throw new JournalReadError(`${file}:${read.lines + 1}: line without a newline before the last segment`);
  if (bad) throw bad;
}

/** Responses are matched to the requests before them, so decisions must come in `seq` order, as every writer leaves them. */
function inOrder(entry: DecisionEntry, where: string, order: { seq: number; at: string }): DecisionEntry {
  if (entry.seq <= order.seq) throw new JournalReadError(`${where}: decision seq ${entry.seq} does not follow seq ${order.seq} (${order.at}); replay reads decisions in journal order: check the journal with warden verify`);
  order.seq = entry.seq;
  order.at = where;
  return entry;
}

function parseEntry(line: string, where: string): DecisionEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new JournalReadError(`${where}: not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new JournalReadError(`${where}: not a JSON object`);
  const entry = value as Record<string, unknown>;
  if (entry.kind !== 'decision') return undefined;
  const problem = malformed(entry);
  if (problem) throw new JournalReadError(`${where}: decision entry ${problem}`);
  return entry as unknown as DecisionEntry;
}

/** A field the journal replaced by its digest is not there to check: such an entry is counted, not replayed (input.ts). */
function malformed(e: Record<string, unknown>): string | undefined {
  if (!Number.isSafeInteger(e.seq)) return 'has no integer seq';
  if (e.oversized !== undefined && (typeof e.oversized !== 'object' || e.oversized === null || Array.isArray(e.oversized))) return 'has an oversized field that is not an object';
  const digested = (key: string) => e.oversized !== undefined && Object.hasOwn(e.oversized as object, key);
  for (const key of ['decision_id', 'session_id', 'upstream', 'direction'] as const) {
    if (typeof e[key] !== 'string' && !digested(key)) return `has no string ${key}`;
  }
  if (typeof e.allow !== 'boolean' && !digested('allow')) return 'has no boolean allow';
  if ((!Array.isArray(e.reasons) || !e.reasons.every((r) => typeof r === 'string')) && !digested('reasons')) return 'has no reasons list';
  if (e.input !== undefined && (typeof e.input !== 'object' || e.input === null || Array.isArray(e.input))) return 'has an input that is not an object';
  return undefined;
}
