/**
 * `bench.js journal`: `verifyJournal` over full 64 MiB segments (the writer's default size), in a
 * process of its own so that its peak RSS is the verification's: wall time, peak RSS and heap;
 * then an open resuming that journal, and `warden replay` of many decisions (journal-replay.ts).
 * The journal is written first with decision entries of about 500 bytes, as `warden run` writes
 * them. Memory is the figure that matters: verify streams its segments, so it stays flat
 * however many segments there are (engine/journal/FORMAT.md, Verifying).
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openJournal } from '../../engine/journal/index.js';
import { benchReplay, REPLAY_PAIRS } from './journal-replay.js';
import { recordResult } from './results.js';

const SEGMENT_BYTES = 64 * 1024 * 1024;
/** Full segments written; `BENCH_JOURNAL_SEGMENTS` to measure more. */
const SEGMENTS = Number(process.env.BENCH_JOURNAL_SEGMENTS ?? 2);
const BATCH = 2000;

interface Verified { ms: number; maxRssMb: number; heapMb: number; entries: number; ok: boolean }
interface Written { privateKey: KeyObject; publicKey: string }

export async function benchJournalVerify(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'mcp-warden-bench-journal-'));
  try {
    const dir = path.join(work, 'journal');
    const { privateKey, publicKey } = await writeJournal(dir);
    const run = await verifyInChild(dir, publicKey);
    const resumeMs = await resume(dir, privateKey);
    recordResult('journal', { what: `verify ${SEGMENTS} x 64 MiB segments`, ms: Math.round(run.ms), max_rss_mb: run.maxRssMb, heap_mb: run.heapMb, entries: run.entries });
    process.stdout.write(`\njournal (verifyJournal in a process of its own, pinned key)\n  verify ${SEGMENTS} full 64 MiB segments (${run.entries} entries, ${run.ok ? 'PASS' : 'FAIL'}): ${(run.ms / 1000).toFixed(1)} s, peak RSS ${run.maxRssMb} MB, heap after ${run.heapMb} MB\n`);
    recordResult('journal', { what: `resume (open and close) after ${SEGMENTS} x 64 MiB segments`, ms: Math.round(resumeMs) });
    process.stdout.write(`  resume (openJournal and close) after them: ${resumeMs.toFixed(0)} ms\n`);
    const replayed = await benchReplay(work);
    recordResult('journal', { what: `replay ${REPLAY_PAIRS * 2} recorded decisions`, ms: Math.round(replayed.ms), max_rss_mb: replayed.maxRssMb, entries: replayed.decisions });
    process.stdout.write(`  warden replay of ${replayed.decisions} recorded decisions (${replayed.changed} changed): ${(replayed.ms / 1000).toFixed(1)} s, peak RSS ${replayed.maxRssMb} MB\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** What a gateway restart pays before it serves: opening the journal (and closing it again, which signs one head). */
async function resume(dir: string, signingKey: KeyObject): Promise<number> {
  const start = performance.now();
  const journal = await openJournal({ dir, signingKey });
  const ms = performance.now() - start;
  await journal.close();
  return ms;
}

async function writeJournal(dir: string): Promise<Written> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const journal = await openJournal({ dir, signingKey: privateKey });
  const policy = 'f'.repeat(64);
  let written = 0;
  for (let i = 0; written < SEGMENTS * SEGMENT_BYTES; i += BATCH) {
    const batch = Array.from({ length: BATCH }, (_, k) => ({
      kind: 'decision' as const, decision_id: `d-${i + k}`, session_id: 's-1', upstream: 'workspace', direction: 'client_to_server',
      message_kind: 'request', method: 'tools/call', request_id: i + k, tool: 'read_file', allow: true, reasons: [], failure: null, policy,
      params: journal.commitment({ n: i + k }),
    }));
    await Promise.all(batch.map((entry) => journal.append(entry)));
    written += BATCH * 520;
  }
  await journal.close();
  return { privateKey, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

function verifyInChild(dir: string, publicKey: string): Promise<Verified> {
  const journal = new URL('../../engine/journal/index.js', import.meta.url).href;
  const script = `const { verifyJournal } = await import(${JSON.stringify(journal)});
const start = performance.now();
const report = await verifyJournal(${JSON.stringify(dir)}, { publicKey: ${JSON.stringify(publicKey)} });
const ms = performance.now() - start;
process.stdout.write(JSON.stringify({ ms, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), heapMb: Math.round(process.memoryUsage().heapUsed / 1048576), entries: report.entries, ok: report.ok }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Verified) : reject(new Error(`verify child exited with ${code}`))));
  });
}
