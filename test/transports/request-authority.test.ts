/**
 * transports/request-authority.ts through both network listeners, with raw requests: Host checks
 * see an absolute-form target's authority and refuse several Host lines; several Authorization
 * lines reach the authenticator as several, not as the first.
 */
import net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StreamableHttpListener } from '../../transports/http/server/listener.js';
import { WebSocketListener } from '../../transports/ws/listener.js';
import { bearerNames } from './http/server/fixtures.js';

const INIT = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '0' } } });

/** Writes `head` (CRLF-joined lines) and a body; resolves with the status line of the answer. */
function statusOf(port: number, lines: string[], body = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => socket.destroy(new Error(`no answer: ${JSON.stringify(text)}`)), 5000);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (!text.includes('\r\n')) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(text.slice(0, text.indexOf('\r\n')));
    });
    socket.on('error', reject);
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
  });
}

function postLines(target: string, hosts: string[], extra: string[] = []): string[] {
  return [
    `POST ${target} HTTP/1.1`, ...hosts.map((h) => `Host: ${h}`), 'Authorization: Bearer alice',
    'Accept: application/json, text/event-stream', 'Content-Type: application/json', `Content-Length: ${INIT.length}`, ...extra,
  ];
}

test('HTTP listener: an absolute-form target is checked by its own authority, several Host lines are refused', async () => {
  const listener = new StreamableHttpListener({ url: new URL('http://127.0.0.1:0/mcp'), authenticator: bearerNames });
  const codes: string[] = [];
  listener.onrejected = async (rejection) => void codes.push(rejection.code);
  listener.onsession = async ({ transport }) => {
    transport.onmessage = (message) => void transport.send({ jsonrpc: '2.0', id: (message as { id: number }).id, result: {} });
    await transport.start();
  };
  await listener.start();
  try {
    const { port } = new URL(listener.url);
    const here = `127.0.0.1:${port}`;
    assert.is(await statusOf(Number(port), postLines('/mcp', [here]), INIT), 'HTTP/1.1 200 OK');
    assert.is(await statusOf(Number(port), postLines(`http://${here}/mcp`, [here]), INIT), 'HTTP/1.1 200 OK', 'absolute form naming this listener');
    assert.is(await statusOf(Number(port), postLines('http://evil.example/mcp', [here]), INIT), 'HTTP/1.1 403 Forbidden', 'the target names another host');
    assert.is(await statusOf(Number(port), postLines('/mcp', [here, 'evil.example']), INIT), 'HTTP/1.1 403 Forbidden', 'two Host lines');
    assert.is(await statusOf(Number(port), postLines('/mcp', [here], ['Authorization: Bearer mallory']), INIT), 'HTTP/1.1 401 Unauthorized', 'two Authorization lines');
    assert.equal(codes, ['bad_host', 'bad_host', 'unauthenticated']);
  } finally {
    await listener.close();
  }
});

test('WebSocket listener: several Host lines are refused, several Authorization lines are not read as the first', async () => {
  const listener = new WebSocketListener({ url: new URL('ws://127.0.0.1:0/mcp'), authenticator: bearerNames });
  const codes: string[] = [];
  listener.onrejected = async (rejection) => void codes.push(rejection.code);
  listener.onsession = async ({ transport }) => transport.start();
  await listener.start();
  try {
    const { port } = new URL(listener.url);
    const here = `127.0.0.1:${port}`;
    const upgrade = (target: string, hosts: string[], extra: string[] = []): string[] => [
      `GET ${target} HTTP/1.1`, ...hosts.map((h) => `Host: ${h}`), 'Authorization: Bearer alice', 'Upgrade: websocket', 'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Protocol: mcp', ...extra,
    ];
    assert.is(await statusOf(Number(port), upgrade('/mcp', [here])), 'HTTP/1.1 101 Switching Protocols');
    assert.is(await statusOf(Number(port), upgrade('/mcp', [here, 'evil.example'])), 'HTTP/1.1 403 Forbidden');
    assert.match(await statusOf(Number(port), upgrade('/mcp', [here], ['Authorization: Bearer mallory'])), /^HTTP\/1.1 401/);
    assert.equal(codes, ['bad_host', 'unauthenticated']);
  } finally {
    await listener.close();
  }
});

test.run();
