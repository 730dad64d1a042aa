import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

const rt = loadRuntime();
const ex = rt.exports;

test('object merge is deep, left wins on leaves', () => {
  const m = ex.warden_object_merge(rt.json('{"a":{"x":1},"b":1}'), rt.json('{"a":{"x":2,"y":2},"b":{"z":1},"c":3}'));
  assert.is(rt.dump(m), '{"a":{"x":1,"y":2},"b":1,"c":3}');
  assert.is(ex.warden_object_merge(rt.json('{}'), rt.json('[]')), 0);
});

test.run();
