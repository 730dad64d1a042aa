/**
 * `warden run` over stdio with an upstream it cannot reach, through the built CLI: a server that
 * cannot be spawned, one that exits at once, a WebSocket upstream refusing connections. The
 * client's requests get a JSON-RPC error naming the cause (never a secret of the upstream's URL),
 * each is journaled, and warden exits 1 saying why on stderr. A server lost mid-session still
 * answers the requests in flight.
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { WebSocketClientTransport } from '@modelcontextprotocol/sdk/client/websocket.js';
import '../support/global-websocket.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { StderrLog } from '../../examples/demo/stderr-log.js';
import { errorOf } from './support/clients.js';
import { within } from './support/line-session.js';
import { freePort, startWarden } from './support/network.js';
import { WARDEN } from './support/repo.js';
import { assertJournalVerifies, type Sandbox, withSandbox } from './support/sandbox.js';

const INITIALIZE = '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}';
const UPSTREAM_UNAVAILABLE = -32000;

interface Outcome {
  answers: Array<{ id: unknown; error: { code: number; message: string } }>;
  code: number | null;
  stderr: string;
}

/** Starts `warden run` with `args`, writes `lines` at once and keeps its stdin open: warden must end on its own. */
async function runRefused(box: Sandbox, args: string[], lines: string[]): Promise<Outcome> {
  const warden = spawn(process.execPath, [WARDEN, 'run', '--policies', box.policies, '--journal', box.journal, ...args], { env: box.env });
  let stdout = '';
  let stderr = '';
  warden.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString('utf8')));
  warden.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  warden.stdin.on('error', () => undefined);
  warden.stdin.write(lines.map((line) => `${line}\n`).join(''));
  const exited = new Promise<number | null>((resolve) => warden.once('exit', resolve));
  try {
    const code = await within(20_000, exited, 'warden did not exit on its own');
    const answers = stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Outcome['answers'][number]);
    return { answers, code, stderr };
  } finally {
    warden.kill('SIGKILL');
  }
}

test('an MCP SDK client whose upstream cannot be spawned gets a JSON-RPC error naming the cause from connect', () =>
  withSandbox(async (box) => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [WARDEN, 'run', '--policies', box.policies, '--journal', box.journal, '--', 'nosuch-mcp-server', '--flag'],
      env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: box.home },
      stderr: 'pipe',
    });
    const stderr = new StderrLog(transport.stderr as Readable);
    const client = new Client({ name: 'mcp-warden-e2e', version: '0.0.0' });
    let refused: McpError;
    try {
      refused = await within(20_000, errorOf(client.connect(transport), 'connect succeeded'), `connect did not fail:\n${stderr.text}`);
    } finally {
      await client.close();
    }
    assert.is(refused.code, UPSTREAM_UNAVAILABLE, refused.message);
    assert.match(refused.message, /upstream unavailable: .*cannot start nosuch-mcp-server/);
    const initialize = (await readEntries(box.journal)).find((e) => e.kind === 'decision' && e.method === 'initialize');
    assert.is(initialize?.action, 'deny');
    assert.match(String((initialize?.reasons as string[])[0]), /^upstream unavailable: /);
  }));

test('requests sent before the spawn failure is known are each answered and journaled; warden exits 1 saying why', () =>
  withSandbox(async (box) => {
    const outcome = await runRefused(box, ['--', 'nosuch-mcp-server'], [
      INITIALIZE,
      '{"jsonrpc":"2.0","method":"notifications/initialized"}',
      '{"jsonrpc":"2.0","id":"second","method":"ping"}',
    ]);
    assert.equal(outcome.answers.map((a) => [a.id, a.error.code]), [[1, UPSTREAM_UNAVAILABLE], ['second', UPSTREAM_UNAVAILABLE]]);
    for (const answer of outcome.answers) assert.match(answer.error.message, /upstream unavailable: .*cannot start nosuch-mcp-server/);
    assert.is(outcome.code, 1);
    assert.match(outcome.stderr, /warden: error: cannot start the upstream nosuch-mcp-server: /);
    const entries = await readEntries(box.journal);
    const refused = entries.filter((e) => e.kind === 'decision' && e.action === 'deny' && e.message_kind === 'request');
    assert.equal(refused.map((e) => [e.request_id, e.method]), [[1, 'initialize'], ['second', 'ping']]);
    assert.ok(entries.some((e) => e.refusal === 'upstream_unavailable' && e.listener === 'stdio'), 'the refused session is journaled too');
    assertJournalVerifies(box);
  }));

