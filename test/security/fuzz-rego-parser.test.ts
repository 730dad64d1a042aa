/**
 * Fuzz of the Rego front end: OPA's conformance modules (from ../shared, else the shipped
 * policies) with random text edits go through the parser and through the whole compile.
 * Neither may throw anything but diagnostics: a policy author's typo, or a hostile policy
 * file, must end in a `CompileError`, never a crash of `warden run` or its reload.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, CompileError } from '../../engine/compiler/index.js';
import { parseModule } from '../../engine/compiler/syntax/index.js';
import { loadCases } from '../conformance/cases.js';
import { SHIPPED_POLICIES } from '../e2e/support/repo.js';
import { baseSeed, int, iterations, mutateText, pick, prng } from './support/fuzz.js';

interface Corpus { modules: string[]; query: string }

const TOKENS = [
  '{', '}', '[', ']', '(', ')', '|', ':=', '=', '==', ':', ',', ';', '.', '\n', ' ', '"', '`', '#', '\\',
  'if', 'else', 'contains', 'some', 'every', 'in', 'not', 'with', 'as', 'default', 'import', 'package',
  'rego.v1', 'future.keywords', 'data.', 'input.', '_', 'x', 'f(x)', '1e999', '0x1f', '-', '"\\u12"', '`raw',
  '# METADATA\n# title: x\n', '# METADATA\n# scope: [', 'some x in', 'every x, y in {', '[x | x := 1]', '{k: v | ', 'null', 'true',
];

function corpus(): { cases: Corpus[]; source: string } {
  const conformance = loadCases();
  if (conformance) {
    const cases = conformance.filter((c) => c.modules && c.modules.length > 0).map((c) => ({ modules: c.modules!, query: c.query }));
    return { cases, source: `${cases.length} conformance cases` };
  }
  console.log('fuzz-rego-parser: ../shared/rego-conformance is missing; mutating the shipped policies only');
  const files = readdirSync(SHIPPED_POLICIES).filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'));
  const modules = files.map((f) => readFileSync(path.join(SHIPPED_POLICIES, f), 'utf8'));
  return { cases: [{ modules, query: 'data.mcp.allow' }], source: 'the shipped policies' };
}

const { cases, source } = corpus();

test(`parser: mutated modules (${source}) give a module or diagnostics, never a throw`, () => {
  const seed = baseSeed();
  const runs = iterations(4000);
  for (let i = 0; i < runs; i++) {
    const random = prng(seed + i);
    const module = mutateText(random, pick(random, pick(random, cases).modules), TOKENS, 4);
    let result: ReturnType<typeof parseModule> | undefined;
    try {
      result = parseModule('fuzz.rego', module);
    } catch (error) {
      assert.unreachable(`seed ${seed + i}: parseModule threw ${String(error)}\n--- module ---\n${module}`);
    }
    assert.ok((result?.module === undefined) !== (result?.errors.length === 0), `seed ${seed + i}: a module and errors, or neither`);
  }
});

test(`compile: mutated modules and queries (${source}) give wasm or a CompileError, never another throw`, async () => {
  const seed = baseSeed() + 1_000_000;
  const runs = Math.max(1, Math.floor(iterations(4000) / 10));
  for (let i = 0; i < runs; i++) {
    const random = prng(seed + i);
    const chosen = pick(random, cases);
    const modules = Object.fromEntries(chosen.modules.map((m, n) => [`m${n}.rego`, m]));
    const target = int(random, chosen.modules.length + 1);
    if (target < chosen.modules.length) modules[`m${target}.rego`] = mutateText(random, chosen.modules[target]!, TOKENS, 3);
    const query = target === chosen.modules.length ? mutateText(random, chosen.query, TOKENS, 2) : chosen.query;
    try {
      await compile({ modules, query });
    } catch (error) {
      if (!(error instanceof CompileError)) {
        assert.unreachable(`seed ${seed + i}: compile threw ${String(error)}\n--- query ---\n${query}\n--- modules ---\n${Object.values(modules).join('\n---\n')}`);
      }
    }
  }
});

test.run();
