/**
 * engine/decision/input.schema.json against docs/policy-contract.md: the input key table and
 * the tool metadata table name exactly the schema's properties, and keys the doc marks
 * *(optional)* are not required.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import schema from '../../../engine/decision/input.schema.json' with { type: 'json' };
import { fromRoot } from '../policy/paths.js';

const doc = readFileSync(fromRoot('docs', 'policy-contract.md'), 'utf8');

/** Rows of the first `| key | value |` table after `marker`: the backticked keys of column one. */
function tableKeys(marker: string): Array<{ keys: string[]; optional: boolean }> {
  const start = doc.indexOf(marker);
  assert.ok(start >= 0, `docs/policy-contract.md has no "${marker}"`);
  const lines = doc.slice(start).split('\n');
  const header = lines.findIndex((l) => l.startsWith('| key | value |'));
  const rows: Array<{ keys: string[]; optional: boolean }> = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const first = line.split('|')[1] ?? '';
    rows.push({ keys: [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), optional: first.includes('*(optional)*') });
  }
  return rows;
}

const sorted = (xs: string[]): string[] => [...xs].sort();

test('the input key table names the schema properties; optional keys are not required', () => {
  const rows = tableKeys('## The input document');
  assert.equal(sorted(rows.flatMap((r) => r.keys)), sorted(Object.keys(schema.properties)));
  for (const r of rows.filter((x) => x.optional)) {
    for (const k of r.keys) assert.not.ok(schema.required.includes(k), `${k} is optional in the doc but required in the schema`);
  }
  assert.is(schema.additionalProperties, false);
});

test('the tool metadata table names the schema tool properties', () => {
  const rows = tableKeys('Tool metadata');
  assert.equal(sorted(rows.flatMap((r) => r.keys)), sorted(Object.keys(schema.$defs.tool.properties)));
});

test.run();
