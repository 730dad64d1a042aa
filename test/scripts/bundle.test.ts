import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WARDEN } from '../e2e/support/repo.js';

/**
 * Node reads a module with one byte past ASCII as UTF-8 into a two-byte string, which V8 then
 * scans as such: for the 2.4 MB CLI bundle, about 10 ms more CPU of every warden start (302-305
 * against 310-315 ms for `warden --version`, 16 alternating starts). esbuild escapes what it
 * writes, but not a character inside a regular expression literal, so a source writes those
 * escaped.
 */
for (const name of ['warden.js', 'compile-worker.js', 'container-run.js']) {
  test(`the bundle ${name} is ASCII`, () => {
    const text = readFileSync(path.join(path.dirname(WARDEN), name), 'latin1');
    const at = text.search(/[^\x00-\x7f]/);
    assert.is(at, -1, `non-ASCII at byte ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`);
  });
}

test.run();
