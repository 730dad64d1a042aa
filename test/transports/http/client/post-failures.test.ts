/**
 * transports/http/client/post-failures.ts: what a POST that fails costs, over both wire protocols,
 * which share it. An error status whose body is the request's error response delivers that
 * response; a reset costs only the message it carried, and three in a row end the transport.
 * Busy refusals (429, 503) are busy.test.ts's.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from '../../sample-messages.js';
import { closeWires, WIRES } from './wires.js';

test.after.each(closeWires);

for (const [wire, setup] of Object.entries(WIRES)) {
  test(`${wire}: an HTTP error status whose JSON body is the error response to the request delivers that response`, async () => {
    const answer = { jsonrpc: '2.0', id: 'bad', error: { code: -32602, message: 'bad params from upstream' } } as const;
    const { transport, rec } = await setup((message, res) => {
      if (message.id !== 'bad') return false;
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      return true;
    });
    await transport.send(request('bad'));
    await rec.untilMessages(1);
    assert.equal(rec.messages, [answer]);
    assert.equal(rec.errors, []);
    assert.is(rec.closes, 0);
  });

  test(`${wire}: an upstream resetting every connection ends the transport after three resets in a row`, async () => {
    let handshaken = false;
    const { transport, rec } = await setup((message, res) => {
      if (message.method === 'notifications/initialized') handshaken = true;
      else if (handshaken) res.socket?.destroy();
      return handshaken && message.method !== 'notifications/initialized';
    });
    await transport.send(request('first'));
    await rec.untilErrors(2);
    assert.is(rec.closes, 0);
    await transport.send(request('second'));
    await rec.untilClosed();
    assert.equal(rec.errors.map((e) => e.detail?.reason), ['connection_reset', 'connection_reset', 'ECONNRESET']);
    assert.equal(rec.errors.map((e) => e.detail?.id), ['first', undefined, 'second'], 'the request, its cancellation, then the request that found the upstream broken');
  });
}

test.run();
