import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tokenize } from '../../../engine/search/tokenize.js';
import { loadCases } from '../policy/paths.js';

interface Case { note: string; text: string; stem?: boolean; want: string[] }

for (const c of loadCases<Case>('test/engine/search/tokenize.cases.yaml')) {
  test(c.note, () => {
    assert.equal(tokenize(c.text, c.stem === undefined ? {} : { stem: c.stem }), c.want);
  });
}

test.run();
