import type http from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcMessage } from '../../../../engine/protocol/jsonrpc.js';
import { delay } from '../../recorder.js';
import { request } from '../../sample-messages.js';
import { closeLive, liveUpstream } from './live-upstream.js';
import { PROTOCOL_VERSION, SESSION_ID } from './streamable-peer.js';

const setup = liveUpstream;

test.after.each(closeLive);

function sse(res: http.ServerResponse, events: string[], end = true): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const event of events) res.write(event);
  if (end) res.end();
}

const event = (message: JsonRpcMessage, id?: string): string => `${id === undefined ? '' : `id: ${id}\n`}event: message\ndata: ${JSON.stringify(message)}\n\n`;

test('the session id and protocol version are echoed after initialize; only configured headers go upstream', async () => {
  const { peer, transport } = await setup({ headers: { Authorization: 'Bearer upstream', 'X-Tenant': 't1', Accept: 'text/html', 'Mcp-Session-Id': 'forged' } });
  await transport.send(request(1));
  await peer.readFrame();
  assert.is(transport.sessionId, SESSION_ID);
  assert.is(transport.protocolVersion, PROTOCOL_VERSION);
  const [init, ...later] = peer.requests;
  assert.is(init!.headers['mcp-session-id'], undefined);
  assert.is(init!.headers['mcp-protocol-version'], undefined);
  assert.is(init!.headers.accept, 'application/json, text/event-stream');
  assert.is(init!.headers['content-type'], 'application/json');
  for (const { headers } of peer.requests) assert.is(headers.authorization, 'Bearer upstream');
  assert.ok(later.length >= 3, 'initialized, GET and the request');
  for (const { headers } of later) {
    assert.is(headers['mcp-session-id'], SESSION_ID);
    assert.is(headers['mcp-protocol-version'], PROTOCOL_VERSION);
  }
  const allowed = new Set(['host', 'connection', 'content-length', 'content-type', 'accept', 'authorization', 'x-tenant', 'mcp-session-id', 'mcp-protocol-version']);
  for (const { headers } of peer.requests) for (const name of Object.keys(headers)) assert.ok(allowed.has(name), `unexpected header ${name}`);
});

test('JSON and SSE responses are delivered with the id of the request whose POST carried them; 202 delivers nothing', async () => {
  const progress: JsonRpcMessage = { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 't', progress: 1 } };
  const { transport, rec, extras } = await setup({}, (peer) => {
    peer.onPost = (message, res) => {
      if (message.id === 'json') res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ jsonrpc: '2.0', id: 'json', result: { a: 1 } }));
      else if (message.id === 'sse') sse(res, [event(progress), 'event: message\ndata: {"jsonrpc":"2.0",\ndata: "id":"sse","result":{}}\r\n\r\n']);
      else return false;
      return true;
    };
  });
  await transport.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 0 } });
  await transport.send(request('json'));
  await rec.untilMessages(1);
  await transport.send(request('sse'));
  await rec.untilMessages(3);
  assert.equal(rec.messages, [{ jsonrpc: '2.0', id: 'json', result: { a: 1 } }, progress, { jsonrpc: '2.0', id: 'sse', result: {} }]);
  assert.equal(extras, [{ relatedRequestId: 'json' }, { relatedRequestId: 'sse' }, { relatedRequestId: 'sse' }]);
  assert.equal(rec.errors, []);
});

test('the standalone GET stream reconnects after a drop, with Last-Event-ID and the retry hint', async () => {
  const gets: (string | undefined)[] = [];
  const { rec } = await setup({}, (peer) => {
    peer.onGet = (res, req) => {
      gets.push(req.headers['last-event-id'] as string | undefined);
      if (gets.length === 1) sse(res, ['retry: 30\n\n', event(request('a'), 'e1')]);
      else if (gets.length === 2) sse(res, [event(request('b'), 'e2')], false);
      else res.writeHead(405).end();
      return gets.length < 3;
    };
  });
  await rec.untilMessages(2);
  assert.equal(rec.messages.map((m) => (m as { id: unknown }).id), ['a', 'b']);
  assert.equal(gets, [undefined, 'e1']);
});

