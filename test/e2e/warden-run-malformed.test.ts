/**
 * Malformed frames from a client, through the built CLI over stdio and WebSocket: each gets the
 * JSON-RPC answer (-32700 or -32600, id null when no id can be read), the session goes on, and
 * the journal records each one and verifies.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { openLineSession, within } from './support/line-session.js';
import { EVERYTHING, startWarden } from './support/network.js';
import { WORKSPACE_SERVER } from './support/repo.js';
import { assertJournalVerifies, createSandbox } from './support/sandbox.js';

const INITIALIZE = '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}';

/** Each malformed frame with the id and code of the answer it must get. */
const MALFORMED: Array<[string, string | number | null, number]> = [
  ['{"jsonrpc":"2.0","id":2,"method":"ping"', null, -32700],
  ['{"jsonrpc":"2.0","method":1,"params":"bar"}', null, -32600],
  ['[{"jsonrpc":"2.0","id":3,"method":"ping"}]', null, -32600],
  ['{"jsonrpc":"2.0","id":4,"method":"tools/list","params":[1]}', 4, -32600],
];

function answerOf(line: string): [unknown, number] {
  const reply = JSON.parse(line) as { id: unknown; error: { code: number } };
  return [reply.id, reply.error.code];
}

test('over stdio: each malformed line is answered, the session goes on, and the journal verifies', async () => {
  const box = await createSandbox();
  try {
    const session = await openLineSession(box, ['--policies', box.policies, '--', process.execPath, WORKSPACE_SERVER, box.workspace]);
    for (const [line, id, code] of MALFORMED) assert.equal(answerOf(await session.ask(line)), [id, code], line);
    assert.equal(JSON.parse(await session.ask('{"jsonrpc":"2.0","id":5,"method":"ping"}')), { jsonrpc: '2.0', id: 5, result: {} });
    const stderr = await session.end();
    assert.match(stderr, /frame is not valid JSON/);
    const refused = (await readEntries(box.journal)).filter((e) => e.kind === 'decision' && e.direction === 'client_to_server' && e.action === 'deny');
    assert.is(refused.length, MALFORMED.length);
    assertJournalVerifies(box);
  } finally {
    await box.remove();
  }
});

test('over WebSocket: a frame that is not JSON is answered -32700 with id null, and the socket stays open', async () => {
  const warden = await startWarden(['--listen', 'ws://127.0.0.1:0/mcp', '--no-auth', '--', process.execPath, EVERYTHING, 'stdio'], 1);
  try {
    const socket = new WebSocket(warden.urls[0]!, 'mcp');
    const replies: string[] = [];
    const next = () => within(10_000, new Promise<string>((resolve) => {
      const check = () => (replies.length > 0 ? resolve(replies.shift()!) : setTimeout(check, 5));
      check();
    }), 'no answer');
    // server-everything sends notifications of its own meanwhile: only answers are read
    socket.on('message', (data) => {
      if (!('method' in (JSON.parse(String(data)) as object))) replies.push(String(data));
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(INITIALIZE);
    assert.ok((JSON.parse(await next()) as { result?: unknown }).result);
    socket.send('{"jsonrpc":"2.0","method":"notifications/initialized"}');
    for (const [frame, id, code] of MALFORMED) {
      socket.send(frame);
      assert.equal(answerOf(await next()), [id, code], frame);
    }
    socket.send('{"jsonrpc":"2.0","id":5,"method":"ping"}');
    assert.equal(JSON.parse(await next()), { jsonrpc: '2.0', id: 5, result: {} });
    socket.close();
  } finally {
    await warden.remove();
  }
});

test.run();
