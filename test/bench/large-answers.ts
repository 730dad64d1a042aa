/**
 * Large tool answers over stdio: `read_file` of a text file of 16 KB and of 64 KB, direct and
 * through warden (shipped policy, batched journal), each measured in the same run. A large answer
 * is where a message costs most per byte: it is parsed, scanned for secrets and personal data,
 * committed to in the journal and serialised again for the client.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { listedOnce, notesWorkspace, type Connected } from './clients.js';
import { releaseNotes } from './decision.js';
import { cpuMs, cpuPerCallUs } from './processes.js';
import { percentile, sample } from './stats.js';
import { cpuUsText, ratioOf, recordResult, tenths, us, usText } from './results.js';
import { connect } from './stdio-targets.js';

const SIZES = [16_384, 65_536];
/**
 * Calls before each size's sample: after 200, V8 was still optimizing the path, and warden's CPU
 * per 16 KB call read 1.4-2.9 ms against 0.7-0.75 ms after 1,500.
 */
const WARMUP = 1500;
const CALLS = 200;

interface Measured {
  p50: number;
  /** The middle process's CPU per call (warden's; for direct, the server's), in microseconds. */
  cpu?: number;
}

export async function benchLargeAnswers(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'mcp-warden-bench-large-'));
  try {
    const workspace = await notesWorkspace(work);
    for (const size of SIZES) await writeFile(path.join(workspace, fileOf(size)), releaseNotes(size));
    const direct = await measure(() => connect('direct', work, workspace));
    const warden = await measure(() => connect('batched', work, workspace));
    const lines = [
      `large answers over stdio: read_file of a text file, ${CALLS} sequential calls after ${WARMUP}, one session per path`,
      `${'size'.padEnd(8)} ${'direct p50'.padStart(11)} ${'warden p50'.padStart(11)} ${'+p50'.padStart(9)} ${'warden cpu/call'.padStart(16)} ${'server cpu/call'.padStart(16)}`,
    ];
    SIZES.forEach((size, i) => {
      const [d, w] = [direct[i]!, warden[i]!];
      lines.push(`${`${size / 1024} KB`.padEnd(8)} ${usText(d.p50).padStart(11)} ${usText(w.p50).padStart(11)} ${`+${usText(w.p50 - d.p50)}`.padStart(9)} `
        + `${cpuUsText(w.cpu).padStart(16)} ${cpuUsText(d.cpu).padStart(16)}`);
      recordResult('large-answers', {
        bytes: size, direct_p50_us: us(d.p50), warden_p50_us: us(w.p50), p50_vs_direct: ratioOf(w.p50, d.p50),
        warden_cpu_per_call_us: tenths(w.cpu), server_cpu_per_call_us: tenths(d.cpu),
      });
    });
    process.stdout.write(`\n${lines.join('\n')}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function fileOf(size: number): string {
  return `answer-${size}.txt`;
}

/** Each size in turn on one session: its warm-up, then its measured calls. */
async function measure(open: () => Promise<Connected>): Promise<Measured[]> {
  const { client, pid, close } = await open();
  try {
    await listedOnce(client);
    const rows: Measured[] = [];
    for (const size of SIZES) {
      const read = (): Promise<unknown> => readAnswer(client, fileOf(size));
      await sample(0, WARMUP, read);
      const before = cpuMs(pid);
      const times = await sample(CALLS, 0, read);
      const after = cpuMs(pid);
      rows.push({ p50: percentile(times, 50), cpu: cpuPerCallUs(before, after, CALLS) });
    }
    return rows;
  } finally {
    await close();
  }
}

async function readAnswer(client: Client, file: string): Promise<unknown> {
  const answer = await client.callTool({ name: 'read_file', arguments: { path: file } });
  if (answer.isError) throw new Error(`read_file ${file} failed: ${JSON.stringify(answer).slice(0, 200)}`);
  return answer;
}
