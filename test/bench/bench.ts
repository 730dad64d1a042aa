/**
 * `make bench`: one run, one table. Measures the policy evaluation path the proxy uses
 * (PolicyStore.decide on a tools/call input built like the mediator builds it), compile+load
 * of the default policy, and the tools/call round trip straight to the example server versus
 * through `warden run`, the baseline measured in the same run. No thresholds: numbers only.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { buildInput, timeInfo, type DecisionInput } from '../../engine/decision/index.js';
import { buildPolicy, PolicyStore, readPolicyDir } from '../../engine/policy/index.js';
import type { JsonValue } from '../../engine/protocol/jsonrpc.js';
import { localPrincipal, Session } from '../../engine/session/index.js';
import { ROOT, SHIPPED_POLICIES, WARDEN, WORKSPACE_SERVER } from '../e2e/support/repo.js';
import { unquarantinedData } from '../e2e/support/sandbox.js';
import { percentile, sample, sampleSync } from './stats.js';
import { notesWorkspace } from './clients.js';
import { benchTransports } from './transports.js';
import { benchPolicySize } from './policy-size.js';
import { benchDecisions } from './decision.js';
import { benchStdioTargets } from './stdio-targets.js';
import { benchToolSearch } from './tool-search.js';
import { benchRouting } from './routing.js';
import { ratioOf, recordResult, tenths, us, writeResults } from './results.js';
import { rssMiB } from './processes.js';

const EVALUATIONS = 20_000;
const COMPILES = 10;
const ROUND_TRIPS = 500;
/** Gitignored: the JSON form of this run, to compare with another run's. */
const RESULTS_FILE = path.join(ROOT, 'bench-results.json');

interface Row {
  what: string;
  p50: number;
  p99: number;
  note: string;
}

async function main(): Promise<void> {
  // `bench.js policy-size` runs that section alone
  if (process.argv[2] === 'policy-size') return void await benchPolicySize();
  // `bench.js decision` runs only the decision section; no argument runs everything
  if (process.argv[2] === 'decision') return print(await benchDecisions(), tmpdir());
  // `bench.js stdio`: issue 10's stdio->stdio latency, CPU, throughput and memory targets alone
  if (process.argv[2] === 'stdio') return benchStdioTargets();
  // `bench.js transports`: the HTTP, WebSocket and stdio bridges against supergateway alone
  if (process.argv[2] === 'transports') return benchTransports();
  // `bench.js tool-search`: BM25 index build and query times for 1,000 tools, recall on the catalog
  if (process.argv[2] === 'tool-search') return benchToolSearch();
  // `bench.js routing`: a call routed among 3 upstreams vs 1, tools/list of 1,000 aggregated tools
  if (process.argv[2] === 'routing') return benchRouting();
  const work = await mkdtemp(path.join(tmpdir(), 'mcp-warden-bench-'));
  try {
    const workspace = await notesWorkspace(work);
    const direct = await connect(process.execPath, [WORKSPACE_SERVER, workspace], {});
    const tools = (await direct.client.listTools()).tools as unknown as JsonValue[];
    const rows = [await evaluation(tools), ...await benchDecisions(), await compileAndLoad()];
    const baseline = await roundTrips(direct.client, 'tools/call round trip, direct');
    for (const row of [rows[0]!, rows.at(-1)!, baseline]) recordResult('main', { what: row.what, p50_us: us(row.p50), p99_us: us(row.p99) });
    const memory = [`server alone: ${rssText(direct.pid)}`];
    recordResult('main', { what: 'rss, server alone', rss_mib: rssNumber(direct.pid) });
    const proxied: Row[] = [];
    // the same proxy with its journal on disk (fdatasync per decision) and, where there is one,
    // on tmpfs: the difference is what durable journaling costs
    for (const [label, journal] of journalDirs(work)) {
      // The bench calls tools nobody approved: the shipped policy with its quarantine off.
      const warden = await connect(process.execPath, [WARDEN, 'run', '--policies', SHIPPED_POLICIES, '--data', unquarantinedData(), '--journal', journal, '--',
        process.execPath, WORKSPACE_SERVER, workspace], { MCP_WARDEN_HOME: path.join(work, 'home') });
      const row = await roundTrips(warden.client, `tools/call round trip, warden run (${label})`);
      row.note = `${(row.p50 / baseline.p50).toFixed(2)}x p50, ${(row.p99 / baseline.p99).toFixed(2)}x p99 vs direct`;
      memory.push(`warden run (${label}) after ${ROUND_TRIPS + 50} calls: ${rssText(warden.pid)}`);
      recordResult('main', { what: `rss, warden run (${label})`, calls: ROUND_TRIPS + 50, rss_mib: rssNumber(warden.pid) });
      recordResult('main', { what: row.what, p50_us: us(row.p50), p99_us: us(row.p99), p50_vs_direct: ratioOf(row.p50, baseline.p50), p99_vs_direct: ratioOf(row.p99, baseline.p99) });
      proxied.push(row);
      await warden.client.close();
      await rm(journal, { recursive: true, force: true });
    }
    await direct.client.close();
    print([...rows, baseline, ...proxied], work);
    process.stdout.write(`\nresident memory (RSS)\n${memory.map((m) => `  ${m}`).join('\n')}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  await benchTransports();
  await benchStdioTargets();
  await benchPolicySize();
  await benchToolSearch();
  await benchRouting();
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

async function roundTrips(client: Client, what: string): Promise<Row> {
  const call = () => client.callTool({ name: 'read_file', arguments: { path: 'notes.txt' } });
  const times = await sample(ROUND_TRIPS, 50, call);
  return { what, p50: percentile(times, 50), p99: percentile(times, 99), note: `${ROUND_TRIPS} sequential read_file calls` };
}

async function connect(command: string, args: string[], env: Record<string, string>): Promise<{ client: Client; pid: number | null }> {
  const client = new Client({ name: 'mcp-warden-bench', version: '0.0.0' });
  const transport = new StdioClientTransport({ command, args, env: { ...getDefaultEnvironment(), ...env }, stderr: 'ignore' });
  await client.connect(transport);
  return { client, pid: transport.pid };
}

function journalDirs(work: string): Array<[string, string]> {
  const dirs: Array<[string, string]> = [['journal on disk', path.join(work, 'journal')]];
  if (existsSync('/dev/shm')) dirs.push(['journal on tmpfs', path.join('/dev/shm', `${path.basename(work)}-journal`)]);
  return dirs;
}

/** Resident set size of a process, from /proc (Linux); "n/a" elsewhere. */
function rssText(pid: number | null): string {
  const mib = rssNumber(pid);
  return mib === null ? 'n/a' : `${mib.toFixed(1)} MiB`;
}

function rssNumber(pid: number | null): number | null {
  return pid === null ? null : tenths(rssMiB(pid));
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
main().then(() => writeResults(RESULTS_FILE)).catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
