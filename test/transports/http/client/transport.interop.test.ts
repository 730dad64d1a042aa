/**
 * Real interop: the reference MCP server (`mcp-server-everything`) over Streamable HTTP and over
 * the legacy HTTP+SSE transport, driven by raw JSON-RPC through our transport.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcMessage } from '../../../../engine/protocol/jsonrpc.js';
import type { MessageExtra } from '../../../../transports/contract.js';
import { StreamableHttpClientTransport, type HttpTransportMode } from '../../../../transports/http/client/transport.js';
import { Recorder } from '../../recorder.js';

const BIN = path.resolve('node_modules/.bin/mcp-server-everything');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function untilListening(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`server did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function everything(mode: 'streamableHttp' | 'sse'): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(BIN, [mode], { env: { PATH: process.env.PATH ?? '', PORT: String(port) }, stdio: ['ignore', 'ignore', 'ignore'] });
  await untilListening(port);
  return { child, port };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Sends requests one by one and collects what comes back, with the extras. */
async function converse(transport: StreamableHttpClientTransport): Promise<{ rec: Recorder; extras: Map<JsonRpcMessage, MessageExtra | undefined> }> {
  const rec = new Recorder(transport);
  const extras = new Map<JsonRpcMessage, MessageExtra | undefined>();
  const recorded = transport.onmessage!;
  transport.onmessage = (message, extra) => {
    extras.set(message, extra);
    recorded(message, extra);
  };
  await transport.start();
  return { rec, extras };
}

function responseTo(rec: Recorder, id: number): JsonRpcMessage | undefined {
  return rec.messages.find((m) => 'id' in m && m.id === id && !('method' in m));
}

async function exchangeAll(transport: StreamableHttpClientTransport, rec: Recorder): Promise<void> {
  await transport.send({
    jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'warden-interop', version: '0' } },
  });
  await rec.until(() => responseTo(rec, 1) !== undefined, 'initialize result', 10_000);
  await transport.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  await transport.send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  await transport.send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'echo', arguments: { message: 'hé 🙂' } } });
  await transport.send({
    jsonrpc: '2.0', id: 4, method: 'tools/call',
    params: { name: 'trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 }, _meta: { progressToken: 'p4' } },
  });
  await rec.until(() => [2, 3, 4].every((id) => responseTo(rec, id) !== undefined), 'responses 2, 3, 4', 10_000);
}

for (const [mode, urlPath, transportMode] of [
  ['streamableHttp', '/mcp', 'streamable-http'],
  ['sse', '/sse', 'sse'],
] as const satisfies readonly (readonly ['streamableHttp' | 'sse', string, HttpTransportMode])[]) {
  test(`mcp-server-everything ${mode}: initialize, tools/list, tools/call with progress (auto mode)`, async () => {
    const { child, port } = await everything(mode);
    const transport = new StreamableHttpClientTransport({ url: new URL(`http://127.0.0.1:${port}${urlPath}`) });
    try {
      const { rec, extras } = await converse(transport);
      await exchangeAll(transport, rec);
      assert.is(transport.transportMode, transportMode);
      const tools = (responseTo(rec, 2) as unknown as { result: { tools: { name: string }[] } }).result.tools.map((tool) => tool.name);
      assert.ok(tools.includes('echo') && tools.includes('trigger-long-running-operation'), tools.join());
      assert.equal((responseTo(rec, 3) as unknown as { result: { content: unknown } }).result.content, [{ type: 'text', text: 'Echo: hé 🙂' }]);
      const progress = rec.messages.filter((m) => 'method' in m && m.method === 'notifications/progress');
      assert.is(progress.length, 3);
      if (transportMode === 'streamable-http') {
        assert.ok(transport.sessionId !== undefined, 'session id captured');
        assert.is(transport.protocolVersion, '2025-06-18');
        // Progress came on the tools/call POST's own stream.
        for (const message of progress) assert.equal(extras.get(message), { relatedRequestId: 4 });
        assert.equal(extras.get(responseTo(rec, 3)!), { relatedRequestId: 3 });
      }
      assert.equal(rec.errors, []);
    } finally {
      await transport.close();
      await stop(child);
    }
  });
}

test.run();
