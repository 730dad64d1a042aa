import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import type { Func, Policy } from '../../../../engine/compiler/ir.js';
import { ByteReader } from '../../../../engine/compiler/wasm/binary.js';
import { emitWasm, findRuntime } from '../../../../engine/compiler/wasm/index.js';
import { ExternKind } from '../../../../engine/compiler/wasm/module.js';
import { readConstExpr, readModule } from '../../../../engine/compiler/wasm/module-reader.js';
import { writeModule } from '../../../../engine/compiler/wasm/module-writer.js';
import { ABI_FUNCTION_EXPORTS } from '../../../../engine/compiler/wasm/runtime-abi.js';
import { FUEL_LIMIT_EXPORT } from '../../../../engine/compiler/wasm/fuel.js';
import { block, getRuntime, local, policy, resultOf, str, validate } from './helpers.js';

const inputX = policy({
  strings: ['x', 'result'],
  plans: [{ name: 'p/x', blocks: [block({ type: 'Dot', source: local(0), key: str(0), target: 2 }, ...resultOf(2, 1))] }],
});

const constInit = (init: Uint8Array): number | undefined => readConstExpr(new ByteReader(init)).i32;

test('exports exactly the OPA ABI and the fuel limit', async () => {
  const { wasm } = emitWasm(inputX, await getRuntime());
  const names = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => `${e.name}:${e.kind}`);
  assert.equal(names.sort(), [
    ...ABI_FUNCTION_EXPORTS.map((n) => `${n}:function`),
    'eval:function', 'opa_eval:function', 'entrypoints:function', 'builtins:function',
    'opa_wasm_abi_version:global', 'opa_wasm_abi_minor_version:global', `${FUEL_LIMIT_EXPORT}:global`,
  ].sort());
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(wasm)).map((i) => i.name);
  assert.equal(imports.sort(), ['memory', 'opa_abort', 'opa_builtin0', 'opa_builtin1', 'opa_builtin2', 'opa_builtin3',
    'opa_builtin4', 'opa_println']);
});

test('ABI version globals are 1 and 3', async () => {
  const { wasm } = emitWasm(inputX, await getRuntime());
  const memory = new WebAssembly.Memory({ initial: 5 });
  const noop = (): number => 0;
  const env = { memory, opa_abort: noop, opa_println: noop, opa_builtin0: noop, opa_builtin1: noop,
    opa_builtin2: noop, opa_builtin3: noop, opa_builtin4: noop };
  const { instance } = await WebAssembly.instantiate(wasm, { env });
  assert.is((instance.exports.opa_wasm_abi_version as WebAssembly.Global).value, 1);
  assert.is((instance.exports.opa_wasm_abi_minor_version as WebAssembly.Global).value, 3);
});

test('the runtime is copied: types, imports and function bodies byte for byte', async () => {
  const runtime = readModule(await getRuntime());
  const out = readModule(emitWasm(inputX, await getRuntime()).wasm);
  assert.equal(out.types.slice(0, runtime.types.length), runtime.types);
  assert.equal(out.imports, runtime.imports);
  assert.equal(out.functions.slice(0, runtime.functions.length), runtime.functions);
  runtime.code.forEach((body, i) => assert.equal(out.code[i], body, `function body ${i}`));
  assert.equal(out.data.slice(0, runtime.data.length), runtime.data);
});

test('one data segment after the runtime data; the heap starts after it', async () => {
  const runtime = readModule(await getRuntime());
  const out = readModule(emitWasm(inputX, await getRuntime()).wasm);
  const runtimeEnd = Math.max(...runtime.data.map((d) => (d.offset ?? 0) + d.size));
  assert.is(out.data.length, runtime.data.length + 1);
  const segment = out.data.at(-1)!;
  assert.ok(segment.offset! >= runtimeEnd && segment.offset! % 16 === 0, `segment at ${segment.offset}`);
  assert.is(out.dataCount, runtime.dataCount === null ? null : runtime.dataCount + 1);
  const heapExport = runtime.exports.find((e) => e.name === 'warden_heap_ptr')!;
  const heapInit = constInit(out.globals[heapExport.index]!.init)!;
  assert.ok(heapInit >= segment.offset! + segment.size && heapInit % 16 === 0, `heap at ${heapInit}`);
  assert.ok(heapInit - (segment.offset! + segment.size) < 16);
});

