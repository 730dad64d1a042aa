/**
 * Tool search through the mediator: the listing shows the meta-tool and favourites, a
 * retrieve_tools call is decided by the policy, journaled and answered by the warden, never
 * forwarded, and it finds only what the policy's listing decision let through.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { RETRIEVE_TOOLS } from '../../../engine/search/retrieve-tools.js';
import { ToolSearch } from '../../../engine/search/tool-search.js';
import { WARDEN_SERVER } from '../../../engine/mediator/tool-search-plan.js';
import { setup } from './harness.js';

const TOOLS: JsonObject[] = [
  { name: 'read_file', description: 'Read a file from disk.', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } },
  { name: 'delete_file', description: 'Delete a file from disk.', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } },
  { name: 'ping', description: 'Liveness check.', inputSchema: { type: 'object' } },
];

function withSearch(rule: Parameters<typeof setup>[0] = () => ({})) {
  const toolSearch = new ToolSearch({ favourites: ['ping'], maxResults: 10 });
  return setup((input) => {
    // The listing decision hides delete_file, as a policy's visible_tools would.
    if (input.method === 'tools/list' && input.kind === 'response') return { visibleTools: ['read_file', 'ping'] };
    return rule!(input);
  }, { toolSearch });
}

async function listed(h: ReturnType<typeof setup>): Promise<JsonObject> {
  h.client.deliver({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
  await h.mediator.idle();
  const forwarded = h.upstream.sent.at(-1) as { id: number };
  h.upstream.deliver({ jsonrpc: '2.0', id: forwarded.id, result: { tools: TOOLS } });
  await h.mediator.idle();
  return (h.client.sent.at(-1) as { result: JsonObject }).result;
}

async function retrieve(h: ReturnType<typeof setup>, args: JsonObject, id = 2): Promise<JsonRpcMessage> {
  const before = h.upstream.sent.length;
  h.client.deliver({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: RETRIEVE_TOOLS, arguments: args } });
  await h.mediator.idle();
  assert.is(h.upstream.sent.length, before, 'retrieve_tools is never forwarded');
  return h.client.sent.at(-1)!;
}

const foundIn = (reply: JsonRpcMessage): string[] =>
  ((reply as unknown as { result: { structuredContent: { tools: { name: string }[] } } }).result.structuredContent.tools).map((t) => t.name);

test('tools/list shows only the meta-tool and the visible favourites', async () => {
  const h = withSearch();
  const result = await listed(h);
  assert.equal((result.tools as JsonObject[]).map((t) => t.name), [RETRIEVE_TOOLS, 'ping']);
  const entry = h.journal.entries.find((e) => e.method === 'tools/list' && e.direction === 'server_to_client');
  assert.equal(entry?.hidden_tools, ['delete_file'], 'the journal names what the policy hid, not what search folds away');
});

test('retrieve_tools is decided, journaled and answered by the warden, with tools the policy shows', async () => {
  const h = withSearch();
  await listed(h);
  const reply = await retrieve(h, { query: 'file on disk' });
  assert.is((reply as { id: number }).id, 2);
  assert.equal(foundIn(reply), ['read_file']);
  const input = h.decider.inputs.at(-1)!;
  assert.is(input.method, 'tools/call');
  assert.is(input.tool?.name, RETRIEVE_TOOLS);
  assert.is(input.tool?.server, WARDEN_SERVER);
  assert.is(input.tool?.annotations.readOnlyHint, true);
  assert.is(input.tool?.approved, true, 'the warden\'s own definition is not quarantined');
  assert.is(input.tool?.arguments_valid, true);
  const entry = h.journal.entries.at(-1)!;
  assert.is(entry.action, 'answer');
  assert.is(entry.tool, RETRIEVE_TOOLS);
  assert.is(entry.allow, true);
  assert.equal(entry.retrieved_tools, ['read_file']);
  assert.ok(typeof entry.params_commitment === 'string');
});

test('arguments that do not fit the meta-tool reach the policy as invalid, with the reason', async () => {
  const h = withSearch();
  await listed(h);
  const reply = await retrieve(h, { limit: 0 }) as unknown as { result: { isError: boolean } };
  assert.is(reply.result.isError, true, 'allowed by this policy, answered with a tool error');
  const tool = h.decider.inputs.at(-1)!.tool!;
  assert.is(tool.arguments_valid, false);
  assert.equal(tool.argument_errors, [{ path: '', message: 'query must be a non-empty string' }]);
});

test('a denied search is answered with the denial and searches nothing', async () => {
  const h = withSearch((input) => input.params?.name === RETRIEVE_TOOLS ? { allowed: false, reasons: ['no search for you'] } : {});
  await listed(h);
  const reply = await retrieve(h, { query: 'file' }) as unknown as { error: { data: { reasons: string[] } } };
  assert.equal(reply.error.data.reasons, ['no search for you']);
  const entry = h.journal.entries.at(-1)!;
  assert.is(entry.action, 'deny');
  assert.is(entry.retrieved_tools, undefined);
});

test('a tool found by search is still decided when called', async () => {
  const h = withSearch((input) => input.params?.name === 'read_file' ? { allowed: false, reasons: ['read_file denied'] } : {});
  await listed(h);
  assert.equal(foundIn(await retrieve(h, { query: 'read file' })), ['read_file']);
  h.client.deliver({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'read_file', arguments: { path: 'x' } } });
  await h.mediator.idle();
  const reply = h.client.sent.at(-1) as unknown as { id: number; error: { data: { reasons: string[] } } };
  assert.is(reply.id, 3);
  assert.equal(reply.error.data.reasons, ['read_file denied']);
});

test('without tool search, retrieve_tools goes upstream like any tool', async () => {
  const h = setup();
  h.client.deliver({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: RETRIEVE_TOOLS, arguments: { query: 'x' } } });
  await h.mediator.idle();
  assert.is((h.upstream.sent.at(-1) as { method: string }).method, 'tools/call');
});

test('if the journal fails, the search answer is replaced by the journal failure', async () => {
  const h = withSearch();
  await listed(h);
  h.journal.failWith = new Error('disk full');
  h.client.deliver({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: RETRIEVE_TOOLS, arguments: { query: 'file' } } });
  await h.mediator.done;
  const reply = h.client.sent.find((m) => (m as { id?: number }).id === 9) as { error?: { message: string } } | undefined;
  assert.ok(reply?.error, 'the client gets an error, not results');
});

test.run();
