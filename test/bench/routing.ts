/**
 * `bench.js routing`: what aggregation costs, measured in one run through `warden run` over
 * stdio with the end-to-end policy (every listed tool probed by its tool-alone deny rule):
 * - a tools/call routed among 3 upstreams versus the same call with one upstream (no router);
 * - tools/list of about 1,000 tools merged from 3 upstreams (each upstream's page decided by the
 *   policy in one evaluation, so 3 in all) versus 1,000 tools from one upstream (one evaluation).
 * - the policy evaluations alone, in process: one evaluation of a 1,000-tool listing (the shipped
 *   policy, every tool probed) versus three of a third each, as the router decides them.
 * The ratios compare rows of the same run: the machine's load affects both sides alike.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { buildInput, timeInfo, type DecisionInput } from '../../engine/decision/index.js';
import { buildPolicy, PolicyStore, readPolicyDir } from '../../engine/policy/index.js';
import type { JsonObject } from '../../engine/protocol/jsonrpc.js';
import { localPrincipal, Session } from '../../engine/session/index.js';
import { EVERYTHING_POLICY } from '../e2e/support/network.js';
import { SHIPPED_POLICIES, WARDEN } from '../e2e/support/repo.js';
import { percentile, sample, sampleSync } from './stats.js';
import { ratioOf, recordResult, us } from './results.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../e2e/fixtures/routing-server.js');
const CALLS = 300;
const LISTS = 20;
const TOOLS = 1000;
/** The fixture's own tools besides the extra ones. */
const BASE_TOOLS = 5;

interface Measured { p50: number; p99: number }

