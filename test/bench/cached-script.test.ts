import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const CACHED_SCRIPT = fileURLToPath(new URL('./cached-script.js', import.meta.url));

/** A CommonJS bundle with a hashbang that reports its arguments, its own path and a builtin it required. */
const BUNDLE = `#!/usr/bin/env node
const path = require('node:path');
process.stdout.write(JSON.stringify({ args: process.argv.slice(2), file: path.basename(__filename), main: typeof module.exports }));
`;

let dir = '';
test.before.each(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mcp-warden-cached-script-'));
});
test.after.each(() => rmSync(dir, { recursive: true, force: true }));

function run(bundle: string, ...args: string[]): unknown {
  return JSON.parse(execFileSync(process.execPath, [CACHED_SCRIPT, bundle, ...args], { encoding: 'utf8' }));
}

test('runs the bundle with its own arguments, and writes its code cache once', () => {
  const bundle = path.join(dir, 'server.cjs');
  writeFileSync(bundle, BUNDLE);
  assert.equal(run(bundle, 'a', '--b'), { args: ['a', '--b'], file: 'server.cjs', main: 'object' });
  const written = statSync(`${bundle}.cache`);
  assert.ok(written.size > 0, 'the cache was written');
  assert.equal(run(bundle, 'c'), { args: ['c'], file: 'server.cjs', main: 'object' }, 'from the cache');
  assert.is(statSync(`${bundle}.cache`).mtimeMs, written.mtimeMs, 'an accepted cache is not written again');
});

test('a cache V8 rejects (another text) is replaced, and the bundle still runs', () => {
  const bundle = path.join(dir, 'server.cjs');
  writeFileSync(bundle, BUNDLE);
  writeFileSync(`${bundle}.cache`, 'not a code cache');
  assert.equal(run(bundle), { args: [], file: 'server.cjs', main: 'object' });
  assert.not.equal(readFileSync(`${bundle}.cache`, 'utf8'), 'not a code cache');
});

test.run();
