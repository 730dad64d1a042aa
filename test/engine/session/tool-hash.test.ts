import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { toolDefinitionHash } from '../../../engine/session/tool-hash.js';

test('hex SHA-256 of the canonical JSON', () => {
  const expected = createHash('sha256').update('{"a":1,"b":[true,null]}').digest('hex');
  assert.is(toolDefinitionHash({ b: [true, null], a: 1 }), expected);
});

test('key order and whitespace do not matter, content does', () => {
  const a = toolDefinitionHash({ name: 't', inputSchema: { type: 'object', properties: {} } });
  const b = toolDefinitionHash(JSON.parse('{ "inputSchema": {"properties": {}, "type": "object"}, "name": "t" }'));
  assert.is(a, b);
  assert.is.not(a, toolDefinitionHash({ name: 't', inputSchema: { type: 'object' } }));
});

test.run();
