/**
 * Runs one conformance case through the real path: compile modules and query to wasm, load with
 * @open-policy-agent/opa-wasm, setData, evaluate, and compare result rows as a multiset.
 * A case that expects an error is compiled with strict builtin errors, as OPA evaluates it (a
 * failing builtin aborts instead of being undefined), and the error must have the expected code
 * and contain the expected message, as OPA's own runner requires; a strict_error case also
 * passes with an empty result. Modules are named `test-N.rego`, as OPA's runner names them.
 */
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile, CompileError } from '../../engine/index.js';
import { hostBuiltins } from '../../engine/builtins/index.js';
import { withBuiltinReason } from '../../engine/builtins/failures.js';
import { narrowedInput } from '../support/narrowed-input.js';
import type { InputReads } from '../../engine/compiler/index.js';
import type { ConformanceCase } from './cases.js';

/** `error`: the case expected an error and got the one expected. */
export type Outcome = { ok: true; error?: true } | { ok: false; reason: string };

/**
 * `projected`: the rows again with the input narrowed to what the compiler says the query reads
 * (test/support/narrowed-input.ts); they must be the same rows.
 */
type Evaluated = { rows: unknown[]; projected?: unknown[] | { error: string } } | { error: string; compile: boolean };

async function evaluate(c: ConformanceCase): Promise<Evaluated> {
  const modules: Record<string, string> = {};
  (c.modules ?? []).forEach((m, i) => { modules[`test-${i}.rego`] = m; });
  let wasm: Uint8Array;
  let reads: InputReads | undefined;
  try {
    const strictBuiltinErrors = c.want_error_code !== undefined || c.want_error !== undefined;
    let inputReads;
    ({ wasm, inputReads } = await compile({ modules, query: c.query, strictBuiltinErrors, inputReads: true }));
    reads = inputReads?.eval;
  } catch (e) {
    if (e instanceof CompileError) return { error: e.errors.map((d) => `${d.code}: ${d.message}`).join('; '), compile: true };
    throw e;
  }
  try {
    const policy = await loadPolicy(wasm, undefined, hostBuiltins);
    if (c.data !== undefined) policy.setData(c.data as object);
    const input = c.input_term !== undefined ? new TextEncoder().encode(c.input_term).buffer : c.input;
    const rows = policy.evaluate(input as object) as unknown[];
    const narrowed = c.input_term === undefined ? narrowedInput(c.input, reads) : undefined;
    if (narrowed === undefined) return { rows };
    try {
      return { rows, projected: policy.evaluate(narrowed as object) as unknown[] };
    } catch (e) {
      return { rows, projected: { error: errorText(e) } };
    }
  } catch (e) {
    return { error: errorText(e), compile: false };
  }
}

function errorText(e: unknown): string {
  const explained = withBuiltinReason(e);
  return String((explained as Error)?.message ?? explained);
}

/** How many cases were evaluated again narrowed, over the run: what the differential check covered. */
export const projectionChecks = { narrowed: 0 };

export async function runCase(c: ConformanceCase): Promise<Outcome> {
  const got = await evaluate(c);
  if ('error' in got) {
    if (c.want_error_code || c.want_error) {
      if (errorMatches(c, got.error)) return { ok: true, error: true };
      return { ok: false, reason: `want error ${c.want_error_code ?? ''}: ${c.want_error ?? ''}, got ${got.error}` };
    }
    return { ok: false, reason: `${got.compile ? 'compile' : 'eval'} error: ${got.error}` };
  }
  if (c.want_error_code || c.want_error) {
    if (c.strict_error && got.rows.length === 0) return { ok: true };
    return { ok: false, reason: `want error ${c.want_error_code ?? ''} ${c.want_error ?? ''}, got ${JSON.stringify(got.rows)}` };
  }
  const want = (c.want_result ?? []).map((r) => normalize(r, c.sort_bindings === true));
  const have = got.rows.map((r) => normalize(r, c.sort_bindings === true));
  if (got.projected !== undefined) {
    projectionChecks.narrowed++;
    if ('error' in got.projected) return { ok: false, reason: `with the input narrowed to what the query reads: ${got.projected.error}` };
    const narrowed = got.projected.map((r) => normalize(r, c.sort_bindings === true));
    if (!sameMultiset(have, narrowed)) return { ok: false, reason: `with the input narrowed to what the query reads: ${JSON.stringify(narrowed)}, not ${JSON.stringify(have)}` };
  }
  if (sameMultiset(want, have)) return { ok: true };
  return { ok: false, reason: `want ${JSON.stringify(want)}, got ${JSON.stringify(have)}` };
}

/**
 * The code, where given, and the message, where given, as OPA's runner checks them. A message
 * may name the place as OPA's topdown does (`file:row: `); our errors, like OPA's wasm target's,
 * also give the column, so the message is looked for in both forms.
 */
function errorMatches(c: ConformanceCase, error: string): boolean {
  if (c.want_error_code && !error.includes(`${c.want_error_code}: `)) return false;
  if (c.want_error === undefined) return true;
  return error.includes(c.want_error) || error.replace(/(\.rego:\d+):\d+: /g, '$1: ').includes(c.want_error);
}

/** Canonical text of a value: object keys sorted, arrays sorted too when `sortArrays`. */
function normalize(v: unknown, sortArrays: boolean): string {
  const canon = (x: unknown): unknown => {
    if (Array.isArray(x)) {
      const items = x.map(canon);
      return sortArrays ? items.map((i) => JSON.stringify(i)).sort().map((s) => JSON.parse(s) as unknown) : items;
    }
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, canon((x as Record<string, unknown>)[k])]));
    return x;
  };
  return JSON.stringify(canon(v));
}

function sameMultiset(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.every((x, i) => x === sb[i]);
}