test('a server that exits at once: the client is answered, not met by a closed stdout', () =>
  withSandbox(async (box) => {
    const outcome = await runRefused(box, ['--', process.execPath, '-e', 'process.exit(3)'], [INITIALIZE]);
    assert.equal(outcome.answers.map((a) => [a.id, a.error.code]), [[1, UPSTREAM_UNAVAILABLE]]);
    assert.match(outcome.answers[0]!.error.message, /upstream unavailable: the upstream server closed the connection/);
    assert.is(outcome.code, 1);
    assert.match(outcome.stderr, /the server exited with code 3/);
  }));

test('a WebSocket upstream refusing connections: the cause is named, its URL\'s credentials and token are not', () =>
  withSandbox(async (box) => {
    const port = await freePort();
    const outcome = await runRefused(box, ['--upstream', `ws://alice:hunter2@127.0.0.1:${port}/mcp/path-secret?token=s3cret`], [INITIALIZE]);
    assert.equal(outcome.answers.map((a) => [a.id, a.error.code]), [[1, UPSTREAM_UNAVAILABLE]]);
    assert.match(outcome.answers[0]!.error.message, /upstream unavailable: .*ECONNREFUSED/);
    assert.is(outcome.code, 1);
    const journal = JSON.stringify(await readEntries(box.journal));
    for (const secret of ['hunter2', 's3cret', 'path-secret']) {
      for (const [where, text] of [['answer', JSON.stringify(outcome.answers)], ['stderr', outcome.stderr], ['journal', journal]] as const) {
        assert.not.ok(text.includes(secret), `${secret} in the ${where}`);
      }
    }
  }));

/** Answers initialize, then exits on tools/list without answering it. */
const DIES_ON_LIST = `
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.method === 'initialize') process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'dies', version: '1' } } }) + '\\n');
  if (m.method === 'tools/list') process.exit(4);
});`;

test('a server lost mid-session: the request in flight is answered -32603, and warden exits 1', () =>
  withSandbox(async (box) => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [WARDEN, 'run', '--policies', box.policies, '--journal', box.journal, '--', process.execPath, '-e', DIES_ON_LIST],
      env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: box.home },
      stderr: 'pipe',
    });
    const stderr = new StderrLog(transport.stderr as Readable);
    const client = new Client({ name: 'mcp-warden-e2e', version: '0.0.0' });
    const closed = new Promise<void>((resolve) => { client.onclose = resolve; });
    try {
      await client.connect(transport);
      const lost = await within(20_000, errorOf(client.listTools()), `tools/list was not answered:\n${stderr.text}`);
      assert.is(lost.code, -32603, lost.message);
      assert.match(lost.message, /the upstream server closed the session before the request was answered/);
      await within(20_000, closed, 'warden did not end the session');
    } finally {
      await client.close();
    }
    assert.match(stderr.text, /the upstream server closed the connection/);
    assertJournalVerifies(box);
  }));


test('over a WebSocket listener the SDK client is answered with the cause too, and warden goes on serving', async () => {
  const warden = await startWarden(['--listen', 'ws://127.0.0.1:0/mcp', '--no-auth', '--', 'nosuch-mcp-server'], 1);
  try {
    for (const attempt of [1, 2]) {
      const client = new Client({ name: 'mcp-warden-e2e', version: '0.0.0' });
      let refused: McpError;
      try {
        refused = await within(20_000, errorOf(client.connect(new WebSocketClientTransport(new URL(warden.urls[0]!))), 'connect succeeded'), `attempt ${attempt}:\n${warden.stderr()}`);
      } finally {
        await client.close();
      }
      assert.is(refused.code, UPSTREAM_UNAVAILABLE, refused.message);
      assert.match(refused.message, /upstream unavailable: .*nosuch-mcp-server/);
    }
  } finally {
    await warden.remove();
  }
});

test.run();
