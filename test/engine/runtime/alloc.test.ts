import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

test('allocations are 8-aligned, above the heap base, and grow memory on demand', () => {
  const rt = loadRuntime();
  const ex = rt.exports;
  const a = ex.opa_malloc(3);
  const b = ex.opa_malloc(1);
  assert.is(a % 8, 0);
  assert.is(b % 8, 0);
  assert.ok(b >= a + 3);
  const pages = rt.memory.buffer.byteLength / 65536;
  const big = ex.opa_malloc(pages * 65536);
  assert.ok(rt.memory.buffer.byteLength >= big + pages * 65536);
});

test('heap pointer get/set resets the bump pointer', () => {
  const rt = loadRuntime();
  const ex = rt.exports;
  const start = ex.opa_heap_ptr_get();
  ex.opa_malloc(100);
  assert.ok(ex.opa_heap_ptr_get() >= start + 100);
  ex.opa_heap_ptr_set(start);
  assert.is(ex.opa_malloc(8), start);
});

test('the allocator never hands out memory below warden_heap_ptr', () => {
  const rt = loadRuntime();
  const global = rt.exports.warden_heap_ptr as unknown as WebAssembly.Global;
  global.value = 200000;
  assert.ok(rt.exports.opa_malloc(1) >= 200000);
});

test('stash functions exist and are harmless', () => {
  const rt = loadRuntime();
  const ex = rt.exports;
  const v = rt.json('{"a":1}');
  ex.opa_heap_blocks_stash();
  ex.opa_heap_stash_clear();
  ex.opa_heap_blocks_restore();
  assert.is(rt.dump(v), '{"a":1}');
});

test.run();
