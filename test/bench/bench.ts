/**
 * `make bench`: one run, every section. This file measures the policy evaluation path the proxy
 * uses (PolicyStore.decide on a tools/call input built like the mediator builds it) and
 * compile+load of the default policy; round trips through warden against direct, each baseline
 * measured in the same run, are in the stdio and transport sections. No thresholds: numbers only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildInput, timeInfo, type DecisionInput } from '../../engine/decision/index.js';
import { buildPolicy, PolicyStore, readPolicyDir } from '../../engine/policy/index.js';
import type { JsonValue } from '../../engine/protocol/jsonrpc.js';
import { localPrincipal, Session } from '../../engine/session/index.js';
import { ROOT, SHIPPED_POLICIES } from '../e2e/support/repo.js';
import { benchServer } from './bench-server.js';
import { percentile, sample, sampleSync } from './stats.js';
import { notesWorkspace, stdioClient } from './clients.js';
import { benchTransports } from './transports.js';
import { benchPolicySize } from './policy-size.js';
import { benchDecisions } from './decision.js';
import { benchStdioTargets } from './stdio-targets.js';
import { benchLargeAnswers } from './large-answers.js';
import { benchToolSearch } from './tool-search.js';
import { benchRouting } from './routing.js';
import { benchHttpUpstream } from './http-upstream.js';
import { benchArguments } from './arguments.js';
import { benchJournalVerify } from './journal-verify.js';
import { recordResult, us, writeResults } from './results.js';

const EVALUATIONS = 20_000;
const COMPILES = 10;
/** Gitignored: the JSON form of this run, to compare with another run's. */
const RESULTS_FILE = path.join(ROOT, 'bench-results.json');

interface Row {
  what: string;
  p50: number;
  p99: number;
  note: string;
}

/** `bench.js SECTION` runs one section alone; no argument runs everything. */
const SECTIONS: Record<string, () => Promise<void>> = {
  // the decision rows of the first table
  'decision': async () => print(await benchDecisions(), tmpdir()),
  // issue 10's stdio->stdio latency, CPU, throughput and memory targets
  'stdio': benchStdioTargets,
  // read_file answers of 16 and 64 KB through warden against direct
  'large-answers': benchLargeAnswers,
  // the HTTP, WebSocket and stdio bridges against supergateway and the floors
  'transports': benchTransports,
  'policy-size': async () => void await benchPolicySize(),
  // BM25 index build and query times for 1,000 tools, recall on the catalog
  'tool-search': benchToolSearch,
  // a call routed among 3 upstreams vs 1, tools/list of 1,000 aggregated tools
  'routing': benchRouting,
  // 64 concurrent calls to an HTTP upstream answering in JSON, through warden and direct
  'http-upstream': benchHttpUpstream,
  // argument checks against inputSchemas, ordinary and built to exhaust the work budget
  'arguments': benchArguments,
  // verifyJournal over full 64 MiB segments: wall time and peak RSS
  'journal': benchJournalVerify,
};

async function main(section: string | undefined): Promise<string> {
  if (section === undefined) {
    await everything();
    return RESULTS_FILE;
  }
  const run = SECTIONS[section];
  if (!run) throw new UsageError(`usage: bench.js [${Object.keys(SECTIONS).join(' | ')}]: "${section}" is no section`);
  await run();
  // A section alone leaves its own file, so it never replaces a whole run's figures.
  return RESULTS_FILE.replace(/\.json$/, `.${section}.json`);
}

class UsageError extends Error {}

