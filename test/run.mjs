#!/usr/bin/env node
// Runs every compiled uvu test file and closes with the plain "N passed, N failed" line CI reads.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pattern = process.argv[2] ?? '\\.test\\.js$';
const uvu = path.join(root, 'node_modules', 'uvu', 'bin.js');
// colour codes only help a terminal; in CI logs they multiply the size of every progress dot
const env = process.stdout.isTTY ? process.env : { ...process.env, NO_COLOR: '1' };
const child = spawn(process.execPath, [uvu, 'dist/test', pattern], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });

let out = '';
// A test that never ends (a loop racing a writer on a disk faster than expected) would hold CI
// until its time limit with nothing said; a run in which no test finishes for this long fails,
// naming the file whose test was running.
const stallSeconds = Number(process.env.TEST_STALL_SECONDS ?? 300);
let lastOutput = Date.now();
const stallCheck = setInterval(() => {
  if (Date.now() - lastOutput < stallSeconds * 1000) return;
  const files = out.match(/^\S+\.test\.js$/gm) ?? [];
  console.log(`\nno test finished for ${stallSeconds} s: a test in ${files.at(-1) ?? 'the first file'} does not end`);
  clearInterval(stallCheck);
  child.kill('SIGKILL');
}, 1000);
// A test that fails before closing its servers can keep uvu alive after its summary; CI must
// fail then, not wait for its time limit.
let lingering;
child.stdout.on('data', (chunk) => {
  out += chunk;
  lastOutput = Date.now();
  process.stdout.write(chunk);
  if (!lingering && /Duration:/.test(out)) {
    lingering = setTimeout(() => {
      console.log('uvu did not exit 20 s after its summary: a test left a server, socket or timer open');
      child.kill('SIGKILL');
    }, 20_000);
  }
});
child.on('close', (code) => {
  clearTimeout(lingering);
  clearInterval(stallCheck);
  const num = (label) => Number((out.match(new RegExp(`${label}:\\s+(\\d+)`)) ?? [])[1] ?? 0);
  const total = num('Total');
  const passed = num('Passed');
  const skipped = num('Skipped');
  const failed = Math.max(total - passed - skipped, code === 0 ? 0 : 1);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(code === 0 && failed === 0 && total > 0 ? 0 : 1);
});
