import { mkdtemp, realpath, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcNotification } from '../../../engine/protocol/jsonrpc.js';
import { isTransportError, type TransportErrorCode } from '../../../transports/errors.js';
import { StdioChildTransport, type ChildExit, type StdioChildTransportOptions } from '../../../transports/stdio/child.js';
import { runTransportContract, type TransportPair } from '../contract.suite.js';
import { Recorder } from '../recorder.js';
import { request } from '../sample-messages.js';
import { DEAF, RELAY, REPORTER, STUBBORN, writeThenExit } from './child-scripts.js';
import { StreamPeer } from './stream-peer.js';

runTransportContract('StdioChildTransport', async ({ maxMessageBytes }) => relayPair(maxMessageBytes));

/**
 * The relay child connects back only once the suite starts the transport, so the peer's
 * streams are stand-ins that get piped to the socket when it arrives; pipe() carries the
 * backpressure of a paused peer through to the socket.
 */
async function relayPair(maxMessageBytes: number): Promise<TransportPair> {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-relay-'));
  const socketPath = path.join(dir, 'peer.sock');
  const sockets: net.Socket[] = [];
  const toTransport = new PassThrough();
  const fromTransport = new PassThrough();
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    toTransport.pipe(socket);
    socket.pipe(fromTransport);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const transport = new StdioChildTransport({
    command: process.execPath,
    args: ['-e', RELAY, socketPath],
    maxMessageBytes,
    // A relay stuck behind a paused peer never sees EOF; don't make the suite wait long for it.
    gracefulExitMs: 300,
    terminateExitMs: 300,
  });
  const dispose = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  };
  return { transport, peer: new StreamPeer(toTransport, fromTransport), dispose };
}

function nodeChild(script: string, options: Partial<StdioChildTransportOptions> = {}): { transport: StdioChildTransport; rec: Recorder; exits: (ChildExit | undefined)[] } {
  const transport = new StdioChildTransport({ command: process.execPath, args: ['-e', script], ...options });
  const rec = new Recorder(transport);
  const exits: (ChildExit | undefined)[] = [];
  const counted = transport.onclose!;
  transport.onclose = (exit) => {
    exits.push(exit);
    counted();
  };
  return { transport, rec, exits };
}

test('a server that exits on its own: its last messages arrive, then upstream_exit, then onclose with the status', async () => {
  const lines = [request(1), request(2), request(3)];
  const { transport, rec, exits } = nodeChild(writeThenExit(lines, 3));
  await transport.start();
  await rec.untilClosed();
  assert.equal(rec.messages, lines);
  assert.equal(rec.errorCodes, ['upstream_exit']);
  assert.equal(rec.errors[0]!.detail, { exitCode: 3, signal: null });
  assert.equal(exits, [{ code: 3, signal: null, requested: false }]);
});

test('close() escalates to SIGKILL for a server that ignores EOF and SIGTERM', async () => {
  const { transport, rec, exits } = nodeChild(STUBBORN, { gracefulExitMs: 100, terminateExitMs: 100 });
  await transport.start();
  await rec.untilMessages(1);
  const pid = transport.pid!;
  await transport.close();
  assert.equal(exits, [{ code: null, signal: 'SIGKILL', requested: true }]);
  assert.equal(rec.errors, [], 'a requested exit is not an error');
  assert.not.ok(isAlive(pid), 'no process outlives the transport');
});

test('close() sends SIGTERM when EOF is not enough', async () => {
  const { transport, rec, exits } = nodeChild(DEAF, { gracefulExitMs: 100, terminateExitMs: 5000 });
  await transport.start();
  await rec.untilMessages(1);
  await transport.close();
  assert.equal(exits, [{ code: null, signal: 'SIGTERM', requested: true }]);
});

test('a command that cannot be spawned rejects start with spawn_failed and still fires onclose once', async () => {
  const transport = new StdioChildTransport({ command: '/nonexistent/mcp-server' });
  const rec = new Recorder(transport);
  await startRejects(transport, 'spawn_failed');
  assert.is(rec.closes, 1);
  assert.is(transport.name, 'stdio-child:mcp-server');
  await transport.close();
  assert.is(rec.closes, 1);
});

test('close() while the spawn is still pending stops the process once it is up', async () => {
  const { transport, rec, exits } = nodeChild(STUBBORN, { gracefulExitMs: 100, terminateExitMs: 100 });
  const starting = transport.start();
  await transport.close();
  await starting;
  assert.is(rec.closes, 1);
  assert.is(exits.length, 1);
  assert.is(exits[0]?.requested, true);
  assert.not.ok(isAlive(transport.pid!));
});

test('environment: an allowlist plus explicit variables, never warden secrets; cwd and stderr are honoured', async () => {
  process.env.WARDEN_TEST_SECRET = 'must-not-leak';
  const cwd = await realpath(tmpdir());
  const stderr = new PassThrough();
  let logged = '';
  stderr.on('data', (chunk: Buffer) => (logged += chunk.toString('utf8')));
  const { transport, rec } = nodeChild(REPORTER, { env: { SERVER_TOKEN: 'for-the-server' }, cwd, stderr });
  try {
    await transport.start();
    await rec.untilMessages(1);
    const { env, cwd: childCwd } = (rec.messages[0] as JsonRpcNotification).params as { env: Record<string, string>; cwd: string };
    assert.is(env.SERVER_TOKEN, 'for-the-server');
    assert.is(env.PATH, process.env.PATH);
    assert.is(env.WARDEN_TEST_SECRET, undefined);
    assert.is(childCwd, cwd);
    await transport.close();
    assert.ok(logged.includes('diagnostics on stderr'), `stderr passed through, got ${JSON.stringify(logged)}`);
    assert.ok(stderr.writable, 'the given stderr stream is left open');
  } finally {
    delete process.env.WARDEN_TEST_SECRET;
  }
});

