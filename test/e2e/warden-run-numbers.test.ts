/**
 * Integers no JavaScript number holds cross `warden run` as written, both ways, and the journal
 * of the session verifies: a client and a server that read JSON exactly (Python, Go with
 * UseNumber, Rust) see what the other wrote.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { WARDEN } from './support/repo.js';
import { openLineSession, type LineSession } from './support/line-session.js';
import { assertJournalVerifies, type Sandbox, withSandbox } from './support/sandbox.js';

const SERVER = path.join(path.dirname(WARDEN), '../test/e2e/fixtures/numbers-server.js');

function openSession(box: Sandbox, upstream: string[] = ['--policies', box.policies, '--', process.execPath, SERVER]): Promise<LineSession> {
  return openLineSession(box, upstream);
}

/** Runs `body` in a sandbox of its own, then checks that the journal it left verifies. */
function inSandbox(body: (box: Sandbox) => Promise<void>): Promise<void> {
  return withSandbox(async (box) => {
    await body(box);
    assertJournalVerifies(box);
  });
}

test('a tool call and its answer keep integers past 2^53 to the digit', () => inSandbox(async (box) => {
  const session = await openSession(box);
  const listing = await session.ask('{"jsonrpc":"2.0","id":2,"method":"tools/list"}');
  // A listing warden hid a tool from is written anew, and keeps the digits too.
  assert.ok(listing.includes('"maximum":18446744073709551615') && !listing.includes('drop_table'), listing);
  const answer = await session.ask('{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"read_file","arguments":{"n":12345678901234567891,"ns":[1733500000123456789]}}}');
  assert.ok(answer.includes('"id":98765432109876543210') && answer.includes('"min":-9223372036854775808'), answer);
  const stderr = await session.end();
  const received = stderr.split('\n').find((line) => line.startsWith('RECEIVED') && line.includes('tools/call')) ?? stderr;
  assert.ok(received.includes('"n":12345678901234567891') && received.includes('"ns":[1733500000123456789]'), received);
}));

test('such an integer in the policy data is matched to the digit: a deny list of ids blocks the listed one, not its neighbour', () => inSandbox(async (box) => {
  // Both ids round to the same double: with the data rounded, neither matched the exact argument.
  await box.editPolicy('data.yaml', 'config:\n', 'config:\n  blocked_accounts: [12345678901234567891]\n');
  await writeFile(path.join(box.policies, 'blocked.rego'), BLOCKED_POLICY);
  const session = await openSession(box);
  await session.ask('{"jsonrpc":"2.0","id":2,"method":"tools/list"}');
  const blocked = await session.ask('{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"read_file","arguments":{"n":12345678901234567891}}}');
  assert.ok(blocked.includes('"error"') && blocked.includes('account is blocked'), blocked);
  const neighbour = await session.ask('{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"read_file","arguments":{"n":12345678901234567892}}}');
  assert.ok(neighbour.includes('"id":98765432109876543210'), neighbour);
  await session.end();
}));

test('a listing merged from two upstreams keeps such integers to the digit', () => inSandbox(async (box) => {
  const config = path.join(box.dir, 'two.yaml');
  const server = JSON.stringify([process.execPath, SERVER]);
  await writeFile(config, [`policies: ${JSON.stringify(box.policies)}`, 'upstreams:',
    ...['a', 'b'].map((name) => `  - { name: ${name}, command: ${server}, sandbox: { mode: none } }`), ''].join('\n'));
  const session = await openSession(box, ['--config', config]);
  const listing = await session.ask('{"jsonrpc":"2.0","id":2,"method":"tools/list"}');
  const tools = (JSON.parse(listing) as { result: { tools: Array<{ name: string }> } }).result.tools.map((t) => t.name);
  assert.equal(tools.sort(), ['a__read_file', 'b__read_file']);
  assert.is(listing.split('"maximum":18446744073709551615').length, 3, listing);
  await session.end();
}));

test('a request id past 2^53 is decided, answered and journaled to the digit; a fractional id is refused under its id as written', () => inSandbox(async (box) => {
  // Both ids round to the same double: a policy reading the rounded one would deny both.
  await writeFile(path.join(box.policies, 'big-id.rego'), BIG_ID_POLICY);
  const session = await openSession(box);
  const listed = await session.ask('{"jsonrpc":"2.0","id":9007199254740992,"method":"tools/list"}');
  assert.ok(listed.startsWith('{"jsonrpc":"2.0","id":9007199254740992,"result":{'), listed);
  const denied = await session.ask('{"jsonrpc":"2.0","id":9007199254740993,"method":"tools/list"}');
  assert.ok(denied.startsWith('{"jsonrpc":"2.0","id":9007199254740993,"error":{"code":-32003,') && denied.includes('this id is refused'), denied);
  const fractional = await session.ask('{"jsonrpc":"2.0","id":1.50,"method":"ping"}');
  assert.ok(fractional.startsWith('{"jsonrpc":"2.0","id":1.50,"error":{"code":-32600,'), fractional);
  await session.end();
  const ids = (await readEntries(box.journal)).filter((e) => e.kind === 'decision' && typeof e.request_id === 'string').map((e) => [e.message_kind, e.request_id]);
  assert.equal(ids, [['request', '9007199254740992'], ['response', '9007199254740992'], ['request', '9007199254740993'], ['request', '1.50']]);
}));

const BIG_ID_POLICY = `package mcp

import rego.v1

deny contains "this id is refused" if input.id == 9007199254740993
`;

const BLOCKED_POLICY = `package mcp

import rego.v1

deny contains "account is blocked" if input.params.arguments.n in data.config.blocked_accounts
`;

test.run();