/** Each section's wall time, printed last: `make bench` must stay under three minutes. */
async function everything(): Promise<void> {
  const took: string[] = [];
  const timed = async (name: string, run: () => Promise<unknown>): Promise<void> => {
    const start = performance.now();
    await run();
    took.push(`${name} ${((performance.now() - start) / 1000).toFixed(0)} s`);
  };
  await timed('decision', decisionTable);
  await timed('transports', benchTransports);
  await timed('stdio', benchStdioTargets);
  await timed('large-answers', benchLargeAnswers);
  await timed('policy-size', benchPolicySize);
  await timed('tool-search', benchToolSearch);
  await timed('routing', benchRouting);
  await timed('http-upstream', benchHttpUpstream);
  await timed('arguments', benchArguments);
  await timed('journal', benchJournalVerify);
  process.stdout.write(`\nsections took: ${took.join(', ')}\n`);
}

async function decisionTable(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'mcp-warden-bench-'));
  try {
    const workspace = await notesWorkspace(work);
    const direct = await stdioClient(process.execPath, [...benchServer(), workspace], {});
    const tools = (await direct.client.listTools()).tools as unknown as JsonValue[];
    await direct.close();
    const rows = [await evaluation(tools), ...await benchDecisions(), await compileAndLoad()];
    for (const row of [rows[0]!, rows.at(-1)!]) recordResult('main', { what: row.what, p50_us: us(row.p50), p99_us: us(row.p99) });
    print(rows, work);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The proxy's evaluation path: one PolicyStore.decide per message, input built as the mediator does. */
async function evaluation(tools: JsonValue[]): Promise<Row> {
  const store = new PolicyStore(await buildPolicy(await readPolicyDir(SHIPPED_POLICIES)));
  const input = writeFileCall(tools);
  const verdict = store.decide(input).verdict;
  const times = sampleSync(EVALUATIONS, 2000, () => store.decide(input));
  return { what: 'evaluate(), default policy, tools/call', p50: percentile(times, 50), p99: percentile(times, 99), note: `${EVALUATIONS} runs; verdict ${verdict.allowed ? 'allow' : 'deny'}` };
}

function writeFileCall(tools: JsonValue[]): DecisionInput {
  const session = new Session({ transport: 'stdio', upstream: 'workspace', principal: localPrincipal() });
  const time = timeInfo();
  session.tools.observe(tools, time.rfc3339);
  session.recordInitializeRequest({ protocolVersion: '2025-06-18', clientInfo: { name: 'bench', version: '1.0.0' } });
  const content = 'Quarterly report draft.\n'.repeat(12);
  const message = { jsonrpc: '2.0' as const, id: 42, method: 'tools/call', params: { name: 'write_file', arguments: { path: 'reports/q3.md', content } } };
  return buildInput(message, {
    direction: 'client_to_server',
    session: session.info(),
    principal: session.principal,
    upstream: session.upstream,
    time,
    tool: session.tools.info('write_file', session.upstream),
  });
}

async function compileAndLoad(): Promise<Row> {
  const sources = await readPolicyDir(SHIPPED_POLICIES);
  const times = await sample(COMPILES, 1, () => buildPolicy(sources));
  return { what: 'compile + load default policy', p50: percentile(times, 50), p99: Math.max(...times), note: `${COMPILES} runs after 1 warm-up; "p99" = max` };
}

function print(rows: Row[], work: string): void {
  const ms = (v: number): string => (v < 1 ? `${(v * 1000).toFixed(1)} us` : `${v.toFixed(2)} ms`);
  const width = Math.max(...rows.map((r) => r.what.length));
  const lines = [
    `mcp-warden bench (node ${process.version}, ${process.platform}/${process.arch}; journal in ${path.dirname(work)})`,
    '',
    `${'measure'.padEnd(width)}  ${'p50'.padStart(10)}  ${'p99'.padStart(10)}  notes`,
    `${'-'.repeat(width)}  ${'-'.repeat(10)}  ${'-'.repeat(10)}  -----`,
    ...rows.map((r) => `${r.what.padEnd(width)}  ${ms(r.p50).padStart(10)}  ${ms(r.p99).padStart(10)}  ${r.note}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

// every run, a single section or all of them, leaves the JSON form of what it measured
main(process.argv[2]).then((file) => writeResults(file)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
