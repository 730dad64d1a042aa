import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FuncBuilder } from '../../../../engine/compiler/wasm/func-builder.js';
import { ExternKind, ValType, type WasmModule } from '../../../../engine/compiler/wasm/module.js';
import { writeModule } from '../../../../engine/compiler/wasm/module-writer.js';
import { validate } from './helpers.js';

/** Wraps one `(i32) -> i32` body in a module and returns it as a JS function. */
async function run(body: Uint8Array): Promise<(x: number) => number> {
  const module: WasmModule = {
    types: [{ params: [ValType.i32], results: [ValType.i32] }], imports: [], functions: [0], table: null,
    memory: null, globals: [], exports: [{ name: 'f', kind: ExternKind.func, index: 0 }], start: null,
    element: null, dataCount: null, code: [body], data: [], customs: [],
  };
  const wasm = writeModule(module);
  await validate(wasm);
  const { instance } = await WebAssembly.instantiate(wasm);
  return instance.exports.f as (x: number) => number;
}

test('branches name labels; depths are computed', async () => {
  const fb = new FuncBuilder(1);
  const result = fb.addLocal();
  const outer = fb.block();
  const inner = fb.block();
  fb.i32Const(1).localSet(result);
  fb.localGet(0).brIf(outer);
  fb.i32Const(2).localSet(result);
  fb.br(inner);
  fb.end(inner);
  fb.i32Const(3).localSet(result);
  fb.end(outer);
  fb.localGet(result);
  const f = await run(fb.finish());
  assert.is(f(1), 1);
  assert.is(f(0), 3);
});

test('a branch out of a frame with an exit action runs the action first', async () => {
  const fb = new FuncBuilder(1);
  const result = fb.addLocal();
  const outer = fb.block();
  fb.i32Const(10).localSet(result);
  const frame = fb.block({ onExit: (b) => void b.i32Const(42).localSet(result) });
  fb.i32Const(20).localSet(result);
  fb.localGet(0).brIf(outer);
  fb.localGet(0).brIf(frame);
  fb.end(frame);
  fb.end(outer);
  fb.localGet(result);
  const f = await run(fb.finish());
  assert.is(f(1), 42);
  assert.is(f(0), 20);
});

test('br_table dispatches by index with a fallback', async () => {
  const fb = new FuncBuilder(1);
  const result = fb.addLocal();
  const fallback = fb.block();
  const second = fb.block();
  const first = fb.block();
  fb.localGet(0).brTable([first, second], fallback);
  fb.end(first);
  fb.i32Const(100).localSet(result);
  fb.end(second);
  fb.localGet(result).i32Const(1).op(0x6a).localSet(result);
  fb.end(fallback);
  fb.localGet(result);
  const f = await run(fb.finish());
  assert.is(f(0), 101);
  assert.is(f(1), 1);
  assert.is(f(7), 0);
});

test('unbalanced blocks are internal errors', () => {
  const fb = new FuncBuilder(0);
  const a = fb.block();
  fb.block();
  assert.throws(() => fb.end(a), /unbalanced/);
  assert.throws(() => new FuncBuilder(0).br({}), /not open/);
  const open = new FuncBuilder(0);
  open.block();
  assert.throws(() => open.finish(), /unclosed/);
});

test.run();
