/**
 * transports/http/client/message-post.ts over both wire protocols: a POST carrying a request is
 * timed by `requestTimeoutMs` only until it is sent, so a server that holds the POST's response
 * headers past it (Streamable HTTP: a result in JSON; legacy HTTP+SSE: a late 202, the answer on
 * the stream) does not end the transport; a notification's headers stay bounded by it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from '../../sample-messages.js';
import { closeWires, WIRES, type Wired } from './wires.js';

const TIMEOUT_MS = 150;

test.after.each(closeWires);

for (const [wire, setup] of Object.entries(WIRES)) {
  test(`${wire}: a request whose POST gets its response headers after requestTimeoutMs is answered; the session goes on`, async () => {
    const answer = { jsonrpc: '2.0', id: 'slow', result: { done: true } } as const;
    const wired: Wired = await setup((message, res) => {
      if (message.id !== 'slow') return false;
      setTimeout(() => wired.respond(res, answer), TIMEOUT_MS * 3);
      return true;
    }, { requestTimeoutMs: TIMEOUT_MS });
    const { transport, rec, next } = wired;
    await transport.send(request('slow'));
    await rec.untilMessages(1);
    assert.equal(rec.messages, [answer]);
    await transport.send(request('after'));
    assert.is((await next() as { id: unknown }).id, 'after');
    assert.equal(rec.errors, []);
    assert.is(rec.closes, 0);
  });

  test(`${wire}: a notification whose POST never gets its response headers fails after requestTimeoutMs`, async () => {
    const { transport, rec } = await setup((message) => message.method === 'notifications/stuck', { requestTimeoutMs: TIMEOUT_MS });
    await transport.send({ jsonrpc: '2.0', method: 'notifications/stuck' });
    await rec.untilClosed();
    assert.equal(rec.errorCodes, ['io_error']);
    assert.match(rec.errors[0]!.message, new RegExp(`no response within ${TIMEOUT_MS} ms`));
  });
}

test.run();
