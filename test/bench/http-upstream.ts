/**
 * `bench.js http-upstream`: concurrent tool calls to a Streamable HTTP server answering in JSON
 * (the SDK's `enableJsonResponse`), whose response headers wait for the tool's result. One SDK
 * client sends CALLS calls of a tool taking TOOL_MS at once and waits for every answer: straight
 * to the server, and through `warden run --upstream` (shipped policy, batched journal), in
 * alternating rounds. Warden issues its POSTs one at a time, each waiting for the previous one's
 * headers for a bounded time (transports/http/client/hold-back.ts); a fixed 100 ms bound
 * let one POST out per tool run here, CALLS x TOOL_MS in all.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { SHIPPED_POLICIES, WARDEN } from '../e2e/support/repo.js';
import { unquarantinedData } from '../e2e/support/sandbox.js';
import { sdkUpstream } from '../transports/http/client/sdk-upstream.js';
import { ratioOf, recordResult } from './results.js';

const CALLS = 64;
const TOOL_MS = 50;
const ROUNDS = 5;

export async function benchHttpUpstream(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'mcp-warden-bench-http-upstream-'));
  const server = await sdkUpstream({ server: slowServer, jsonResponse: true });
  const direct = new Client({ name: 'mcp-warden-bench', version: '0.0.0' });
  const warden = new Client({ name: 'mcp-warden-bench', version: '0.0.0' });
  try {
    await direct.connect(new StreamableHTTPClientTransport(server.url));
    await warden.connect(new StdioClientTransport({
      command: process.execPath,
      args: [WARDEN, 'run', '--policies', SHIPPED_POLICIES, '--data', unquarantinedData(), '--journal', path.join(work, 'journal'), '--upstream', server.url.href],
      env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: path.join(work, 'home') }, stderr: 'ignore',
    }));
    // As clients do, and warden checks arguments against the schemas a listing gave.
    await Promise.all([direct.listTools(), warden.listTools()]);
    const times = { direct: [] as number[], warden: [] as number[] };
    for (let round = 0; round <= ROUNDS; round++) {
      const d = await burst(direct);
      const w = await burst(warden);
      // Round 0 warms both paths up.
      if (round === 0) continue;
      times.direct.push(d);
      times.warden.push(w);
    }
    report(median(times.direct), median(times.warden));
  } finally {
    await Promise.allSettled([direct.close(), warden.close()]);
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** Milliseconds from sending CALLS calls at once to the last answer. */
async function burst(client: Client): Promise<number> {
  const start = performance.now();
  const answers = await Promise.all(Array.from({ length: CALLS }, (_, i) => client.callTool({ name: 'read_file', arguments: { path: `notes/${i}.md` } })));
  const failed = answers.find((answer) => answer.isError);
  if (failed) throw new Error(`a call failed: ${JSON.stringify(failed.content)}`);
  return performance.now() - start;
}

function report(direct: number, warden: number): void {
  const ratio = ratioOf(warden, direct);
  recordResult('http-upstream', { what: `${CALLS} concurrent calls of a ${TOOL_MS} ms tool, JSON answers`, direct_ms: Math.round(direct), warden_ms: Math.round(warden), warden_vs_direct: ratio, fixed_window_ms: CALLS * TOOL_MS });
  process.stdout.write([
    '',
    `HTTP upstream answering in JSON: ${CALLS} concurrent calls of a ${TOOL_MS} ms tool from one SDK client, until all answered (median of ${ROUNDS} alternating rounds)`,
    `  direct             ${direct.toFixed(0).padStart(6)} ms`,
    `  warden --upstream  ${warden.toFixed(0).padStart(6)} ms  ${ratio.toFixed(2)}x direct; with the former fixed 100 ms ordering window: ${CALLS} x ${TOOL_MS} ms = ${CALLS * TOOL_MS} ms`,
    '',
  ].join('\n'));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A server whose `read_file` takes TOOL_MS. */
function slowServer(): McpServer {
  const server = new McpServer({ name: 'json-bench', version: '1.0.0' });
  server.registerTool('read_file', { description: 'reads a file, slowly', inputSchema: { path: z.string() } }, async ({ path: file }) => {
    await sleep(TOOL_MS);
    return { content: [{ type: 'text', text: `contents of ${file}` }] };
  });
  return server;
}
