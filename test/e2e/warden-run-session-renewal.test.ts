/**
 * `warden run --upstream http://...` when the upstream forgets the session (MCP 2025-06-18,
 * Session Management: 404, then the client starts a new session): an SDK client over stdio keeps
 * its session, the call after the expiry is answered on the new upstream session, and the client
 * is told its tool list may have changed.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StderrLog } from '../../examples/demo/stderr-log.js';
import { callText } from './support/clients.js';
import { EVERYTHING_POLICY } from './support/network.js';
import { WARDEN } from './support/repo.js';

const scratch = await mkdtemp(path.join(tmpdir(), 'warden-e2e-renewal-'));
test.after(() => rm(scratch, { recursive: true, force: true }));

/** The SDK's Streamable HTTP server, one per session; `forget` drops the session it is called on. */
async function forgetfulUpstream(): Promise<{ url: string; opened: () => number; close: () => Promise<void> }> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let opened = 0;
  const serverFor = (transport: () => StreamableHTTPServerTransport): McpServer => {
    const server = new McpServer({ name: 'forgetful', version: '1.0.0' });
    server.registerTool('forget', { description: 'forgets this session' }, async () => {
      sessions.delete(transport().sessionId ?? '');
      return { content: [{ type: 'text', text: 'forgotten' }] };
    });
    server.registerTool('whoami', { description: 'names the session' }, async () => ({ content: [{ type: 'text', text: `session ${opened}` }] }));
    return server;
  };
  const http404 = (res: http.ServerResponse): void => {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Session not found"}}');
  };
  const httpServer = http.createServer((req, res) => {
    const id = req.headers['mcp-session-id'];
    if (typeof id === 'string') {
      const known = sessions.get(id);
      if (known) void known.handleRequest(req, res);
      else http404(res);
      return;
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (sid) => {
        opened++;
        sessions.set(sid, transport);
      },
    });
    void serverFor(() => transport).connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    opened: () => opened,
    close: async () => {
      httpServer.closeAllConnections();
      await new Promise((resolve) => httpServer.close(resolve));
    },
  };
}

test('a call after the upstream session expired is answered on a new upstream session', async () => {
  const upstream = await forgetfulUpstream();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [WARDEN, 'run', '--policies', EVERYTHING_POLICY, '--journal', path.join(scratch, 'journal'), '--upstream', upstream.url],
    env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: path.join(scratch, 'home') },
    stderr: 'pipe',
  });
  const stderr = new StderrLog(transport.stderr as Readable);
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  let listChanged = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => void listChanged++);
  try {
    await client.connect(transport);
    await client.listTools();
    assert.is(callText(await client.callTool({ name: 'whoami', arguments: {} })), 'session 1');
    assert.is(callText(await client.callTool({ name: 'forget', arguments: {} })), 'forgotten');
    assert.is(callText(await client.callTool({ name: 'whoami', arguments: {} })), 'session 2');
    await stderr.next(/started a new upstream session/);
    assert.is(upstream.opened(), 2);
    const deadline = Date.now() + 5000;
    while (listChanged === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.is(listChanged, 1, 'the client is told its tools may have changed');
    assert.match(stderr.text, /session has expired \(HTTP 404\); starting a new session/);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- warden stderr ---\n${stderr.text}`);
  } finally {
    await client.close();
    await upstream.close();
  }
});

test.run();
