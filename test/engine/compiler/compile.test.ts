/**
 * The compiler through its public API: Rego in, wasm out, evaluated by the official SDK.
 * Cases are data (cases/*.yaml).
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile, CompileError, hostBuiltins } from '../../../engine/index.js';
import { withBuiltinReason } from '../../../engine/builtins/failures.js';
import { formatPretty } from '../../../cli/check/report.js';
import { policyCases } from './policy-cases.js';
import { repoRoot } from '../../conformance/cases.js';

interface EvalCase { input?: unknown; want?: Record<string, unknown[]>; error?: string }
interface Case {
  note: string;
  modules: Record<string, string>;
  data?: Record<string, unknown>;
  entrypoints?: string[];
  cases?: EvalCase[];
  query?: string;
  want?: unknown[];
  errors?: Array<{ code: string; file?: string; row?: number; col?: number; message?: string }>;
  hostBuiltins?: string[];
  /** The builtins of an OPA capabilities file (`warden test --capabilities`). */
  capabilities?: string[];
  /** diagnostics.yaml: the errors as `warden check` prints them (cli/check/report.ts). */
  pretty?: string;
}

const dir = path.join(repoRoot(), 'test', 'engine', 'compiler', 'cases');
const load = (f: string): Case[] => YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Case[];

const sorted = (rows: unknown[]): string[] => rows.map((r) => JSON.stringify(r, Object.keys(flatKeys(r)).sort())).sort();
function flatKeys(v: unknown, out: Record<string, true> = {}): Record<string, true> {
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out[k] = true; flatKeys(x, out); }
  return out;
}

/** The SDK throws strings and plain objects; uvu reports only Errors. */
function evaluate(policy: { evaluate(input: object, ep?: string): unknown }, input: unknown, ep?: string): unknown[] {
  try {
    return policy.evaluate(input as object, ep) as unknown[];
  } catch (e) {
    throw new Error(String((e as { message?: string })?.message ?? e));
  }
}

for (const c of load('slice.yaml')) {
  test(`compile: ${c.note}`, async () => {
    const { wasm, entrypoints } = await compile({ modules: c.modules, entrypoints: c.entrypoints, query: c.query });
    const policy = await loadPolicy(wasm, undefined, hostBuiltins);
    if (c.data !== undefined) policy.setData(c.data as object);
    if (c.query !== undefined) {
      assert.equal(sorted(evaluate(policy, {})), sorted(c.want ?? []));
      return;
    }
    assert.equal(Object.keys(entrypoints).sort(), [...(c.entrypoints ?? [])].sort());
    for (const ec of c.cases ?? []) {
      for (const ep of c.entrypoints ?? []) {
        if (ec.error) {
          assert.throws(() => evaluate(policy, ec.input, ep), (e: unknown) => (e as Error).message.includes(ec.error!));
          continue;
        }
        const got = evaluate(policy, ec.input, ep);
        assert.equal(got, ec.want?.[ep], `${ep} with input ${JSON.stringify(ec.input)}`);
      }
    }
  });
}

for (const c of load('diagnostics.yaml')) {
  test(`diagnostics: ${c.note}`, async () => {
    try {
      await compile({ modules: c.modules, entrypoints: ['t/p'], hostBuiltins: c.hostBuiltins, capabilities: c.capabilities, data: c.data });
      assert.unreachable('compile should fail');
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      const want = c.errors![0]!;
      const got = e.errors.find((d) => d.code === want.code);
      assert.ok(got, `want ${want.code}, got ${JSON.stringify(e.errors)}`);
      if (want.file) assert.is(got.location.file, want.file);
      if (want.row) assert.is(got.location.row, want.row);
      if (want.col) assert.is(got.location.col, want.col);
      if (want.message) assert.is(got.message, want.message);
      if (c.pretty !== undefined) assert.is(formatPretty(e.errors, c.modules), c.pretty);
    }
  });
}

interface EntrypointCase {
  note: string;
  modules: Record<string, string>;
  entrypoints: string[];
  want?: Record<string, unknown[]>;
  errors?: Array<{ code: string; file?: string; row?: number; col?: number; message: string; details?: string[] }>;
}

