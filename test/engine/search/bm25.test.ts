import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Bm25Index, type Bm25Parameters } from '../../../engine/search/bm25.js';
import { loadCases } from '../policy/paths.js';

interface Case {
  note: string;
  docs: Record<string, number>[];
  query: string[];
  params?: Bm25Parameters;
  limit?: number;
  /** The full ranking, or only the best document. */
  want?: number[];
  first?: number;
}

for (const c of loadCases<Case>('test/engine/search/bm25.cases.yaml')) {
  test(c.note, () => {
    const index = new Bm25Index(c.docs.map((d) => new Map(Object.entries(d))), c.params);
    const hits = index.search(c.query, c.limit ?? 10);
    if (c.want !== undefined) assert.equal(hits.map((h) => h.doc), c.want);
    if (c.first !== undefined) assert.is(hits[0]?.doc, c.first);
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1]!.score >= hits[i]!.score, 'best first');
  });
}

test('every score is positive, even for a term in every document', () => {
  const index = new Bm25Index([new Map([['x', 1]]), new Map([['x', 1]])]);
  for (const hit of index.search(['x'], 10)) assert.ok(hit.score > 0);
});

test.run();
