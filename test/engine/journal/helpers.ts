/** Shared fixtures for the journal tests: temp dirs, keys, and line-level surgery on segments. */
import type { KeyObject } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openJournal, type JournalOptions } from '../../../engine/journal/index.js';
import { canonicalJson } from '../../../engine/journal/canonical.js';
import { checkpointText, originFor } from '../../../engine/journal/checkpoint.js';
import { chainHash, GENESIS_PREV, leafHash } from '../../../engine/journal/hashing.js';
import { MerkleFrontier } from '../../../engine/journal/merkle.js';
import { formatVerifierKey, signNote } from '../../../engine/journal/note.js';

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'mcp-warden-journal-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Runs `body` in a fresh temporary directory, removed afterwards whatever happens. */
export async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await tempDir();
  try {
    await body(dir);
  } finally {
    await removeDir(dir);
  }
}

export { keyPair } from '../../support/key-pair.js';

export const SEGMENT_1 = 'segment-000001.jsonl';
export const CHECKPOINT_1 = 'segment-000001.checkpoint';

/** Writes `count` decision entries and closes; lines 1-2 are the segment and journal headers. */
export async function writeJournal(dir: string, count: number, options: Omit<JournalOptions, 'dir'> = {}): Promise<void> {
  const journal = await openJournal({ dir, ...options });
  await Promise.all(Array.from({ length: count }, (_, i) => journal.append({ kind: 'decision', allow: i % 3 !== 0, note: `entry-${i}` })));
  await journal.close();
}

export async function readLines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return text.split('\n').slice(0, -1);
}

export async function writeLines(file: string, lines: string[]): Promise<void> {
  await writeFile(file, lines.map((l) => `${l}\n`).join(''));
}

/** What an attacker without the key can do: recompute every prev so the chain is intact again. */
export function rechain(lines: string[], edit: (entry: Record<string, unknown>) => void = () => undefined, startPrev = GENESIS_PREV): string[] {
  let prev = startPrev;
  return lines.map((line) => {
    const entry = JSON.parse(line) as Record<string, unknown>;
    edit(entry);
    entry.prev = prev;
    const text = canonicalJson(entry);
    prev = chainHash(Buffer.from(text, 'utf8'));
    return text;
  });
}

/** Signs a `closed` checkpoint over `lines` with `key`, as a forger holding their own key would. */
export function forgeCheckpoint(lines: string[], journalId: string, key: KeyObject): string {
  const frontier = new MerkleFrontier();
  for (const line of lines) frontier.push(leafHash(Buffer.from(line, 'utf8')));
  const origin = originFor(journalId);
  return signNote(checkpointText({ origin, size: frontier.size, root: frontier.root(), state: 'closed' }), origin, key);
}

export function verifierKeyFor(journalId: string, key: KeyObject): string {
  return formatVerifierKey(originFor(journalId), key);
}

export function journalIdOf(lines: string[]): string {
  return (JSON.parse(lines[0]!) as { journal: string }).journal;
}

/** Every entry of every segment of the journal in `dir`, in order. */
export async function allEntries(dir: string): Promise<Record<string, unknown>[]> {
  const segments = (await readdir(dir)).filter((n) => /^segment-\d{6}\.jsonl$/.test(n)).sort();
  const lines = await Promise.all(segments.map((name) => readLines(path.join(dir, name))));
  return lines.flat().map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The state line (`open`, `rotated`, `closed`) of a checkpoint file. */
export async function checkpointState(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).split('\n')[3]!.replace('state ', '');
}
