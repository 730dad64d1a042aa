/**
 * transports/server-timeouts.ts through both network listeners, with raw sockets: a client that
 * sends its headers or its body too slowly gets 408 and loses the connection; an answer held
 * open longer than either deadline (a tool's result, an event stream) is not cut.
 */
import net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StreamableHttpListener } from '../../transports/http/server/listener.js';
import { requestTimeoutOptions } from '../../transports/server-timeouts.js';
import { WebSocketListener } from '../../transports/ws/listener.js';
import { anonymous } from './http/server/fixtures.js';

const TIMEOUTS = { headersTimeoutMs: 1000, requestBodyTimeoutMs: 2000 };
/** Far above the deadlines plus Node's check interval, so nothing here races a timer. */
const PATIENCE_MS = 8000;
const INIT = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '0' } } });

interface Outcome { readonly text: string; readonly closed: boolean }

/** Writes `first`, then `drip` once a second while the socket is open; resolves at close or after PATIENCE_MS. */
function client(port: number, first: string, drip = '', untilText?: RegExp): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const finish = (closed: boolean): void => {
      clearInterval(dripping);
      clearTimeout(patience);
      socket.destroy();
      resolve({ text, closed });
    };
    const dripping = setInterval(() => drip && socket.writable && socket.write(drip), 1000);
    const patience = setTimeout(() => finish(false), PATIENCE_MS);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (untilText?.test(text)) finish(false);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => finish(true));
    socket.write(first);
  });
}

function postHead(port: number, extra: string): string {
  return `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: application/json, text/event-stream\r\nContent-Type: application/json\r\n${extra}\r\n`;
}

test('the defaults: 10 s for the headers, 60 s for the whole request, checked every second', () => {
  assert.equal(requestTimeoutOptions({}), { headersTimeout: 10_000, requestTimeout: 60_000, connectionsCheckingInterval: 1000 });
  assert.equal(requestTimeoutOptions({ headersTimeoutMs: 500, requestBodyTimeoutMs: 100 }), { headersTimeout: 500, requestTimeout: 500, connectionsCheckingInterval: 500 });
});

test('Streamable HTTP: slow headers, a trickling body and a chunked body that never ends get 408; a held answer does not', async () => {
  const listener = new StreamableHttpListener({ url: new URL('http://127.0.0.1:0/mcp'), authenticator: anonymous, ...TIMEOUTS });
  listener.onsession = async ({ transport }) => {
    // The answer to initialize comes after both deadlines have passed.
    transport.onmessage = () => void setTimeout(() => void transport.send({ jsonrpc: '2.0', id: 0, result: { late: true } }), 3000);
    await transport.start();
  };
  await listener.start();
  try {
    const port = Number(new URL(listener.url).port);
    const [headers, body, chunked, held] = await Promise.all([
      client(port, `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`, 'X-Slow: 1\r\n'),
      client(port, `${postHead(port, 'Content-Length: 100000\r\n')}{`, ' '),
      client(port, `${postHead(port, 'Transfer-Encoding: chunked\r\n')}1\r\n{\r\n`, '1\r\n \r\n'),
      client(port, `${postHead(port, `Content-Length: ${INIT.length}\r\n`)}${INIT}`, '', /"late":true/),
    ]);
    for (const [what, outcome] of Object.entries({ headers, body, chunked })) {
      assert.ok(outcome.closed, `${what}: the connection is closed`);
      assert.match(outcome.text, /^HTTP\/1.1 408 /, what);
    }
    assert.match(held.text, /^HTTP\/1.1 200 [\s\S]*"late":true/);
  } finally {
    await listener.close();
  }
});

test('WebSocket: a handshake whose headers come too slowly gets 408 before its connection is closed, as a slow HTTP request does', async () => {
  const listener = new WebSocketListener({ url: new URL('ws://127.0.0.1:0/mcp'), authenticator: anonymous, ...TIMEOUTS });
  await listener.start();
  try {
    const port = Number(new URL(listener.url).port);
    const upgrade = `GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`;
    const outcome = await client(port, upgrade, 'X-Slow: 1\r\n');
    assert.ok(outcome.closed, 'closed within the patience');
    assert.match(outcome.text, /^HTTP\/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n$/);
  } finally {
    await listener.close();
  }
});

/** Requests node's parser refuses, with the status both listeners answer them with. */
const UNREADABLE: [string, (port: number) => string, number][] = [
  ['a malformed request line', () => 'NOT HTTP AT ALL\r\n\r\n', 400],
  ['headers past the size limit', (port) => `GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'x'.repeat(64 * 1024)}\r\n\r\n`, 431],
];

test('a request the parser refuses gets the same status from both listeners, and is no listener error', async () => {
  const http = new StreamableHttpListener({ url: new URL('http://127.0.0.1:0/mcp'), authenticator: anonymous, ...TIMEOUTS });
  const ws = new WebSocketListener({ url: new URL('ws://127.0.0.1:0/mcp'), authenticator: anonymous, ...TIMEOUTS });
  const reported: string[] = [];
  for (const listener of [http, ws]) listener.onerror = (error) => reported.push(`${listener.name}: ${error.message}`);
  await Promise.all([http.start(), ws.start()]);
  try {
    for (const [what, request, status] of UNREADABLE) {
      for (const listener of [http, ws]) {
        const port = Number(new URL(listener.url).port);
        const outcome = await client(port, request(port));
        assert.match(outcome.text, new RegExp(`^HTTP/1.1 ${status} `), `${what}, ${listener.name}`);
        assert.ok(outcome.closed, `${what}, ${listener.name}: closed`);
      }
    }
    assert.equal(reported, [], "the client's fault, not the listener's");
  } finally {
    await Promise.all([http.close(), ws.close()]);
  }
});

test.run();
