import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject } from '../../../engine/protocol/jsonrpc.js';
import { compileMetered } from '../../../engine/schema/compile.js';
import { WorkMeter } from '../../../engine/schema/work-meter.js';

const list = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i));

test('a large definition named many times is called, not copied into each use', () => {
  const leaf = { type: 'object', properties: Object.fromEntries(list(300, (i) => [`p${i}`, { type: 'string', minLength: 1 }])) };
  const schema: JsonObject = { $defs: { leaf }, type: 'object', properties: Object.fromEntries(list(200, (i) => [`q${i}`, { $ref: '#/$defs/leaf' }])) };
  const validate = compileMetered(schema, new WorkMeter(), 1e9);
  // Copied into each use, the root function alone would be some 200 times the leaf's code.
  assert.ok(validate.toString().length < 200_000, `${validate.toString().length} characters`);
  assert.is(validate({ q7: { p3: '' } }), false);
});

test('a $schema this warden does not know is refused', () => {
  assert.throws(() => compileMetered({ $schema: 'https://example.com/dialect', type: 'object' }, new WorkMeter(), 1e9), /unsupported \$schema/);
});

test.run();
