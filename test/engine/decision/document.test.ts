import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv } from 'ajv';
import { checkDecisionDocument, decisionDocumentSchema } from '../../../engine/decision/document.js';
import { loadCases } from '../policy/paths.js';

interface Case { note: string; doc?: unknown; patch?: Record<string, unknown>; valid: boolean; reason?: string }

test('the decision document schema is a valid JSON Schema (the engine compiles it without checking)', () => {
  const ajv = new Ajv({ strict: true });
  assert.ok(ajv.validateSchema(decisionDocumentSchema), ajv.errorsText(ajv.errors));
});

const minimal = { allow: false, deny: [], visible_tools: null, redactions: [], route: null };

for (const c of loadCases<Case>('test/engine/decision/document.cases.yaml')) {
  test(c.note, () => {
    const checked = checkDecisionDocument(c.patch ? { ...minimal, ...c.patch } : c.doc);
    assert.is(checked.ok, c.valid, JSON.stringify(checked));
    if (!checked.ok) {
      assert.match(checked.reason, /^invalid decision document: /);
      if (c.reason) assert.ok(checked.reason.includes(c.reason), `${checked.reason} should mention ${c.reason}`);
    }
  });
}

test.run();
