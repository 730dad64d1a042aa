/**
 * Issue 8's bug class "fine as a rule, broken as a query" (an object comprehension as the query
 * failed with an internal error): every rule body of the conformance modules is also compiled as
 * an ad-hoc query, against its modules and alone, and evaluated. A body may legitimately not compile on its
 * own (it names its package's rules unqualified); what must never happen is an internal error,
 * an exception that is no diagnostic, in the compiler or in the evaluation.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile, CompileError } from '../../engine/index.js';
import { hostBuiltins } from '../../engine/builtins/index.js';
import { parseModule } from '../../engine/compiler/syntax/index.js';
import type { Rule } from '../../engine/compiler/ast.js';
import { loadCases, type ConformanceCase } from './cases.js';

const INTERNAL = /internal|is not a function|Cannot read properties|undefined \(reading/;

/** Each top-level literal of a rule body as its source lines, in order. */
function bodySources(source: string, rule: Rule): string | undefined {
  if (rule.body.length === 0) return undefined;
  const lines = source.split('\n');
  const first = rule.body[0]!.loc;
  const last = rule.body[rule.body.length - 1]!.loc;
  // One literal per line from the first to the last, as far as the rule's braces reach.
  const text = lines.slice(first.row - 1, last.row).map((l, i) => (i === 0 ? l.slice(first.col - 1) : l)).join('\n');
  const end = text.lastIndexOf('}') > text.lastIndexOf('\n') ? text.slice(0, text.lastIndexOf('}')) : text;
  return end.trim() || undefined;
}

function queries(c: ConformanceCase): string[] {
  const out: string[] = [];
  (c.modules ?? []).forEach((source, i) => {
    const { module } = parseModule(`module-${i}.rego`, source, { regoVersion: 1 });
    for (const rule of module?.rules ?? []) {
      for (let r: Rule | undefined = rule; r; r = r.else) {
        const q = bodySources(source, r);
        if (q && r.loc.row !== r.body[r.body.length - 1]!.loc.row) out.push(q);
      }
    }
  });
  return out;
}

/** Compiled against the case's modules, and alone (a query without modules has no file at all). */
async function internalError(c: ConformanceCase, query: string): Promise<string | undefined> {
  const modules: Record<string, string> = {};
  (c.modules ?? []).forEach((m, i) => { modules[`module-${i}.rego`] = m; });
  return await internalErrorWith(c, modules, query) ?? await internalErrorWith(c, {}, query);
}

async function internalErrorWith(c: ConformanceCase, modules: Record<string, string>, query: string): Promise<string | undefined> {
  let wasm: Uint8Array;
  try {
    wasm = (await compile({ modules, query })).wasm;
  } catch (e) {
    return e instanceof CompileError ? undefined : `compile: ${String((e as Error)?.message ?? e)}`;
  }
  try {
    const policy = await loadPolicy(wasm, undefined, hostBuiltins);
    if (c.data !== undefined) policy.setData(c.data as object);
    policy.evaluate(c.input as object);
  } catch (e) {
    const message = String((e as Error)?.message ?? e);
    if (INTERNAL.test(message)) return `evaluate: ${message}`;
  }
  return undefined;
}

const cases = loadCases();
if (!cases) {
  console.log('ad-hoc queries: skipped, ../shared/rego-conformance/v1 is not present');
} else {
  test('every conformance rule body also compiles and runs as an ad-hoc query without an internal error', async () => {
    const failures: string[] = [];
    let count = 0;
    for (const c of cases) {
      for (const q of queries(c)) {
        count++;
        const err = await internalError(c, q);
        if (err) failures.push(`${c.note}: ${JSON.stringify(q)}: ${err}`);
      }
    }
    console.log(`ad-hoc queries: ${count} rule bodies compiled as queries`);
    assert.equal(failures, []);
  });
}

test.run();