test("the runtime's custom sections (names, source map URL) are dropped; the policy's own names are written", async () => {
  const runtime = readModule(await getRuntime());
  runtime.customs.push({ name: 'name', payload: new Uint8Array([0, 0]) }, { name: 'sourceMappingURL', payload: new Uint8Array([1, 0x78]) });
  const out = readModule(emitWasm(inputX, writeModule(runtime)).wasm);
  assert.equal(out.customs.map((c) => c.name), ['name']);
  assert.is.not(out.customs[0]!.payload.length, 2);
});

test('emitWasm reports entrypoint ids in plan order and host builtins by id', async () => {
  const p: Policy = policy({
    plans: ['z', 'a', 'm'].map((name) => ({ name, blocks: [block({ type: 'Call', func: `ext.${name}`, args: [], result: 2 })] })),
  });
  const out = emitWasm(p, await getRuntime());
  assert.equal(out.entrypoints, { z: 0, a: 1, m: 2 });
  assert.equal(out.hostBuiltins, ['ext.z', 'ext.a', 'ext.m']);
  await validate(out.wasm);
});

test('a builtin the runtime exports as builtin_<name> is called natively', async () => {
  // Stand in for a native builtin: export the runtime's trim_prefix again as "strings.cut2".
  const runtime = readModule(await getRuntime());
  const trimPrefix = runtime.exports.find((e) => e.name === 'builtin_trim_prefix')!;
  runtime.exports.push({ name: 'builtin_strings_cut2', kind: ExternKind.func, index: trimPrefix.index });
  const p = policy({
    strings: ['ab', 'a', 'result'],
    plans: [{ name: 'p', blocks: [block(
      { type: 'Call', func: 'strings.cut2', args: [str(0), str(1)], result: 2 },
      ...resultOf(2, 2),
    )] }],
  });
  const out = emitWasm(p, writeModule(runtime));
  assert.equal(out.hostBuiltins, []);
  const lp = await loadPolicy(out.wasm);
  assert.equal(lp.evaluate({}), [{ result: 'b' }]);
});

test('host builtins with more than four arguments are refused', async () => {
  const p = policy({ plans: [{ name: 'p', blocks: [block({ type: 'Call', func: 'ext.five', args: [0, 0, 0, 0, 0].map(local), result: 2 })] }] });
  const runtime = await getRuntime();
  assert.throws(() => emitWasm(p, runtime), /at most 4/);
});

test('loadRuntime finds runtime.wasm from source and from the build', async () => {
  assert.match(findRuntime(), /runtime\.wasm$/);
  assert.equal([...(await getRuntime()).subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
});

test('1,000 rule funcs encode quickly and load', async () => {
  const funcs: Func[] = Array.from({ length: 1000 }, (_, i) => ({
    name: `g0.data.r${i}`, path: ['g0', `r${i}`], params: [0, 1], return: 2,
    blocks: [block({ type: 'Dot', source: local(0), key: str(0), target: 3 }, { type: 'AssignVarOnce', source: local(3), target: 2 })],
  }));
  const p = policy({
    strings: ['x', 'result'],
    funcs,
    plans: [{ name: 'p', blocks: [block({ type: 'Call', func: 'g0.data.r999', args: [local(0), local(1)], result: 2 }, ...resultOf(2, 1))] }],
  });
  const runtime = await getRuntime();
  const started = performance.now();
  const { wasm } = emitWasm(p, runtime);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 5000, `encode took ${elapsed.toFixed(0)} ms`);
  const lp = await loadPolicy(wasm);
  assert.equal(lp.evaluate({ x: 1 }), [{ result: 1 }]);
});

test.run();