test('losing the standalone GET stream never ends the session: reopenings back off, each failure a warning', async () => {
  const at: number[] = [];
  const { transport, peer, rec } = await setup({}, (p) => {
    p.onGet = (res) => {
      at.push(performance.now());
      if (at.length === 1) sse(res, ['retry: 20\n\n', event(request('before'), 'g1')]);
      else if (at.length <= 6) res.writeHead(500).end();
      else sse(res, [event(request('after'), 'g2')], false);
      return true;
    };
  });
  await rec.untilMessages(2);
  assert.equal(rec.messages.map((m) => (m as { id: unknown }).id), ['before', 'after']);
  assert.is(rec.closes, 0);
  assert.equal(rec.errorCodes, ['io_error', 'io_error', 'io_error', 'io_error', 'io_error']);
  assert.equal(rec.errors.map((e) => e.detail?.retry_ms), [40, 80, 160, 320, 640]);
  assert.equal(rec.errors[0]!.detail, { reason: 'stream_lost', attempts: 1, status: 500, retry_ms: 40 });
  // Each wait at least doubles the one before (the server's retry of 20 ms first).
  const gaps = at.slice(2).map((t, i) => t - at[i + 1]!);
  for (const [i, gap] of gaps.entries()) assert.ok(gap >= 20 * 2 ** (i + 1) - 5, `gap ${i}: ${gap} ms`);
  await transport.send(request('still-open'));
  await peer.readFrame();
});

test('a 405 on GET means no standalone stream, and is no error', async () => {
  const { transport, peer, rec } = await setup({}, (p) => {
    p.onGet = (res) => {
      res.writeHead(405).end();
      return true;
    };
  });
  await transport.send(request(2));
  await peer.readFrame();
  await delay(50);
  assert.equal(rec.errors, []);
  assert.is(rec.closes, 0);
});

test('a POST stream broken before its response is resumed with GET and Last-Event-ID', async () => {
  let resumedFrom: unknown;
  const { transport, rec, extras } = await setup({}, (peer) => {
    peer.onPost = (message, res) => {
      if (message.id !== 'r') return false;
      sse(res, ['id: s1\nretry: 20\ndata:\n\n'], false);
      setTimeout(() => res.destroy(), 20);
      return true;
    };
    peer.onGet = (res, req) => {
      if (req.headers['last-event-id'] === undefined) return false;
      resumedFrom = req.headers['last-event-id'];
      sse(res, [event({ jsonrpc: '2.0', id: 'r', result: { resumed: true } }, 's2')]);
      return true;
    };
  });
  await transport.send(request('r'));
  await rec.untilMessages(1);
  assert.is(resumedFrom, 's1');
  assert.equal(rec.messages, [{ jsonrpc: '2.0', id: 'r', result: { resumed: true } }]);
  assert.equal(extras, [{ relatedRequestId: 'r' }]);
});

test('a POST stream ending before its response without event ids gives the request up: reported with its id, cancelled upstream', async () => {
  const note: JsonRpcMessage = { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'before-cut' } };
  const { transport, peer, rec } = await setup({}, (p) => {
    p.onPost = (message, res) => {
      if (message.id !== 'cut') return false;
      sse(res, [event(note)], false);
      setTimeout(() => res.destroy(), 20);
      return true;
    };
  });
  await transport.send(request('cut'));
  await rec.untilErrors(1);
  assert.equal(rec.messages, [note]);
  assert.is(rec.errors[0]!.code, 'io_error');
  assert.equal(rec.errors[0]!.detail, { status: 200, reason: 'stream_ended', id: 'cut' });
  const cancel = JSON.parse((await peer.readFrame()).toString()) as { method: string; params: { requestId: unknown; reason: string } };
  assert.is(cancel.method, 'notifications/cancelled');
  assert.is(cancel.params.requestId, 'cut');
  assert.match(cancel.params.reason, /^mcp-warden: /);
  assert.is(rec.closes, 0);
});