export async function benchRouting(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'mcp-warden-bench-routing-'));
  try {
    const perUpstream = Math.round(TOOLS / 3) - BASE_TOOLS;
    const single = await open(work, 'single', ['--policies', EVERYTHING_POLICY, '--', process.execPath, FIXTURE, 'one', '', '', String(TOOLS - BASE_TOOLS)]);
    const config = path.join(work, 'three.yaml');
    const fixture = (label: string): string => JSON.stringify([process.execPath, FIXTURE, label, '', '', String(perUpstream)]);
    await writeFile(config, [
      `policies: ${JSON.stringify(EVERYTHING_POLICY)}`, 'upstreams:',
      ...['a', 'b', 'c'].map((n) => `  - { name: ${n}, command: ${fixture(n)}, sandbox: { mode: none } }`), '',
    ].join('\n'));
    const three = await open(work, 'three', ['--config', config]);
    const listed = [(await single.listTools()).tools.length, (await three.listTools()).tools.length];
    const call = (client: Client, name: string) => () => client.callTool({ name, arguments: { q: 'x' } });
    const list = (client: Client) => () => client.listTools();
    // Interleaved in halves, so drift in the machine's load falls on both sides.
    const calls1 = await sample(CALLS / 2, 30, call(single, 'whoami'));
    const calls3 = await sample(CALLS / 2, 30, call(three, 'b__whoami'));
    const lists1 = await sample(LISTS / 2, 3, list(single));
    const lists3 = await sample(LISTS / 2, 3, list(three));
    const calls1b = await sample(CALLS / 2, 0, call(single, 'whoami'));
    const calls3b = await sample(CALLS / 2, 0, call(three, 'b__whoami'));
    const lists1b = await sample(LISTS / 2, 0, list(single));
    const lists3b = await sample(LISTS / 2, 0, list(three));
    await single.close();
    await three.close();
    const c1 = join(calls1, calls1b);
    const c3 = join(calls3, calls3b);
    const l1 = join(lists1, lists1b);
    const l3 = join(lists3, lists3b);
    const ms = (v: number): string => `${v.toFixed(2)} ms`;
    const evaluations = await listingEvaluations();
    const rows: Array<[string, Measured, string]> = [
      ['tools/call, 1 upstream', c1, `${CALLS} calls`],
      ['tools/call, routed among 3 upstreams', c3, `${(c3.p50 / c1.p50).toFixed(2)}x p50 (${c3.p50 >= c1.p50 ? '+' : ''}${ms(c3.p50 - c1.p50)}), ${(c3.p99 / c1.p99).toFixed(2)}x p99`],
      [`tools/list, ${listed[0]} tools, 1 upstream`, l1, `${LISTS} lists, 1 evaluation each`],
      [`tools/list, ${listed[1]} tools from 3 upstreams`, l3, `${(l3.p50 / l1.p50).toFixed(2)}x p50; 3 evaluations (one per upstream page)`],
      ...evaluations,
    ];
    for (const [what, m] of rows) recordResult('routing', { what, p50_us: us(m.p50), p99_us: us(m.p99) });
    recordResult('routing', { what: 'ratios', routed_call_p50_vs_single: ratioOf(c3.p50, c1.p50), routed_call_p99_vs_single: ratioOf(c3.p99, c1.p99), list_3_upstreams_p50_vs_single: ratioOf(l3.p50, l1.p50),
      policy_3_pages_p50_vs_1_listing: ratioOf(evaluations[1]![1].p50, evaluations[0]![1].p50) });
    const width = Math.max(...rows.map((r) => r[0].length));
    process.stdout.write(`\nrouting (warden run over stdio, end-to-end policy; then the policy alone)\n${rows.map(([what, m, note]) => `  ${what.padEnd(width)}  ${ms(m.p50).padStart(10)}  ${ms(m.p99).padStart(10)}  ${note}`).join('\n')}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function open(work: string, name: string, args: string[]): Promise<Client> {
  const client = new Client({ name: 'mcp-warden-bench-routing', version: '0.0.0' });
  const transport = new StdioClientTransport({
    command: process.execPath, args: [WARDEN, 'run', '--journal', path.join(work, `journal-${name}`), ...args],
    env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: path.join(work, `home-${name}`) }, stderr: 'ignore',
  });
  await client.connect(transport);
  return client;
}

function join(a: number[], b: number[]): Measured {
  const all = [...a, ...b];
  return { p50: percentile(all, 50), p99: percentile(all, 99) };
}

/** The shipped policy deciding a listing of TOOLS tools in one evaluation, and the same tools as three pages. */
async function listingEvaluations(): Promise<Array<[string, Measured, string]>> {
  const sources = await readPolicyDir(SHIPPED_POLICIES);
  // Quarantine would hide every tool the bench makes up; without it half are shown (read-only ones).
  const config = sources.data.config as JsonObject;
  const data = { ...sources.data, config: { ...config, pinning: { ...(config.pinning as JsonObject), quarantine: false } } };
  const store = new PolicyStore(await buildPolicy({ ...sources, data }));
  const tools: JsonObject[] = Array.from({ length: TOOLS }, (_, i) => ({
    name: `tool-${i}`, description: `Looks up record ${i} by its query.`, inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
    annotations: { readOnlyHint: i % 2 === 0 },
  }));
  const third = Math.ceil(TOOLS / 3);
  const one = listing(tools, 'one');
  const pages = [0, 1, 2].map((k) => listing(tools.slice(k * third, (k + 1) * third), `u${k}`));
  const visible = store.decide(one).verdict.visibleTools?.length ?? 0;
  const once = sampleSync(LISTS, 3, () => store.decide(one));
  const split = sampleSync(LISTS, 3, () => { for (const page of pages) store.decide(page); });
  const a = { p50: percentile(once, 50), p99: percentile(once, 99) };
  const b = { p50: percentile(split, 50), p99: percentile(split, 99) };
  return [
    [`policy alone: ${TOOLS}-tool listing, 1 evaluation`, a, `shipped policy without quarantine, ${visible} shown`],
    [`policy alone: 3 pages of ${third}, 3 evaluations`, b, `${(b.p50 / a.p50).toFixed(2)}x p50`],
  ];
}

function listing(tools: JsonObject[], upstream: string): DecisionInput {
  const session = new Session({ transport: 'stdio', upstream, principal: localPrincipal() });
  const time = timeInfo();
  session.tools.observe(tools, time.rfc3339);
  const byName = Object.fromEntries(tools.map((t) => [String(t.name), session.tools.info(String(t.name), upstream)]));
  return buildInput({ jsonrpc: '2.0', id: 1, result: { tools } }, {
    direction: 'server_to_client', session: session.info(), principal: session.principal, upstream, time,
    answers: { id: 1, method: 'tools/list', params: {} }, tools: byName,
  });
}
