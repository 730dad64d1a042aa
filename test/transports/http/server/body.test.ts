/**
 * Reading request bodies: whole whether they come with the headers or in pieces after them,
 * refused past the limit with or without Content-Length, `gone` when the client leaves.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readBody, type Body } from '../../../../transports/http/server/body.js';

const LIMIT = 64;

interface Served {
  readonly url: string;
  /** Settles with each body as the server reads it. */
  next(): Promise<Body>;
  close(): Promise<void>;
}

async function serve(): Promise<Served> {
  const waiting: Array<(body: Body) => void> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    // Read later than the request event, as the listener does after authentication.
    setImmediate(async () => {
      const body = await readBody(req, LIMIT);
      waiting.shift()?.(body);
      if (!res.destroyed) res.writeHead(204, { connection: 'close' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    next: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Sends `parts` with a pause between them; Content-Length only when `sized`. */
function send(url: string, parts: string[], sized: boolean, abortAfter?: number): Promise<void> {
  return new Promise((resolve) => {
    const total = parts.join('');
    const req = request(url, { method: 'POST', headers: sized ? { 'content-length': Buffer.byteLength(total) } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', () => resolve());
    let i = 0;
    const step = (): void => {
      if (abortAfter !== undefined && i === abortAfter) return void req.destroy();
      if (i === parts.length) return void req.end();
      req.write(parts[i++]);
      setTimeout(step, 20);
    };
    if (parts.length === 1 && abortAfter === undefined) req.end(parts[0]);
    else step();
  });
}

const text = (body: Body): string | undefined => ('bytes' in body ? body.bytes.toString('utf8') : undefined);

interface Case {
  name: string;
  parts: string[];
  sized: boolean;
  abortAfter?: number;
  expect: { bytes: string } | 'tooLarge' | 'gone';
}

const CASES: Case[] = [
  { name: 'one packet with the headers', parts: ['{"jsonrpc":"2.0","method":"a"}'], sized: true, expect: { bytes: '{"jsonrpc":"2.0","method":"a"}' } },
  { name: 'in pieces after the headers, chunked', parts: ['{"jsonrpc"', ':"2.0",', '"method":"a"}'], sized: false, expect: { bytes: '{"jsonrpc":"2.0","method":"a"}' } },
  { name: 'in pieces after the headers, with Content-Length', parts: ['{"a":', '1}'], sized: true, expect: { bytes: '{"a":1}' } },
  { name: 'an empty body', parts: [''], sized: true, expect: { bytes: '' } },
  { name: 'Content-Length over the limit', parts: ['x'.repeat(LIMIT + 1)], sized: true, expect: 'tooLarge' },
  { name: 'chunked, in one packet, over the limit', parts: ['x'.repeat(LIMIT + 1)], sized: false, expect: 'tooLarge' },
  { name: 'chunked, in pieces, over the limit', parts: ['x'.repeat(40), 'x'.repeat(40)], sized: false, expect: 'tooLarge' },
  { name: 'the client leaves mid-body', parts: ['{"a":', '1}'], sized: true, abortAfter: 1, expect: 'gone' },
];

for (const c of CASES) {
  test(`body: ${c.name}`, async () => {
    const served = await serve();
    try {
      const read = served.next();
      await send(served.url, c.parts, c.sized, c.abortAfter);
      const body = await read;
      if (c.expect === 'tooLarge') assert.ok('tooLarge' in body, JSON.stringify(body));
      else if (c.expect === 'gone') assert.ok('gone' in body, JSON.stringify(body));
      else assert.is(text(body), c.expect.bytes);
    } finally {
      await served.close();
    }
  });
}

test.run();
