/**
 * JSON Schema to types (engine/compiler/types/schema.ts), and checking modules against the
 * shipped input schema by package, through the compiler's stages up to "check types".
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { STAGES, type SourceArtifact, type Stage } from '../../../../engine/compiler/stages.js';
import { formatDiagnostic } from '../../../../engine/compiler/diagnostics.js';
import { schemaType } from '../../../../engine/compiler/types/schema.js';
import { typeString } from '../../../../engine/compiler/types/model.js';
import inputSchema from '../../../../engine/decision/input.schema.json' with { type: 'json' };
import { fromRoot } from '../../policy/paths.js';

interface Cases {
  conversions: Array<{ schema: unknown; type: string }>;
  checks: Array<{ note: string; modules: Record<string, string>; errors: string[] }>;
  annotations: Array<{ note: string; modules: Record<string, string>; schemas?: Record<string, unknown>; errors: string[] }>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const cases = YAML.parse(fs.readFileSync(path.join(here, 'schema.cases.yaml'), 'utf8')) as Cases;

function typeErrors(modules: Record<string, string>, schemas?: Record<string, unknown>): string[] {
  const source: SourceArtifact = { modules, regoVersion: 1, entrypoints: [], runtime: new Uint8Array(), inputSchemas: { mcp: inputSchema }, schemas };
  let artifact: unknown = source;
  for (const s of STAGES as readonly Stage<unknown, unknown>[]) {
    const { output, errors } = s.run(artifact);
    if (errors.length > 0 || s.name === 'check types') return errors.map(formatDiagnostic);
    artifact = output;
  }
  throw new Error('no "check types" stage');
}

for (const c of cases.conversions) {
  test(`schema ${JSON.stringify(c.schema)} is ${c.type}`, () => {
    assert.is(typeString(schemaType(c.schema)), c.type);
  });
}

for (const c of cases.checks) {
  test(c.note, () => {
    assert.equal(typeErrors(c.modules), c.errors);
  });
}

for (const c of cases.annotations) {
  test(`schemas annotation: ${c.note}`, () => {
    assert.equal(typeErrors(c.modules, c.schemas), c.errors);
  });
}

test('the shipped policies type-check against the input schema', () => {
  const dir = fromRoot('policies');
  const modules: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.rego')) modules[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  assert.ok(Object.keys(modules).length > 0, 'no policies found');
  assert.equal(typeErrors(modules), []);
});

test.run();
