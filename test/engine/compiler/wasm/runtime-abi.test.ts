import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emitWasm } from '../../../../engine/compiler/wasm/index.js';
import { policy, validate } from './helpers.js';
import { assemble, fakeRuntimeWat } from './fake-runtime.js';

async function emitWith(edit?: (wat: string) => string): Promise<Uint8Array> {
  return emitWasm(policy({ plans: [{ name: 'p', blocks: [] }] }), await assemble(fakeRuntimeWat(edit))).wasm;
}

async function rejects(edit: (wat: string) => string, message: RegExp): Promise<void> {
  await emitWith(edit).then(() => assert.unreachable('accepted a broken runtime'), (e) => assert.match(String(e), message));
}

test('a runtime that keeps the contract gives a valid module', async () => {
  await validate(await emitWith());
});

test('a missing host import is named', async () => {
  await rejects((w) => w.replace(/\(import "env" "opa_builtin3"[^\n]*\n/, ''), /lacks the imports opa_builtin3/);
});

test('imports outside the ABI are refused', async () => {
  await rejects((w) => w.replace('(import "env" "opa_abort"', '(import "env" "abort" (func (param i32 i32 i32 i32)))\n  (import "env" "opa_abort"'),
    /imports env.abort/);
  await rejects((w) => w.replace('(import "env" "memory"', '(import "wasi" "x" (func))\n  (import "env" "memory"'), /only env/);
});

test('memory must have no maximum and at most 5 initial pages', async () => {
  await rejects((w) => w.replace('(memory 2)', '(memory 2 10)'), /no maximum/);
  await rejects((w) => w.replace('(memory 2)', '(memory 6)'), /min <= 5/);
});

test('a missing ABI export is named', async () => {
  await rejects((w) => w.replace('(export "opa_value_remove_path")', ''), /does not export the function opa_value_remove_path/);
});

test('a runtime function with the wrong signature is named', async () => {
  await rejects((w) => w.replace('(func (export "warden_eval_end") (param i32 i32)', '(func (export "warden_eval_end") (param i32)'),
    /warden_eval_end has signature i>i, expected ii>i/);
});

test('warden_heap_ptr must be an exported mutable global', async () => {
  await rejects((w) => w.replace('(global (export "warden_heap_ptr") (mut i32)', '(global (export "warden_heap_ptr") i32'),
    /mutable i32 global/);
  await rejects((w) => w.replace('(export "warden_heap_ptr")', ''), /export the global warden_heap_ptr/);
});

test.run();
