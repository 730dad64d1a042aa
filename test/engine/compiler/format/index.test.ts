/**
 * The formatter against YAML cases of unformatted -> formatted Rego written from opa fmt's
 * documented and tested behaviour. Every expected output must also format to itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { formatDiagnostic } from '../../../../engine/compiler/diagnostics.js';
import { formatModule } from '../../../../engine/compiler/format/index.js';
import { casesDir } from './fixtures.js';

interface FormatCase {
  name: string;
  input: string;
  /** The formatted module; absent when the input is already formatted. */
  want?: string;
  want_error?: { row: number; col: number };
  /** 0: read and write Rego v0 (opa fmt --v0-compatible). */
  rego_version?: 0 | 1;
}

function format(source: string, regoVersion: 0 | 1 = 1): string {
  const result = formatModule('case.rego', source, regoVersion);
  if (result.formatted === undefined) throw new Error(result.errors.map(formatDiagnostic).join('\n'));
  return result.formatted;
}

for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.yaml')).sort()) {
  const { cases } = parseYaml(readFileSync(join(casesDir, file), 'utf8')) as { cases: FormatCase[] };
  for (const c of cases) {
    test(`${file}: ${c.name}`, () => {
      if (c.want_error) {
        const result = formatModule('case.rego', c.input, c.rego_version);
        assert.is(result.formatted, undefined, 'expected a parse error');
        const [first] = result.errors;
        assert.equal({ row: first?.location.row, col: first?.location.col }, c.want_error);
        return;
      }
      const want = c.want ?? c.input;
      assert.fixture(format(c.input, c.rego_version), want);
      assert.fixture(format(want, c.rego_version), want, 'the formatted module formats to itself');
    });
  }
}

test.run();