test('by default the server\'s stderr reaches warden\'s prefixed, with its escape sequences made visible', async () => {
  const script = `process.stderr.write('\\x1b]52;c;cHduZWQ=\\x07\\x1b[1Awarden: fine\\n'); process.stdin.resume();`;
  const written: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const { transport } = nodeChild(script, { name: 'upstream:evil', gracefulExitMs: 100 });
    await transport.start();
    const deadline = Date.now() + 5000;
    while (written.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await transport.close();
  } finally {
    process.stderr.write = write;
  }
  assert.equal(written, ['[upstream:evil] \\x1b]52;c;cHduZWQ=\\x07\\x1b[1Awarden: fine\n']);
});

test('a wrapper\'s inputs are what descriptors 3 and 4 read to the end (bwrap\'s seccomp filter)', async () => {
  const readInputs = `const fs = require('fs');
const params = { three: fs.readFileSync(3, 'utf8'), four: fs.readFileSync(4, 'utf8') };
process.stdout.write(JSON.stringify({ jsonrpc: '2.0', method: 'inputs', params }) + '\\n');
process.stdin.resume();`;
  const { transport, rec } = nodeChild(readInputs, {
    stderr: 'ignore',
    wrap: (launch) => ({ ...launch, inputs: [Buffer.from('filter'), Buffer.from('x'.repeat(200_000))] }),
  });
  await transport.start();
  await rec.untilMessages(1);
  const { three, four } = (rec.messages[0] as JsonRpcNotification).params as { three: string; four: string };
  assert.is(three, 'filter');
  assert.is(four.length, 200_000, 'more than a pipe holds at once');
  await transport.close();
});

test('a requested close is not reported as an error and leaves no process behind', async () => {
  const { transport, rec, exits } = nodeChild(REPORTER, { stderr: 'ignore' });
  await transport.start();
  const pid = transport.pid!;
  await transport.send(request(1));
  await transport.close();
  assert.equal(exits, [{ code: 0, signal: null, requested: true }]);
  assert.equal(rec.errors, []);
  assert.not.ok(isAlive(pid));
});

test('prelaunch: the server starts at once, and what it writes before start() reaches onmessage after it', async () => {
  const transport = new StdioChildTransport({ command: process.execPath, args: ['-e', REPORTER], stderr: 'ignore' });
  transport.prelaunch();
  const pid = transport.pid!;
  assert.ok(isAlive(pid), 'spawned before start()');
  // Its report is written meanwhile, and left unread.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const rec = new Recorder(transport);
  await transport.start();
  await rec.untilMessages(1);
  assert.is((rec.messages[0] as JsonRpcNotification).method, 'report');
  assert.is(transport.pid, pid, 'start() uses the prelaunched process');
  await transport.close();
  assert.not.ok(isAlive(pid));
});

test('prelaunch, then close() without start(): nothing is delivered, the server is stopped and start() is refused', async () => {
  const transport = new StdioChildTransport({ command: process.execPath, args: ['-e', DEAF], gracefulExitMs: 100, terminateExitMs: 5000 });
  const rec = new Recorder(transport);
  transport.prelaunch();
  const pid = transport.pid!;
  await new Promise((resolve) => setTimeout(resolve, 300));
  await transport.close();
  assert.not.ok(isAlive(pid), 'no process outlives the transport');
  assert.equal(rec.messages, [], 'an unstarted transport delivers nothing');
  assert.is(rec.closes, 1);
  await startRejects(transport, 'closed');
});

test('prelaunch of a command that cannot be spawned: start() rejects with spawn_failed', async () => {
  const transport = new StdioChildTransport({ command: '/nonexistent/mcp-server' });
  const rec = new Recorder(transport);
  transport.prelaunch();
  // The spawn has failed by now, before anyone asked for the transport.
  await new Promise((resolve) => setTimeout(resolve, 200));
  await startRejects(transport, 'spawn_failed');
  assert.is(rec.closes, 1);
});

test('a prelaunched server that exits before start(): start() resolves, then its messages, upstream_exit and onclose with the status', async () => {
  const lines = [request(1)];
  const transport = new StdioChildTransport({ command: process.execPath, args: ['-e', writeThenExit(lines, 3)] });
  transport.prelaunch();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rec = new Recorder(transport);
  const exits: Array<ChildExit | undefined> = [];
  const counted = transport.onclose!;
  transport.onclose = (exit) => {
    exits.push(exit);
    counted(exit);
  };
  await transport.start();
  await rec.untilClosed();
  assert.equal(rec.messages, lines);
  assert.equal(rec.errorCodes, ['upstream_exit']);
  assert.equal(exits, [{ code: 3, signal: null, requested: false }]);
});

async function startRejects(transport: StdioChildTransport, code: TransportErrorCode): Promise<void> {
  try {
    await transport.start();
    assert.unreachable('start should reject');
  } catch (error) {
    assert.ok(isTransportError(error, code), String(error));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test.run();
