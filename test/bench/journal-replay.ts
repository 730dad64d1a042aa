/**
 * `bench.js journal`, replay part: `warden replay` over a journal of many recorded decisions, in
 * a process of its own so that its peak RSS is the replay's. Replay streams the journal (one
 * decision at a time into the report), so its memory should not grow with the decisions.
 * `BENCH_REPLAY_WARDEN` runs another build's CLI on the same journal, to compare.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openJournal } from '../../engine/journal/index.js';

/** Request/response pairs written; `BENCH_REPLAY_PAIRS` to measure more. */
export const REPLAY_PAIRS = Number(process.env.BENCH_REPLAY_PAIRS ?? 50_000);
const BATCH = 1000;
const WARDEN = process.env.BENCH_REPLAY_WARDEN ?? fileURLToPath(new URL('../../cli/warden.js', import.meta.url));

const POLICY = `package mcp

import rego.v1

allow if input.method == "tools/call"

deny contains "no writes" if {
	input.kind == "request"
	input.params.name == "write_file"
}
`;

export interface Replayed { ms: number; maxRssMb: number; decisions: number; changed: number }

/** Writes the journal and the candidate policy under `work`; replays it in a child. */
export async function benchReplay(work: string): Promise<Replayed> {
  const dir = path.join(work, 'replay-journal');
  const policies = path.join(work, 'replay-policy');
  await mkdir(policies, { recursive: true });
  await writeFile(path.join(policies, 'mcp.rego'), POLICY);
  await writeRecorded(dir);
  return replayInChild(dir, policies);
}

const TIME = { rfc3339: '2025-06-30T09:15:02.120Z', ns: '1751274902120000123' };

function pair(n: number): Record<string, unknown>[] {
  const common = { kind: 'decision', session_id: `s-${n % 50}`, upstream: 'workspace', method: 'tools/call', request_id: n, tool: n % 7 === 0 ? 'write_file' : 'read_file', allow: true, reasons: [], failure: null };
  const params = { name: common.tool, arguments: { path: `notes/${n}.txt`, text: 'x'.repeat(200) } };
  return [
    { ...common, decision_id: `q-${n}`, direction: 'client_to_server', message_kind: 'request', input: { direction: 'client_to_server', kind: 'request', method: 'tools/call', id: n, params, upstream: 'workspace', time: TIME } },
    { ...common, decision_id: `r-${n}`, direction: 'server_to_client', message_kind: 'response', input: { direction: 'server_to_client', kind: 'response', method: 'tools/call', request: { id: n }, result: { content: [{ type: 'text', text: 'y'.repeat(200) }] }, upstream: 'workspace', time: TIME } },
  ];
}

async function writeRecorded(dir: string): Promise<void> {
  const journal = await openJournal({ dir, recordInputs: { maxBytes: 65536 } });
  for (let i = 0; i < REPLAY_PAIRS; i += BATCH) {
    const entries = Array.from({ length: Math.min(BATCH, REPLAY_PAIRS - i) }, (_, k) => pair(i + k)).flat();
    await Promise.all(entries.map((entry) => journal.append(entry as { kind: 'decision' })));
  }
  await journal.close();
}

function replayInChild(dir: string, policies: string): Promise<Replayed> {
  const script = `process.argv = [process.argv[0], ${JSON.stringify(WARDEN)}, 'replay', '--journal', ${JSON.stringify(dir)}, '--policies', ${JSON.stringify(policies)}, '--format', 'json'];
const start = performance.now();
process.on('exit', () => process.stderr.write('\\nBENCH ' + JSON.stringify({ ms: performance.now() - start, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\\n'));
await import(${JSON.stringify(new URL(`file://${WARDEN}`).href)});`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const measured = /BENCH (\{.*\})/.exec(err)?.[1];
      if (code !== 0 || measured === undefined) return reject(new Error(`replay child exited with ${code}: ${err.slice(-2000)}`));
      const report = JSON.parse(out) as { decisions: number; changed: number };
      resolve({ ...(JSON.parse(measured) as { ms: number; maxRssMb: number }), decisions: report.decisions, changed: report.changed });
    });
  });
}
