import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile } from '../../../../engine/compiler/index.js';
import { ByteReader } from '../../../../engine/compiler/wasm/binary.js';
import { readModule } from '../../../../engine/compiler/wasm/module-reader.js';
import { nameSection } from '../../../../engine/compiler/wasm/name-section.js';

/** Function names by index, read back from a `name` section's payload. */
function functionNames(payload: Uint8Array): Map<number, string> {
  const r = new ByteReader(payload);
  const names = new Map<number, string>();
  while (r.pos < payload.length) {
    const id = r.u8();
    const end = r.u32() + r.pos;
    if (id === 1) {
      const count = r.u32();
      let previous = -1;
      for (let i = 0; i < count; i++) {
        const index = r.u32();
        assert.ok(index > previous, 'indexes ascend');
        previous = index;
        names.set(index, r.name());
      }
    }
    r.pos = end;
  }
  return names;
}

const POLICY = `package t

import rego.v1

double(x) := 2 * x

p := double(input.n)

conflict := 1 if input.n > 0

conflict := 2 if input.n > 1
`;

test('nameSection lists names by ascending index, whatever order they were given in', () => {
  const section = nameSection(new Map([[7, 'b'], [3, 'a'], [12, 'c']]));
  assert.is(section.name, 'name');
  assert.equal([...functionNames(section.payload)], [[3, 'a'], [7, 'b'], [12, 'c']]);
});

test('a compiled policy names its rules, plans and ABI glue', async () => {
  const { wasm } = await compile({ modules: { 't.rego': POLICY }, entrypoints: ['t/p', 't/conflict'] });
  const section = readModule(wasm).customs.find((c) => c.name === 'name');
  assert.ok(section, 'has a name section');
  const names = [...functionNames(section.payload).values()];
  for (const name of ['g0.data.t.double', 'g0.data.t.p', 'plan t/p', 'plan t/conflict', 'opa_eval', 'eval']) {
    assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
  }
});

test('the names reach stack traces: an error in a builtin shows the rule that called it', async () => {
  const source = 'package t\n\nimport rego.v1\n\nsize := units.parse(input.s)\n';
  const { wasm, entrypoints } = await compile({ modules: { 't.rego': source }, entrypoints: ['t/size'], hostBuiltins: ['units.parse'] });
  const policy = await loadPolicy(wasm, undefined, { 'units.parse': () => { throw new Error('boom'); } });
  let stack = '';
  try {
    policy.evaluate({ s: '1K' }, entrypoints['t/size']);
  } catch (error) {
    stack = String((error as Error).stack);
  }
  assert.match(stack, /at g0\.data\.t\.size \(wasm:/);
});

test.run();