for (const c of YAML.parse(fs.readFileSync(path.join(dir, 'entrypoints.yaml'), 'utf8')) as EntrypointCase[]) {
  test(`entrypoints: ${c.note}`, async () => {
    const compiled = await compile({ modules: c.modules, entrypoints: c.entrypoints }).catch((e: unknown) => {
      if (!(e instanceof CompileError)) throw e;
      return e.errors;
    });
    if (Array.isArray(compiled)) {
      assert.ok(c.errors, `unexpected errors ${JSON.stringify(compiled)}`);
      assert.is(compiled.length, c.errors!.length, JSON.stringify(compiled));
      c.errors!.forEach((want, i) => {
        const got = compiled[i]!;
        assert.is(got.code, want.code);
        if (want.message) assert.is(got.message, want.message);
        if (want.file) assert.is(got.location.file, want.file);
        if (want.row) assert.is(got.location.row, want.row);
        if (want.col) assert.is(got.location.col, want.col);
        if (want.code === 'rego_compile_error') assert.equal(got.details, want.details);
      });
      return;
    }
    assert.not.ok(c.errors, 'compile should fail');
    const policy = await loadPolicy(compiled.wasm, undefined, hostBuiltins);
    for (const ep of c.entrypoints) assert.equal(evaluate(policy, {}, ep), c.want?.[ep], ep);
  });
}

interface StrictCase { note: string; modules: Record<string, string>; input: unknown; entrypoint: string; error?: string; explained?: string; lax?: unknown[]; want?: unknown[] }

for (const c of load('strict-builtin-errors.yaml') as unknown as StrictCase[]) {
  test(`strict builtin errors: ${c.note}`, async () => {
    const strict = await loadPolicy((await compile({ modules: c.modules, entrypoints: [c.entrypoint], strictBuiltinErrors: true })).wasm, undefined, hostBuiltins);
    const lax = await loadPolicy((await compile({ modules: c.modules, entrypoints: [c.entrypoint] })).wasm, undefined, hostBuiltins);
    if (c.error) {
      assert.throws(() => evaluate(strict, c.input, c.entrypoint), (e: unknown) => (e as Error).message.endsWith(c.error!), c.note);
      const explained = c.explained ?? c.error;
      assert.throws(() => evaluate(strict, c.input, c.entrypoint), (e: unknown) => (withBuiltinReason(e) as Error).message.endsWith(explained), c.note);
      assert.equal(evaluate(lax, c.input, c.entrypoint), c.lax);
    } else {
      assert.equal(evaluate(strict, c.input, c.entrypoint), c.want);
      assert.equal(evaluate(lax, c.input, c.entrypoint), c.want);
    }
  });
}

test('strict builtin errors: a policy without builtin calls compiles to the same bytes', async () => {
  const modules = { 'a.rego': 'package t\np := input.x\n' };
  const lax = await compile({ modules, entrypoints: ['t/p'] });
  const strict = await compile({ modules, entrypoints: ['t/p'], strictBuiltinErrors: true });
  assert.ok(Buffer.from(lax.wasm).equals(Buffer.from(strict.wasm)));
  const withCall = await compile({ modules: { 'a.rego': 'package t\np := count(input.x)\n' }, entrypoints: ['t/p'], strictBuiltinErrors: true });
  assert.not.ok(Buffer.from(lax.wasm).equals(Buffer.from(withCall.wasm)));
});

test('compile: builtins the runtime implements natively need no host', async () => {
  const { wasm } = await compile({ modules: { 'a.rego': 'package t\nimport rego.v1\np := count([upper("a")])\n' }, entrypoints: ['t/p'], hostBuiltins: [] });
  assert.ok(wasm.length > 0);
});

test('compile: a query or an entrypoint is required', async () => {
  await compile({ modules: {} }).then(() => assert.unreachable('should throw'), (e: unknown) => assert.instance(e, TypeError));
});

// Regressions from real-world policies, end to end.
policyCases('cases/fidelity.yaml');

test.run();
