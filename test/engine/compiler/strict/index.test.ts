/**
 * Strict mode (engine/compiler/strict): Rego modules in, OPA's strict-mode diagnostics out.
 * Cases are data (cases.yaml). Each case's modules must also compile without strict mode,
 * except for what Rego v1 itself rejects (strict/rego-v1.ts), so every other expected
 * diagnostic is one only strict mode reports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { compile, CompileError, formatDiagnostic } from '../../../../engine/index.js';
import { checkRegoV1 } from '../../../../engine/compiler/strict/rego-v1.js';
import type { Module } from '../../../../engine/compiler/ast.js';
import { checkStrict } from '../../../../engine/compiler/strict/index.js';
import { parseModule } from '../../../../engine/compiler/syntax/index.js';
import { repoRoot } from '../../../conformance/cases.js';

interface Case { note: string; modules: Record<string, string>; want: string[] }

const file = path.join(repoRoot(), 'test', 'engine', 'compiler', 'strict', 'cases.yaml');
const { cases } = YAML.parse(fs.readFileSync(file, 'utf8')) as { cases: Case[] };

function parseAll(sources: Record<string, string>): Module[] {
  return Object.entries(sources).map(([name, source]) => {
    const { module, errors } = parseModule(name, source);
    assert.equal(errors.map(formatDiagnostic), [], `${name} must parse`);
    return module!;
  });
}

for (const c of cases) {
  test(c.note, async () => {
    const modules = parseAll(c.modules);
    assert.equal(checkStrict(modules).map(formatDiagnostic), c.want);
    // What Rego v1 rejects without strict mode (duplicate imports, input/data shadowed,
    // deprecated built-ins) fails the compile; everything else only strict mode reports.
    const v1 = checkRegoV1(modules).map(formatDiagnostic);
    const compiled = await compile({ modules: c.modules, query: 'true' }).then(() => [], (e: unknown) => {
      if (!(e instanceof CompileError)) throw e;
      return e.errors.map(formatDiagnostic);
    });
    assert.equal(compiled, v1);
    for (const d of v1) assert.ok(c.want.includes(d), `${d} is a strict-mode error too`);
  });
}

test('the checks leave the parsed modules unchanged', () => {
  const modules = parseAll(cases.find((c) => c.note === 'every check in one run, across files')!.modules);
  const before = JSON.stringify(modules);
  assert.ok(checkStrict(modules).length > 0);
  assert.is(JSON.stringify(modules), before);
});

test.run();
