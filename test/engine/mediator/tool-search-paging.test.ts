/**
 * With tool search on, a paged upstream listing is walked by the warden: the client lists once
 * and searches every page. Each page request and answer is decided and journaled; a denied,
 * failed or unanswered page, or too many pages, end the walk with what is known.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { RETRIEVE_TOOLS } from '../../../engine/search/retrieve-tools.js';
import { ToolSearch } from '../../../engine/search/tool-search.js';
import { MAX_PAGES } from '../../../engine/mediator/tool-search-paging.js';
import type { MediatorOptions } from '../../../engine/mediator/mediator.js';
import { until } from '../../support/until.js';
import { setup } from './harness.js';

/** Three pages of an upstream catalogue; the favourite `ping` is on the last. */
const PAGES: JsonObject[][] = [
  [{ name: 'read_file', description: 'Read a file from disk.', inputSchema: { type: 'object' } }],
  [{ name: 'send_email', description: 'Send an email message.', inputSchema: { type: 'object' } }],
  [
    { name: 'resize_image', description: 'Resize an image to a width and height.', inputSchema: { type: 'object' } },
    { name: 'ping', description: 'Liveness check.', inputSchema: { type: 'object' } },
  ],
];

type Rule = Parameters<typeof setup>[0];

/** The listing decision shows every tool of a page, as a policy's visible_tools would, unless `rule` says otherwise. */
function withSearch(rule: Rule = () => ({}), options: Partial<MediatorOptions> = {}) {
  const shown: Rule = (input) => ({
    ...(input.kind === 'response' && input.method === 'tools/list' ? { visibleTools: Object.keys(input.tools ?? {}) } : {}),
    ...rule!(input),
  });
  return setup(shown, { toolSearch: new ToolSearch({ favourites: ['ping'], maxResults: 10 }), ...options });
}

type Harness = ReturnType<typeof withSearch>;

interface UpstreamRequest { id: number; method: string; params?: { cursor?: string } }

const lastRequest = (h: Harness): UpstreamRequest => h.upstream.sent.at(-1) as unknown as UpstreamRequest;

/** The upstream answers the last request it got with page `n` (0-based), naming the next page when there is one. */
async function answerPage(h: Harness, n: number, pages = PAGES): Promise<void> {
  const request = lastRequest(h);
  const result: JsonObject = { tools: pages[n]! };
  if (n + 1 < pages.length) result.nextCursor = `c${n + 1}`;
  h.upstream.deliver({ jsonrpc: '2.0', id: request.id, result });
  await h.mediator.idle();
}

async function listOnce(h: Harness, id = 1): Promise<void> {
  h.client.deliver({ jsonrpc: '2.0', id, method: 'tools/list', params: {} });
  await h.mediator.idle();
}

async function search(h: Harness, query: string): Promise<string[]> {
  h.client.deliver({ jsonrpc: '2.0', id: 50, method: 'tools/call', params: { name: RETRIEVE_TOOLS, arguments: { query } } });
  await h.mediator.idle();
  const reply = h.client.sent.at(-1) as unknown as { result: { structuredContent: { tools: { name: string }[] } } };
  return reply.result.structuredContent.tools.map((t) => t.name);
}

const listingAnswers = (h: Harness, id = 1): JsonRpcMessage[] => h.client.sent.filter((m) => !('method' in m) && m.id === id);
const names = (m: JsonRpcMessage): string[] => ((m as unknown as { result: { tools: { name: string }[] } }).result.tools).map((t) => t.name);
const searchListing = (h: Harness): unknown => h.journal.entries.find((e) => e.search_listing && (e.search_listing as { pages?: number }).pages)?.search_listing;

