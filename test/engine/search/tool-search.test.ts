import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject } from '../../../engine/protocol/jsonrpc.js';
import { RETRIEVE_TOOLS } from '../../../engine/search/retrieve-tools.js';
import { ToolSearch } from '../../../engine/search/tool-search.js';

const tool = (name: string, description: string): JsonObject => ({ name, description, inputSchema: { type: 'object' } });
const LISTING = { tools: [tool('read_file', 'Read a file from disk.'), tool('write_file', 'Write a file to disk.'), tool('ping', 'Liveness.')] };

const shownNames = (result: JsonObject): string[] => (result.tools as JsonObject[]).map((t) => t.name as string);
const foundBy = (search: ToolSearch, query: string): string[] => search.answer({ query }).found;

test('a listing shows the meta-tool first, then the favourites the listing holds', () => {
  const search = new ToolSearch({ favourites: ['ping', 'not_listed'], maxResults: 10 });
  const shown = search.present({ ...LISTING, nextCursor: 'c1' }, null);
  assert.equal(shownNames(shown), [RETRIEVE_TOOLS, 'ping']);
  assert.is(shown.nextCursor, 'c1', 'other members of the result are kept');
  assert.equal(search.allowedNames(), ['read_file', 'write_file', 'ping']);
});

test('a search finds only tools of the listing', () => {
  const search = new ToolSearch({ favourites: [], maxResults: 10 });
  search.present({ tools: [tool('read_file', 'Read a file from disk.')] }, null);
  assert.equal(foundBy(search, 'write a file'), ['read_file']);
});

test('a page asked for with a cursor adds tools; a first page starts over', () => {
  const search = new ToolSearch({ favourites: ['b'], maxResults: 10 });
  search.present({ tools: [tool('a', 'alpha')] }, {});
  const second = search.present({ tools: [tool('b', 'beta')] }, { cursor: 'c1' });
  assert.equal(shownNames(second), ['b'], 'the meta-tool is listed once, on the first page');
  assert.equal(search.allowedNames(), ['a', 'b']);
  search.present({ tools: [tool('c', 'gamma')] }, {});
  assert.equal(search.allowedNames(), ['c']);
  assert.equal(foundBy(search, 'alpha'), []);
});

test('a new listing rebuilds the index', () => {
  const search = new ToolSearch({ favourites: [], maxResults: 10 });
  search.present({ tools: [tool('a', 'alpha')] }, null);
  assert.equal(foundBy(search, 'alpha'), ['a']);
  search.present({ tools: [tool('a', 'omega')] }, null);
  assert.equal(foundBy(search, 'alpha'), []);
  assert.equal(foundBy(search, 'omega'), ['a']);
});

test('an upstream tool named like the meta-tool is neither listed nor searchable', () => {
  const search = new ToolSearch({ favourites: [RETRIEVE_TOOLS], maxResults: 10 });
  const shown = search.present({ tools: [tool(RETRIEVE_TOOLS, 'upstream search tool'), tool('x', 'search')] }, null);
  assert.equal(shownNames(shown), [RETRIEVE_TOOLS]);
  assert.is((shown.tools as JsonObject[])[0]!.title, 'Find tools');
  assert.equal(search.allowedNames(), ['x']);
});

test('before any listing, and with bad arguments, the answer is a tool error', () => {
  const search = new ToolSearch({ favourites: [], maxResults: 10 });
  assert.is(search.answer({ query: 'x' }).result.isError, true);
  search.present(LISTING, null);
  const bad = search.answer({ limit: 2 });
  assert.is(bad.result.isError, true);
  assert.equal(bad.found, []);
});

test('the limit is bounded by maxResults', () => {
  const search = new ToolSearch({ favourites: [], maxResults: 1 });
  search.present(LISTING, null);
  assert.is(search.answer({ query: 'file', limit: 5 }).found.length, 1);
});

test('only tools/call of retrieve_tools is handled', () => {
  const search = new ToolSearch({ favourites: [], maxResults: 10 });
  assert.ok(search.handles('tools/call', { name: RETRIEVE_TOOLS }));
  assert.not.ok(search.handles('tools/call', { name: 'read_file' }));
  assert.not.ok(search.handles('tools/list', { name: RETRIEVE_TOOLS }));
  assert.not.ok(search.handles('tools/call', undefined));
});

test('a result without a tools array passes unchanged', () => {
  const search = new ToolSearch({ favourites: [], maxResults: 10 });
  const result = { other: 1 };
  assert.is(search.present(result, null), result);
});

test.run();
