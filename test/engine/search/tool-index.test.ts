/**
 * The tool index: what it reads from a definition, its cache, and recall on the shipped catalog
 * of real tool definitions (test/data/tool-catalog). The floors sit a few points under what was
 * measured when the index was written (success@5 0.939, recall@5 0.901, MRR 0.879 on 323
 * tools, 132 queries), so a change that makes search worse fails here.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ToolIndex, toolIndexFor, toolSetDigest, toolDefinitions, type ToolDefinition } from '../../../engine/search/tool-index.js';
import { catalogFiles, catalogQueries, catalogTools, measure } from './catalog.js';

const FLOORS = { successAtK: 0.9, recallAtK: 0.86, mrr: 0.84 };

const names = (index: ToolIndex, query: string, k = 5): string[] => index.search(query, k).map((h) => h.tool.name);

test('the catalog holds at least 300 real tools from at least 20 servers, names unique per server', () => {
  const files = catalogFiles();
  assert.ok(files.length >= 20, `${files.length} servers`);
  for (const file of files) {
    assert.ok(file.server && file.package && file.version, `${file.server}: source named`);
    const seen = new Set(file.tools.map((t) => t.name));
    assert.is(seen.size, file.tools.length, `${file.server}: duplicate tool names`);
  }
  assert.ok(catalogTools(files).length >= 300);
});

test('every query names tools that exist, and there are at least 100 queries', () => {
  const known = new Set(catalogTools().map((t) => t.name));
  const queries = catalogQueries();
  assert.ok(queries.length >= 100);
  for (const { q, expect } of queries) {
    assert.ok(expect.length > 0, q);
    for (const name of expect) assert.ok(known.has(name), `${q}: unknown tool ${name}`);
  }
});

test('recall@5 and MRR on the catalog stay above their floors', () => {
  const tools = catalogTools();
  const queries = catalogQueries();
  const measured = measure(new ToolIndex(tools), queries);
  console.log(`  tool search on ${tools.length} tools, ${queries.length} queries: success@5 ${measured.successAtK.toFixed(3)}, recall@5 ${measured.recallAtK.toFixed(3)}, MRR ${measured.mrr.toFixed(3)}`);
  for (const key of ['successAtK', 'recallAtK', 'mrr'] as const) {
    assert.ok(measured[key] >= FLOORS[key], `${key} ${measured[key].toFixed(3)} < ${FLOORS[key]}; misses: ${JSON.stringify(measured.misses)}`);
  }
});

test('stemming finds inflected forms (measured: it helps on the catalog)', () => {
  const tools = catalogTools();
  const queries = catalogQueries();
  const stemmed = measure(new ToolIndex(tools), queries);
  const plain = measure(new ToolIndex(tools, { stem: false }), queries);
  assert.ok(stemmed.recallAtK >= plain.recallAtK, `stemmed ${stemmed.recallAtK} < plain ${plain.recallAtK}`);
});

const TOOLS: ToolDefinition[] = [
  { name: 'get_weather', description: 'Current conditions for a city.', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } },
  { name: 'sendInvoice', description: 'Bill a customer.', inputSchema: { type: 'object', properties: { customer: { type: 'object', properties: { vatNumber: { type: 'string', description: 'EU tax identifier' } } } } } },
  { name: 'list_items', title: 'Inventory', description: 'All items in stock.', inputSchema: { type: 'object', properties: { filters: { type: 'array', items: { type: 'object', properties: { warehouse: { type: 'string' } } } } } } },
];

test('names, titles, parameter names and nested parameter descriptions are searchable', () => {
  const index = new ToolIndex(TOOLS);
  assert.equal(names(index, 'weather', 1), ['get_weather']);
  assert.equal(names(index, 'send invoice', 1), ['sendInvoice']);
  assert.equal(names(index, 'city', 1), ['get_weather']);
  assert.equal(names(index, 'vat number', 1), ['sendInvoice']);
  assert.equal(names(index, 'tax identifier', 1), ['sendInvoice']);
  assert.equal(names(index, 'inventory', 1), ['list_items']);
  assert.equal(names(index, 'warehouse', 1), ['list_items']);
  assert.equal(names(index, 'submarine'), []);
});

test('a search returns the definitions it was built from', () => {
  const index = new ToolIndex(TOOLS);
  assert.is(index.search('weather', 1)[0]!.tool, TOOLS[0]);
});

test('the digest ignores order and sees any change', () => {
  const reversed = [...TOOLS].reverse();
  assert.is(toolSetDigest(TOOLS), toolSetDigest(reversed));
  const changed = [{ ...TOOLS[0]!, description: 'Forecast.' }, ...TOOLS.slice(1)];
  assert.is.not(toolSetDigest(TOOLS), toolSetDigest(changed));
  assert.is.not(toolSetDigest(TOOLS), toolSetDigest(TOOLS.slice(1)));
});

test('the same tool set reuses one index; another set builds another', () => {
  const first = toolIndexFor(TOOLS);
  assert.is(toolIndexFor([...TOOLS].reverse()), first);
  assert.is.not(toolIndexFor(TOOLS.slice(1)), first);
});

test('only named objects of a listing are indexed', () => {
  assert.equal(toolDefinitions([{ name: 'a' }, { name: 3 }, 'b', null, [], { title: 'x' }]).map((t) => t.name), ['a']);
});

test.run();
