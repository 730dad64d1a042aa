// OPA's non-integer arithmetic end to end: each case of wide-float.cases.yaml is compiled as a
// query, loaded with the unmodified @open-policy-agent/opa-wasm SDK, and evaluated through the
// raw opa_eval ABI so that the JSON text the runtime writes is compared byte for byte (the
// SDK's JSON.parse would hide 0.33333333333333333334 behind a double).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile } from '../../../engine/index.js';
import { hostBuiltins } from '../../../engine/builtins/index.js';

/** want is the JSON text, or the word undefined for an empty result. */
interface WideCase { expr: string; want: string; input?: string }

/** The parts of the SDK's loaded policy that a raw opa_eval call needs. */
interface RawPolicy {
  wasmInstance: { exports: { opa_eval: (...a: number[]) => number } };
  mem: WebAssembly.Memory;
  dataAddr: number;
  dataHeapPtr: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const groups = YAML.parse(fs.readFileSync(path.join(here, 'wide-float.cases.yaml'), 'utf8')) as Record<string, WideCase[]>;

function rawEval(policy: RawPolicy, input: string | undefined): string {
  const bytes = new TextEncoder().encode(input ?? '');
  const grow = policy.dataHeapPtr + bytes.length - policy.mem.buffer.byteLength;
  if (grow > 0) policy.mem.grow(Math.ceil(grow / 65536));
  new Uint8Array(policy.mem.buffer).set(bytes, policy.dataHeapPtr);
  const inputAddr = input === undefined ? 0 : policy.dataHeapPtr;
  const ret = policy.wasmInstance.exports.opa_eval(0, 0, policy.dataAddr, inputAddr, bytes.length, policy.dataHeapPtr + bytes.length, 0);
  const mem = new Uint8Array(policy.mem.buffer);
  let end = ret;
  while (mem[end] !== 0) end++;
  return new TextDecoder().decode(mem.subarray(ret, end));
}

async function evalExpr(c: WideCase): Promise<string | undefined> {
  const { wasm } = await compile({ modules: {}, query: `x := ${c.expr}` });
  const policy = await loadPolicy(wasm, undefined, hostBuiltins) as unknown as RawPolicy;
  const rows = rawEval(policy, c.input);
  if (rows === '[]') return undefined;
  const m = /^\[\{"x":(.*)\}\]$/.exec(rows);
  if (!m) throw new Error(`unexpected result set ${rows}`);
  return m[1];
}

for (const [group, cases] of Object.entries(groups)) {
  test(group, async () => {
    for (const c of cases) {
      const got = await evalExpr(c);
      assert.is(got, c.want === 'undefined' ? undefined : String(c.want), `${c.expr}${c.input ? ` with input ${c.input}` : ''}`);
    }
  });
}

test.run();
