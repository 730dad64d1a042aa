/**
 * Case tables of whole policies: each case's modules and query are compiled by the real
 * compiler and evaluated by the official SDK; `data` is the base data, compiled against (a rule at
 * a path it holds is an error, as OPA loads them) and set, `want` is the result rows (compared as a multiset
 * of canonical JSON), `error` a substring of the compile or evaluation error; `regoVersion` 0 reads
 * the modules as Rego v0. A case with an input is evaluated again with the input narrowed to
 * what the query reads (compiler/plan/input-reads.ts), and must give the same rows.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile, CompileError } from '../../../engine/index.js';
import type { InputReads } from '../../../engine/compiler/index.js';
import { hostBuiltins } from '../../../engine/builtins/index.js';
import { narrowedInput } from '../../support/narrowed-input.js';

interface PolicyCase { note: string; modules: Record<string, string>; query: string; input?: unknown; data?: Record<string, unknown>; want?: unknown[]; error?: string; regoVersion?: 0 | 1 }

async function run(c: PolicyCase): Promise<{ rows: unknown[] } | { error: string }> {
  let wasm: Uint8Array;
  let reads: InputReads | undefined;
  try {
    let inputReads;
    ({ wasm, inputReads } = await compile({ modules: c.modules, data: c.data, query: c.query, regoVersion: c.regoVersion ?? 1, inputReads: true }));
    reads = inputReads?.eval;
  } catch (e) {
    if (e instanceof CompileError) return { error: e.errors.map((d) => `${d.code}: ${d.message}`).join('; ') };
    throw e;
  }
  const policy = await loadPolicy(wasm as Uint8Array<ArrayBuffer>, undefined, hostBuiltins);
  if (c.data !== undefined) policy.setData(c.data);
  try {
    const rows = policy.evaluate(c.input as object) as unknown[];
    const narrowed = narrowedInput(c.input, reads);
    if (narrowed !== undefined) {
      const narrowedRows = policy.evaluate(narrowed as object) as unknown[];
      assert.equal(narrowedRows.map(canonical).sort(), rows.map(canonical).sort(), 'the same rows with the input narrowed to what the query reads');
    }
    return { rows };
  } catch (e) {
    if (e instanceof assert.Assertion) throw e;
    return { error: String((e as Error)?.message ?? e) };
  }
}

function canonical(v: unknown): string {
  const canon = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(canon);
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, canon((x as Record<string, unknown>)[k])]));
    return x;
  };
  return JSON.stringify(canon(v));
}

/** Registers one test per case of `file` (relative to this directory). */
export function policyCases(file: string): void {
  const path = fileURLToPath(new URL(`./${file}`, import.meta.url));
  const cases = (parse(readFileSync(path, 'utf8')) as { cases: PolicyCase[] }).cases;
  for (const c of cases) {
    test(c.note, async () => {
      const got = await run(c);
      if (c.error !== undefined) {
        assert.ok('error' in got, `want an error containing ${c.error}, got ${JSON.stringify(got)}`);
        assert.match((got as { error: string }).error, c.error);
        return;
      }
      if ('error' in got) assert.unreachable(got.error);
      else assert.equal(got.rows.map(canonical).sort(), (c.want ?? []).map(canonical).sort());
    });
  }
}
