/**
 * The tagged encoding host builtins are called with, through the runtime's real
 * `warden_host_builtin` and a stub host that does what the SDK does: dump each argument as
 * JSON, parse the JSON result back. Round trips go through the JS side (engine/builtins/wire.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { decodeArg, encodeResult } from '../../../engine/builtins/wire.js';
import { compile, hostBuiltins } from '../../../engine/index.js';
import { loadRuntime, type Runtime } from './harness.js';

interface Cases {
  arguments: Array<{ note?: string; value: string; wire: string; round_trip?: boolean }>;
  results: Array<{ note?: string; wire: string; value: string | null }>;
}
const cases = parse(readFileSync(fileURLToPath(new URL('./host-codec.cases.yaml', import.meta.url)), 'utf8')) as Cases;

/** What the stub host saw last, and the JSON it answers with (a function of the arguments' JSON). */
let seen: number[] = [];
let answer: (args: string[]) => string = () => 'null';
const rt: Runtime = loadRuntime((_id, ...args) => {
  seen = args;
  return rt.json(answer(args.map((a) => rt.dump(a))));
});
const ex = rt.exports;

function callHost(arg: number, reply: (args: string[]) => string): number {
  answer = reply;
  return ex.warden_host_builtin(1, 0, 0, arg, 0, 0, 0);
}

function value(text: string): number {
  const v = rt.value(text);
  if (!v) throw new Error(`bad value ${text}`);
  return v;
}

for (const c of cases.arguments) {
  test(`argument ${c.note ?? c.value} goes out as ${c.wire}`, () => {
    let wire = '';
    callHost(value(c.value), ([a]) => { wire = a!; return 'true'; });
    assert.is(wire, c.wire);
  });
}

for (const c of cases.results) {
  test(`result ${c.wire} comes back as ${c.value ?? 'undefined'}${c.note ? ` (${c.note})` : ''}`, () => {
    const got = callHost(value('1'), () => c.wire);
    assert.is(got ? rt.dumpValue(got) : null, c.value);
  });
}

/** The JS side as hostBuiltins runs it: the SDK's JSON.parse, decode, encode, JSON.stringify. */
const jsRoundTrip = (exact: boolean) => ([a]: string[]): string => {
  const r = encodeResult(decodeArg(JSON.parse(a!), exact));
  return r instanceof ArrayBuffer ? new TextDecoder().decode(r) : JSON.stringify(r);
};

for (const c of cases.arguments.filter((x) => x.round_trip !== false)) {
  test(`${c.note ?? c.value} survives the round trip through a JS builtin with exact numbers`, () => {
    const v = value(c.value);
    const back = callHost(v, jsRoundTrip(true));
    assert.ok(back, 'round trip is undefined');
    assert.is(ex.opa_value_compare(v, back), 0, `${c.value} came back as ${rt.dumpValue(back)}`);
  });
}

test('sets and tag-like objects survive a builtin without exact numbers too', () => {
  for (const text of ['{1, {2}}', '{"$mcp_warden_set": [1]}', '[{"$mcp_warden_number": "7"}, {"a"}]']) {
    const v = value(text);
    assert.is(ex.opa_value_compare(v, callHost(v, jsRoundTrip(false))), 0, text);
  }
});

test('values needing no tags reach the host as they are, without a copy', () => {
  for (const text of ['"s"', '[1, {"a": [2.5, "x"]}]', '{"a": {"b": null}}']) {
    const v = value(text);
    callHost(v, () => 'true');
    assert.is(seen[0], v, text);
  }
});

test('a result needing no decoding is the parsed value itself', () => {
  let parsed = 0;
  const own: Runtime = loadRuntime(() => (parsed = own.json('[1,{"a":"b"}]')));
  assert.is(own.exports.warden_host_builtin(0, 0, 0, 0, 0, 0, 0), parsed);
});

test('undefined arguments and results stay undefined (0)', () => {
  assert.is(callHost(0, () => 'true'), rt.exports.opa_boolean(1));
  assert.is(seen[0], 0);
  const none = loadRuntime(() => 0);
  assert.is(none.exports.warden_host_builtin(0, 0, 0, 0, 0, 0, 0), 0);
});

/** Compiled by our compiler, loaded by the unmodified SDK with hostBuiltins. */
async function evalRule(body: string, input: unknown): Promise<unknown> {
  const { wasm } = await compile({ modules: { 'e.rego': `package e\n${body}\n` }, entrypoints: ['e/p'] });
  const policy = await loadPolicy(wasm, undefined, hostBuiltins);
  return (policy.evaluate(input as object, 'e/p') as Array<{ result: unknown }>)[0]?.result;
}

test('through the SDK: a set and a big integer cross to a host builtin and back', async () => {
  const got = await evalRule(
    'p := [is_set(r.s), r.s, r.n, r.n == 1670006453141828752] if r := json.patch({"s": {1, {2}}}, [{"op": "add", "path": "/n", "value": 1670006453141828752}])',
    {},
  );
  assert.equal(got, [true, [1, [2]], 1670006453141828752, true]);
});

test('through the SDK: input that looks like a tag comes back as the same object', async () => {
  const input = { $mcp_warden_set: [1], o: { $mcp_warden_object: { $mcp_warden_number: 'x' } } };
  const got = await evalRule('p := [r == input, is_object(r["$mcp_warden_set"]) == false] if r := json.patch(input, [])', input);
  assert.equal(got, [true, true]);
});

test.run();
