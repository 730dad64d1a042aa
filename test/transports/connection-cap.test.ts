/**
 * transports/connection-cap.ts through both network listeners, with raw sockets: past the cap a
 * new connection is closed before anything is read, those already open still get answers, and
 * a place freed is taken again.
 */
import net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connectionCapFor, DEFAULT_MAX_CONNECTIONS } from '../../transports/connection-cap.js';
import { StreamableHttpListener } from '../../transports/http/server/listener.js';
import { WebSocketListener } from '../../transports/ws/listener.js';
import { anonymous } from './http/server/fixtures.js';

/** Far longer than an accepted connection takes to be closed, so nothing here races a timer. */
const PATIENCE_MS = 5000;

interface Held { readonly socket: net.Socket; readonly closed: Promise<boolean> }

/** A connection, opened and held; `closed` says whether the server closed it within the patience. */
async function open(port: number): Promise<Held> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  const closed = new Promise<boolean>((resolve) => {
    const patience = setTimeout(() => resolve(false), PATIENCE_MS);
    socket.once('close', () => {
      clearTimeout(patience);
      resolve(true);
    });
  });
  return { socket, closed };
}

/** What the server answers a bare GET on `held` (its status line), or '' when it closes instead. */
function statusOf(held: Held, port: number): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    held.socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n')) resolve(text.slice(0, text.indexOf('\r\n')));
    });
    void held.closed.then(() => resolve(text));
    held.socket.write(`GET /nothing HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  });
}

test('the cap leaves room for 16 connections per session, and never less than the default', () => {
  assert.is(connectionCapFor(256), DEFAULT_MAX_CONNECTIONS);
  assert.is(connectionCapFor(1000), 16_000);
});

const listeners = {
  'Streamable HTTP': () => new StreamableHttpListener({ url: new URL('http://127.0.0.1:0/mcp'), authenticator: anonymous, maxConnections: 2 }),
  WebSocket: () => new WebSocketListener({ url: new URL('ws://127.0.0.1:0/mcp'), authenticator: anonymous, maxConnections: 2 }),
};

for (const [kind, make] of Object.entries(listeners)) {
  test(`${kind}: past the cap a new connection is closed at once; open ones are served; a freed place is taken again`, async () => {
    const listener = make();
    await listener.start();
    const held: Held[] = [];
    try {
      const port = Number(new URL(listener.url).port);
      held.push(await open(port), await open(port));
      const third = await open(port);
      held.push(third);
      assert.ok(await third.closed, 'the connection past the cap is closed');
      assert.match(await statusOf(held[0]!, port), /^HTTP\/1.1 \d{3} /);
      held[1]!.socket.destroy();
      await held[1]!.closed;
      // The server counts a connection gone once its close reached it: try until it has.
      let status = '';
      for (let attempt = 0; attempt < 20 && status === ''; attempt++) {
        const next = await open(port);
        held.push(next);
        status = await statusOf(next, port);
      }
      assert.match(status, /^HTTP\/1.1 \d{3} /, 'a place freed is served');
    } finally {
      for (const h of held) h.socket.destroy();
      await listener.close();
    }
  });
}

test.run();
