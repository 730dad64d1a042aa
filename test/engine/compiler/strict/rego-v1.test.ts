/**
 * What Rego v1 rejects without strict mode (engine/compiler/strict/rego-v1.ts), through the
 * compiler: every diagnostic of each case, as warden prints them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { compile, CompileError, formatDiagnostic } from '../../../../engine/index.js';
import { repoRoot } from '../../../conformance/cases.js';

interface Case { note: string; modules: Record<string, string>; regoVersion?: 0 | 1; errors: string[] }

const file = path.join(repoRoot(), 'test', 'engine', 'compiler', 'strict', 'rego-v1.cases.yaml');
const { cases } = YAML.parse(fs.readFileSync(file, 'utf8')) as { cases: Case[] };

for (const c of cases) {
  test(c.note, async () => {
    const got = await compile({ modules: c.modules, entrypoints: ['t'], regoVersion: c.regoVersion ?? 1 }).then(() => [], (e: unknown) => {
      if (!(e instanceof CompileError)) throw e;
      return e.errors.map(formatDiagnostic);
    });
    assert.equal(got, c.errors);
  });
}

test.run();
