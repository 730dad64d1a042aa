import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCaseTable, sdkCall } from './harness.js';

runCaseTable('uuid.yaml');

test('uuid.rfc4122 gives a v4 UUID, the same one per key within an evaluation', () => {
  const a = JSON.parse(sdkCall('uuid.rfc4122', ['a']) ?? 'null') as string;
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.is(JSON.parse(sdkCall('uuid.rfc4122', ['a']) ?? 'null'), a);
  assert.is.not(JSON.parse(sdkCall('uuid.rfc4122', ['b']) ?? 'null'), a);
});

test.run();
