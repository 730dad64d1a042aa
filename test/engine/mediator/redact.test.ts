import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { redact } from '../../../engine/mediator/redact.js';
import type { JsonObject } from '../../../engine/protocol/jsonrpc.js';
import type { RedactionPath } from '../../../engine/decision/document.js';
import { loadCases } from '../policy/paths.js';

interface Case { note: string; payload: JsonObject; paths: RedactionPath[]; want: JsonObject; count: number }

for (const c of loadCases<Case>('test/engine/mediator/redact.cases.yaml')) {
  test(c.note, () => {
    const before = structuredClone(c.payload);
    const out = redact(c.payload, c.paths);
    assert.equal(out.value, c.want);
    assert.is(out.count, c.count);
    assert.equal(c.payload, before, 'the original is untouched');
  });
}

test('an empty path matches nothing', () => {
  assert.equal(redact({ a: 1 }, [[]]).value, { a: 1 });
});

test.run();
