import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failClosed, verdictFor } from '../../../engine/decision/verdict.js';
import type { DecisionDocument } from '../../../engine/decision/document.js';
import type { MessageKind } from '../../../engine/protocol/jsonrpc.js';
import { loadCases } from '../policy/paths.js';

interface Case { note: string; kind: MessageKind; doc: Pick<DecisionDocument, 'allow' | 'deny'>; allowed: boolean; reasons: string[] }

for (const c of loadCases<Case>('test/engine/decision/verdict.cases.yaml')) {
  test(c.note, () => {
    const v = verdictFor(c.kind, { visible_tools: null, redactions: [], route: null, ...c.doc });
    assert.is(v.allowed, c.allowed);
    assert.equal(v.reasons, c.reasons);
    assert.is(v.failure, null);
  });
}

test('optional fields are carried through', () => {
  const v = verdictFor('response', { allow: false, deny: [], visible_tools: ['a'], redactions: [['x']], route: 'r' });
  assert.equal(v.visibleTools, ['a']);
  assert.equal(v.redactions, [['x']]);
  assert.is(v.route, 'r');
});

test('failClosed denies with the reason and marks the failure', () => {
  const v = failClosed('wasm trap');
  assert.is(v.allowed, false);
  assert.equal(v.reasons, ['wasm trap']);
  assert.is(v.failure, 'wasm trap');
  assert.is(v.visibleTools, null);
  assert.equal(v.redactions, []);
});

test.run();