test('a request answered in JSON with a message that is not its response: the message is delivered, then the request given up at once', async () => {
  const note: JsonRpcMessage = { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'json-notif' } };
  const { transport, peer, rec } = await setup({}, (p) => {
    p.onPost = (message, res) => {
      if (message.id === 'notif') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(note));
      else if (message.id === 'cut') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' }).write('{"jsonrpc":');
        setTimeout(() => res.destroy(), 20);
      }
      else return false;
      return true;
    };
  });
  await transport.send(request('notif'));
  await rec.untilErrors(1);
  assert.equal(rec.messages, [note]);
  assert.equal(rec.errors[0]!.detail, { status: 200, reason: 'stream_ended', id: 'notif' });
  const cancel = JSON.parse((await peer.readFrame()).toString()) as { method: string; params: { requestId: unknown } };
  assert.equal([cancel.method, cancel.params.requestId], ['notifications/cancelled', 'notif']);
  await transport.send(request('cut'));
  await rec.until(() => rec.errors.some((e) => e.detail?.id === 'cut'), 'the cut request given up');
  assert.equal(rec.messages, [note]);
  assert.is(rec.closes, 0);
});

test('a request whose stream cannot be resumed is given up after three attempts and cancelled; the session goes on', async () => {
  const { transport, peer, rec } = await setup({}, (p) => {
    p.onPost = (message, res) => {
      if (message.id !== 'lost') return false;
      sse(res, ['id: s1\nretry: 10\ndata:\n\n'], false);
      setTimeout(() => res.destroy(), 20);
      return true;
    };
    p.onGet = (res, req) => {
      if (req.headers['last-event-id'] === undefined) return false;
      res.writeHead(503).end();
      return true;
    };
  });
  await transport.send(request('lost'));
  await rec.untilErrors(1);
  assert.equal(rec.errors[0]!.detail, { reason: 'stream_lost', attempts: 3, status: 503, id: 'lost' });
  const cancel = JSON.parse((await peer.readFrame()).toString()) as { method: string; params: { requestId: unknown } };
  assert.equal([cancel.method, cancel.params.requestId], ['notifications/cancelled', 'lost']);
  assert.is(rec.closes, 0);
});

test('an oversize SSE event is frame_too_large with the id it answered; later events get through', async () => {
  const big = { result: { pad: 'x'.repeat(5000) }, jsonrpc: '2.0', id: 'big' };
  const { transport, rec } = await setup({ maxMessageBytes: 1024 }, (peer) => {
    peer.onPost = (message, res) => {
      if (message.id !== 'big') return false;
      sse(res, [`data: ${JSON.stringify(big)}\n\n`, event(request('after'))]);
      return true;
    };
  });
  await transport.send(request('big'));
  await rec.untilMessages(1);
  assert.equal(rec.errorCodes, ['frame_too_large']);
  assert.is(rec.errors[0]!.detail?.id, 'big');
  assert.is(rec.errors[0]!.detail?.has_method, false);
  assert.ok(!rec.errors[0]!.message.includes('xxx'), 'no payload bytes in the error');
});

test('an HTTP error status for a request is reported with its id and status; the transport stays open', async () => {
  const { transport, peer, rec } = await setup({}, (p) => {
    p.onPost = (message, res) => {
      if (message.id !== 'fail') return false;
      res.writeHead(500).end('secret body');
      return true;
    };
  });
  await transport.send(request('fail'));
  await rec.untilErrors(1);
  assert.is(rec.errors[0]!.code, 'http_status');
  assert.equal(rec.errors[0]!.detail, { status: 500, id: 'fail' });
  await transport.send(request(3));
  await peer.readFrame();
  assert.is(rec.closes, 0);
});