test('one client listing walks every page: one answer without nextCursor, and search finds a last-page tool', async () => {
  const h = withSearch();
  await listOnce(h);
  const first = lastRequest(h);
  await answerPage(h, 0);
  assert.equal(listingAnswers(h), [], 'the client waits while pages are fetched');
  const second = lastRequest(h);
  assert.equal(second.params, { cursor: 'c1' });
  assert.is.not(second.id, first.id, 'each page request has its own upstream id');
  await answerPage(h, 1);
  assert.equal(lastRequest(h).params, { cursor: 'c2' });
  await answerPage(h, 2);
  const answers = listingAnswers(h);
  assert.is(answers.length, 1);
  assert.equal(names(answers[0]!), [RETRIEVE_TOOLS, 'ping'], 'the favourite from page 3 is listed');
  assert.is((answers[0] as { result: JsonObject }).result.nextCursor, undefined);
  assert.equal((await search(h, 'resize an image')).slice(0, 1), ['resize_image']);
  assert.equal((await search(h, 'send email')).slice(0, 1), ['send_email']);
  // Every page answer was decided as a listing; the warden's page requests were decided and marked as its own.
  assert.is(h.decider.inputs.filter((i) => i.method === 'tools/list' && i.kind === 'response').length, 3);
  const own = h.journal.entries.filter((e) => e.origin === 'mcp-warden');
  assert.equal(own.map((e) => [e.method, e.action, e.request_id]), [['tools/list', 'forward', 1], ['tools/list', 'forward', 1]]);
  assert.equal(searchListing(h), { pages: 3, complete: true });
});

test('a page the policy denies ends the walk with the pages before it', async () => {
  const h = withSearch((input) => {
    const tools = input.kind === 'response' && input.method === 'tools/list' ? Object.keys(input.tools ?? {}) : [];
    return tools.includes('send_email') ? { allowed: false, reasons: ['no email tools'] } : {};
  });
  await listOnce(h);
  await answerPage(h, 0);
  await answerPage(h, 1);
  const answers = listingAnswers(h);
  assert.is(answers.length, 1, 'answered without asking for page 3');
  assert.equal(names(answers[0]!), [RETRIEVE_TOOLS]);
  assert.equal(await search(h, 'read a file from disk'), ['read_file']);
  assert.equal(h.session.toUpstream.size, 0, 'nothing left pending');
  const listing = searchListing(h) as { pages: number; complete: boolean; reason: string };
  assert.is(listing.complete, false);
  assert.ok(listing.reason.includes('no email tools'), listing.reason);
});

test('a page request the policy denies is never sent, and the client gets what is known', async () => {
  const h = withSearch((input) => (input.kind === 'request' && input.params?.cursor !== undefined ? { allowed: false, reasons: ['no paging'] } : {}));
  await listOnce(h);
  await answerPage(h, 0);
  assert.equal(h.upstream.sent.length, 1);
  const answers = listingAnswers(h);
  assert.is(answers.length, 1);
  assert.equal(names(answers[0]!), [RETRIEVE_TOOLS]);
  const denied = h.journal.entries.find((e) => e.origin === 'mcp-warden');
  assert.is(denied?.action, 'deny');
  assert.is((denied?.search_listing as { complete: boolean }).complete, false);
});

test('a page request is planned as a client\'s: the policy\'s redactions and route apply to it', async () => {
  const h = withSearch((input) => (input.kind === 'request' && input.params?.cursor !== undefined ? { redactions: [['cursor']], route: ['demo'] } : {}));
  await listOnce(h);
  await answerPage(h, 0);
  assert.equal(lastRequest(h).params, { cursor: '[redacted by mcp-warden]' });
  assert.equal(h.upstream.routes.at(-1), ['demo']);
  const page = h.journal.entries.find((e) => e.origin === 'mcp-warden');
  assert.is(page?.redacted, 1);
  assert.is(page?.action, 'forward');
});

test('an upstream error on a page ends the walk with the pages before it', async () => {
  const h = withSearch();
  await listOnce(h);
  await answerPage(h, 0);
  h.upstream.deliver({ jsonrpc: '2.0', id: lastRequest(h).id, error: { code: -32603, message: 'boom' } });
  await h.mediator.idle();
  const answers = listingAnswers(h);
  assert.is(answers.length, 1);
  assert.equal(names(answers[0]!), [RETRIEVE_TOOLS]);
  assert.ok((searchListing(h) as { reason: string }).reason.includes('boom'));
});

