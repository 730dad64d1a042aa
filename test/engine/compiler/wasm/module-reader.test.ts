import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExternKind, ValType } from '../../../../engine/compiler/wasm/module.js';
import { readModule } from '../../../../engine/compiler/wasm/module-reader.js';
import { writeModule } from '../../../../engine/compiler/wasm/module-writer.js';
import { getRuntime } from './helpers.js';

async function wat(text: string): Promise<Uint8Array> {
  const wabt = await (await import('wabt')).default();
  const module = wabt.parseWat('test.wat', text, { bulk_memory: true });
  try {
    return module.toBinary({ write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

const SAMPLE = `(module
  (type $t (func (param i32) (result i32)))
  (import "env" "memory" (memory 1))
  (import "env" "f" (func $f (type $t)))
  (import "env" "g" (global i32))
  (table 2 funcref)
  (global $h (mut i32) (i32.const 1024))
  (global i64 (i64.const -5))
  (func $id (type $t) (local.get 0))
  (func (export "run") (result i32) (call $id (i32.const 7)))
  (func (data.drop 2))
  (export "h" (global $h))
  (elem (i32.const 0) $id)
  (data (i32.const 16) "hello")
  (data (i32.const 64) "\\00\\01")
  (data "passive")
  (start 1)
)`;

test('decodes the sections the encoder inspects', async () => {
  const m = readModule(await wat(SAMPLE));
  assert.is(m.imports.length, 3);
  assert.equal(m.imports[0]!.limits, { min: 1 });
  assert.is(m.imports[1]!.typeIndex, 0);
  assert.is(m.imports[2]!.kind, ExternKind.global);
  assert.is(m.functions.length, 3);
  assert.equal(m.globals.map((g) => [g.type, g.mutable]), [[ValType.i32, true], [ValType.i64, false]]);
  assert.equal(m.exports.map((e) => e.name), ['run', 'h']);
  assert.equal(m.data.map((d) => [d.offset, d.size]), [[16, 5], [64, 2], [undefined, 7]]);
  assert.is(m.dataCount, 3);
  assert.ok(m.table);
  assert.ok(m.element);
  assert.is(m.code.length, 3);
});

test('writing what was read gives the same bytes', async () => {
  const bytes = await wat(SAMPLE);
  assert.equal(writeModule(readModule(bytes)), bytes);
});

test('runtime.wasm round-trips byte for byte', async () => {
  const runtime = await getRuntime();
  assert.equal(writeModule(readModule(runtime)), runtime);
});

test('rejects what is not a wasm module', () => {
  assert.throws(() => readModule(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), /not a wasm/);
});

test('rejects unknown sections instead of dropping them', () => {
  const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x0d, 0x00]);
  assert.throws(() => readModule(bytes), /unsupported wasm section id 13/);
});

test('rejects a section with trailing bytes', () => {
  const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00]);
  assert.throws(() => readModule(bytes), /trailing bytes/);
});

test.run();
