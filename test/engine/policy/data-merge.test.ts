import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataMergeError, mergeDocuments, type PlacedDocument } from '../../../engine/policy/data-merge.js';
import type { JsonObject } from '../../../engine/protocol/jsonrpc.js';
import { loadCases } from './paths.js';

interface Case { note: string; documents: PlacedDocument[]; data?: JsonObject; exact?: string; error?: string }

loadCases<Case>('test/engine/policy/data-merge.cases.yaml').forEach((c) => {
  test(c.note, () => {
    if (c.error !== undefined) {
      // One line: it is printed as a diagnostic and journaled in a policy-load entry.
      assert.throws(() => mergeDocuments(c.documents), (error: Error) => error instanceof DataMergeError && error.message.startsWith(c.error!) && !error.message.includes('\n'));
      return;
    }
    const merged = mergeDocuments(c.documents);
    if (c.data !== undefined) assert.equal(merged.data, c.data);
    assert.is(merged.exactData, c.exact);
  });
});

test.run();
