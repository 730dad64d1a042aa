import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile } from '../../../engine/compiler/index.js';
import { HEAP_HEADROOM_PAGES, initialMemoryPages, WASM_PAGE_BYTES } from '../../../engine/compiler/wasm/memory-pages.js';
import { compileModule, loadPolicyWasm } from '../../../engine/policy/load-wasm.js';

// A string constant lives in the data segment: 600 KB of it does not fit the SDK's default 5 pages.
const LONG = 'x'.repeat(600_000);
const SOURCE = `package big\nimport rego.v1\nlong := "${LONG}"\nsize := count(long)\n`;

async function bigPolicy(): Promise<Uint8Array> {
  return (await compile({ modules: { 'big.rego': SOURCE }, entrypoints: ['big/size'] })).wasm;
}

test('the SDK default memory does not hold a large data segment', async () => {
  const wasm = await bigPolicy();
  await loadPolicy(wasm as Uint8Array<ArrayBuffer>).then(
    () => assert.unreachable('loaded into 5 pages'),
    (error: unknown) => assert.match(String(error), /out of bounds/),
  );
});

test('memory is sized from the data segment, with heap headroom', async () => {
  const wasm = await bigPolicy();
  const pages = initialMemoryPages(wasm);
  assert.ok(pages * WASM_PAGE_BYTES > LONG.length + HEAP_HEADROOM_PAGES * WASM_PAGE_BYTES, `${pages} pages`);
  const small = (await compile({ modules: { 's.rego': 'package s\nimport rego.v1\np := 1\n' }, entrypoints: ['s/p'] })).wasm;
  assert.ok(initialMemoryPages(small) < pages);
});

test('a first evaluation, regex cache and heap included, fits the memory a policy is given', async () => {
  const source = 'package s\nimport rego.v1\nsecret if regex.match(`(?i)key\\s*[:=]\\s*[A-Za-z0-9]{20,}`, input.text)\n';
  const wasm = (await compile({ modules: { 's.rego': source }, entrypoints: ['s/secret'] })).wasm;
  const policy = await loadPolicyWasm(wasm, {});
  const before = policy.mem!.buffer.byteLength;
  assert.is(before, initialMemoryPages(wasm) * WASM_PAGE_BYTES);
  assert.equal(policy.evaluate({ text: `${'plain words '.repeat(500)}key = ${'A'.repeat(24)}` }), [{ result: true }]);
  assert.is(policy.mem!.buffer.byteLength, before, 'the memory grew');
});

test('loadPolicyWasm loads and evaluates it, from bytes and from a compiled module', async () => {
  const wasm = await bigPolicy();
  for (const code of [wasm, await compileModule(wasm)]) {
    const policy = await loadPolicyWasm(code, {});
    assert.equal(policy.evaluate({}), [{ result: LONG.length }]);
  }
});

test.run();
