/**
 * The type checker (engine/compiler/types/check.ts) through the real compiler: each case's
 * diagnostics as `warden` prints them, or a clean compile for programs that must type-check.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { compile, CompileError, formatDiagnostic } from '../../../../engine/compiler/index.js';

interface Case { note: string; modules: Record<string, string>; errors: string[] }

const here = path.dirname(fileURLToPath(import.meta.url));
const cases = YAML.parse(fs.readFileSync(path.join(here, 'check.cases.yaml'), 'utf8')) as Case[];

async function diagnostics(modules: Record<string, string>): Promise<string[]> {
  try {
    await compile({ modules, entrypoints: ['t'] });
    return [];
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return e.errors.map(formatDiagnostic);
  }
}

for (const c of cases) {
  test(c.note, async () => {
    assert.equal(await diagnostics(c.modules), c.errors);
  });
}

test.run();
