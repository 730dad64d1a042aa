import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definitionChanges, type DefinitionChange } from '../../../engine/approvals/definition-diff.js';
import type { JsonObject } from '../../../engine/protocol/jsonrpc.js';
import { loadCases } from '../policy/paths.js';

interface Case { note: string; before: JsonObject; after: JsonObject; changes: DefinitionChange[] }

loadCases<Case>('test/engine/approvals/definition-diff.cases.yaml').forEach((c) => {
  test(c.note, () => {
    assert.equal(definitionChanges(c.before, c.after), c.changes);
  });
});

test.run();
