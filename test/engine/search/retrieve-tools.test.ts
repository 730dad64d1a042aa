import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, JsonValue } from '../../../engine/protocol/jsonrpc.js';
import {
  MAX_QUERY_CHARS, retrieveArguments, retrieveToolsDefinition, retrieveToolsResult, RETRIEVE_TOOLS,
} from '../../../engine/search/retrieve-tools.js';
import { ToolIndex } from '../../../engine/search/tool-index.js';
import { loadCases } from '../policy/paths.js';

interface Case { note: string; args: JsonValue; want?: { query: string; limit: number }; error?: string }

for (const c of loadCases<Case>('test/engine/search/retrieve-tools.cases.yaml')) {
  test(c.note, () => {
    const got = retrieveArguments(c.args, 10);
    if (c.error !== undefined) assert.is(got, c.error);
    else assert.equal(got, c.want);
  });
}

test('a long query is cut, not refused', () => {
  const got = retrieveArguments({ query: 'x'.repeat(MAX_QUERY_CHARS * 2) }, 10);
  assert.ok(typeof got !== 'string' && got.query.length === MAX_QUERY_CHARS);
});

test('the default limit never exceeds a smaller maximum', () => {
  assert.equal(retrieveArguments({ query: 'x' }, 2), { query: 'x', limit: 2 });
});

test('the definition bounds limit by the configured maximum and is read-only', () => {
  const def = retrieveToolsDefinition(7);
  assert.is(def.name, RETRIEVE_TOOLS);
  const schema = def.inputSchema as { properties: { limit: { maximum: number } }; required: string[] };
  assert.is(schema.properties.limit.maximum, 7);
  assert.equal(schema.required, ['query']);
  assert.is((def.annotations as JsonObject).readOnlyHint, true);
});

test('the result lists matches with their schemas, as structured content and as the same JSON text', () => {
  const index = new ToolIndex([
    { name: 'read_file', description: 'Read a file.', inputSchema: { type: 'object', properties: { path: { type: 'string' } } }, annotations: { readOnlyHint: true } },
    { name: 'ping', description: 'Check liveness.' },
  ]);
  const result = retrieveToolsResult(index, { query: 'read file', limit: 5 });
  const structured = result.structuredContent as { tools: JsonObject[] };
  assert.is(structured.tools.length, 1);
  const [hit] = structured.tools;
  assert.is(hit!.name, 'read_file');
  assert.equal(hit!.inputSchema, { type: 'object', properties: { path: { type: 'string' } } });
  assert.equal(hit!.annotations, { readOnlyHint: true });
  assert.ok(typeof hit!.score === 'number' && hit!.score > 0);
  const [text] = result.content as { type: string; text: string }[];
  assert.equal(JSON.parse(text!.text), structured);
  const none = retrieveToolsResult(index, { query: 'zebra', limit: 5 });
  assert.equal(none.structuredContent, { tools: [] });
});

test('a tool without an input schema is returned with an empty object schema', () => {
  const index = new ToolIndex([{ name: 'ping', description: 'Check liveness.' }]);
  const [hit] = (retrieveToolsResult(index, { query: 'ping', limit: 1 }).structuredContent as { tools: JsonObject[] }).tools;
  assert.equal(hit!.inputSchema, { type: 'object' });
});

test.run();