test('an HTTP error status whose JSON body is the error response to the request delivers it as related to that request', async () => {
  const answer = { jsonrpc: '2.0', id: 'bad', error: { code: -32602, message: 'bad params from upstream' } } as const;
  const { transport, rec, extras } = await setup({}, (p) => {
    p.onPost = (message, res) => {
      if (message.id !== 'bad') return false;
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      return true;
    };
  });
  await transport.send(request('bad'));
  await rec.untilMessages(1);
  assert.equal(extras, [{ relatedRequestId: 'bad' }]);
});

test('an HTTP error status whose JSON body is not the error response to the request is reported as the status', async () => {
  const bodies: Record<string, string> = {
    'other-id': JSON.stringify({ jsonrpc: '2.0', id: 'someone-else', error: { code: -32602, message: 'x' } }),
    'no-id': JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'x' } }),
    result: JSON.stringify({ jsonrpc: '2.0', id: 'result', result: {} }),
    'not-json': '{"jsonrpc":',
    huge: JSON.stringify({ jsonrpc: '2.0', id: 'huge', error: { code: -32603, message: 'x'.repeat(100_000) } }),
  };
  const { transport, rec } = await setup({}, (p) => {
    p.onPost = (message, res) => {
      const body = bodies[String(message.id)];
      if (body === undefined) return false;
      res.writeHead(500, { 'content-type': 'application/json' }).end(body);
      return true;
    };
  });
  for (const id of Object.keys(bodies)) await transport.send(request(id));
  await rec.untilErrors(Object.keys(bodies).length);
  assert.equal(rec.messages, []);
  assert.equal(rec.errorCodes, Object.keys(bodies).map(() => 'http_status'));
  assert.equal(rec.errors.map((e) => e.detail?.id).sort(), Object.keys(bodies).sort());
});

test('404 on a live session means it expired: io_error, then the transport closes', async () => {
  const { transport, rec } = await setup({}, (p) => {
    p.onPost = (message, res) => {
      if (message.id !== 'gone') return false;
      res.writeHead(404).end();
      return true;
    };
  });
  await transport.send(request('gone'));
  await rec.untilClosed();
  assert.equal(rec.errorCodes, ['io_error']);
  assert.equal(rec.errors[0]!.detail, { status: 404, reason: 'session_expired', id: 'gone' });
});

test('a connection reset before the response costs that request only: reported with its id, cancelled upstream; later requests go on new connections', async () => {
  const { transport, peer, rec } = await setup({}, (p) => {
    p.onPost = (message, res) => {
      if (message.id !== 'reset') return false;
      res.socket?.destroy();
      return true;
    };
  });
  await transport.send(request('reset'));
  await rec.untilErrors(1);
  assert.is(rec.errors[0]!.code, 'io_error');
  assert.equal(rec.errors[0]!.detail, { reason: 'connection_reset', id: 'reset' });
  const cancel = JSON.parse((await peer.readFrame()).toString('utf8')) as { method: string; params: { requestId: unknown } };
  assert.equal([cancel.method, cancel.params.requestId], ['notifications/cancelled', 'reset'], 'the server may have taken it before the reset');
  await transport.send(request('after'));
  assert.is((JSON.parse((await peer.readFrame()).toString('utf8')) as { id: unknown }).id, 'after');
  assert.is(rec.closes, 0);
  assert.is(peer.requests.filter((r) => r.method === 'POST').length, 6, 'initialize, initialized, the reset request and its retry on a fresh socket, the cancellation, the next request: nothing was sent again');
});

test('close ends the session with DELETE', async () => {
  const { transport, peer } = await setup();
  await transport.close();
  const deletes = peer.requests.filter((r) => r.method === 'DELETE');
  assert.is(deletes.length, 1);
  assert.is(deletes[0]!.headers['mcp-session-id'], SESSION_ID);
});

test.run();