test('a page the upstream never answers times out into the known listing, and is cancelled upstream', async () => {
  const h = withSearch(undefined, { requestTimeoutMs: 40 });
  await listOnce(h);
  await answerPage(h, 0);
  const pageId = lastRequest(h).id;
  await until(() => listingAnswers(h).length > 0, 'the listing after the page timed out', 3000);
  await h.mediator.idle();
  const answers = listingAnswers(h);
  assert.equal(names(answers[0]!), [RETRIEVE_TOOLS]);
  assert.ok('result' in answers[0]!, 'a listing, not a timeout error');
  const cancel = h.upstream.sent.find((m) => 'method' in m && m.method === 'notifications/cancelled') as { params: { requestId: number } } | undefined;
  assert.is(cancel?.params.requestId, pageId);
  await h.mediator.stop();
});

test(`an upstream that never stops paging is walked for ${MAX_PAGES} pages at most`, async () => {
  const h = withSearch();
  await listOnce(h);
  const endless = Array.from({ length: MAX_PAGES + 5 }, (_, i) => [{ name: `tool_${i}`, inputSchema: { type: 'object' } }]);
  for (let n = 0; listingAnswers(h).length === 0; n++) await answerPage(h, n, endless);
  assert.is(h.upstream.sent.length, MAX_PAGES);
  const listing = searchListing(h) as { pages: number; complete: boolean };
  assert.is(listing.pages, MAX_PAGES);
  assert.is(listing.complete, false);
  assert.is(h.session.toUpstream.size, 0);
});

test('a client that asks for a page by cursor is answered that page, as without search', async () => {
  const h = withSearch();
  h.client.deliver({ jsonrpc: '2.0', id: 7, method: 'tools/list', params: { cursor: 'c1' } });
  await h.mediator.idle();
  await answerPage(h, 1);
  assert.is(h.upstream.sent.length, 1, 'no walk');
  assert.is((listingAnswers(h, 7)[0] as { result: JsonObject }).result.nextCursor, 'c2');
});

test('the client cancelling its listing cancels the page being fetched', async () => {
  const h = withSearch();
  await listOnce(h);
  await answerPage(h, 0);
  const pageId = lastRequest(h).id;
  h.client.deliver({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } });
  await h.mediator.idle();
  assert.equal((h.upstream.sent.at(-1) as { params: JsonObject }).params, { requestId: pageId });
  h.upstream.deliver({ jsonrpc: '2.0', id: pageId, result: { tools: PAGES[1]!, nextCursor: 'c2' } });
  await h.mediator.idle();
  assert.equal(listingAnswers(h), [], 'a late page answers nothing');
  assert.is(h.upstream.sent.length, 3, 'and starts no further page');
});

test('if the journal fails during the walk, the client gets the journal failure, and no page is asked for', async () => {
  const h = withSearch();
  await listOnce(h);
  h.journal.failWith = new Error('disk full');
  const first = lastRequest(h);
  h.upstream.deliver({ jsonrpc: '2.0', id: first.id, result: { tools: PAGES[0]!, nextCursor: 'c1' } });
  await h.mediator.done;
  const answers = listingAnswers(h) as unknown as Array<{ error?: { message: string } }>;
  assert.is(answers.length, 1);
  assert.ok(answers[0]!.error?.message.includes('journal'), JSON.stringify(answers[0]));
  assert.is(h.upstream.sent.filter((m) => 'method' in m && m.method === 'tools/list').length, 1);
});

test('without tool search the client pages itself', async () => {
  const h = setup();
  await listOnce(h);
  await answerPage(h, 0);
  assert.is((listingAnswers(h)[0] as { result: JsonObject }).result.nextCursor, 'c1');
});

test.run();
