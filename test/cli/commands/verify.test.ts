/**
 * `warden verify` beyond the end-to-end tamper checks: which key it pins, and its exit codes
 * for a missing journal and a journal it can only check against its own announced keys.
 */
import { keyPair } from '../../support/key-pair.js';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { throughWarden } from '../../e2e/support/clients.js';
import { createSandbox, type Sandbox } from '../../e2e/support/sandbox.js';

let box: Sandbox;
test.before(async () => {
  box = await createSandbox();
  const session = await throughWarden(box);
  await session.close();
});
test.after(() => box.remove());

const keyFile = (): string => path.join(box.home, 'signing-key.pem');

test('pins the local signing key by default, and says so, and exits 0 on an intact journal', () => {
  const result = box.warden(['verify', box.journal]);
  assert.is(result.status, 0, result.stdout);
  assert.match(result.stdout, /^PASS/);
  assert.match(result.stderr, `signatures are checked against this machine's signing key ${keyFile()}`);
});

test('accepts --public-key as a PEM file', () => {
  const result = box.warden(['verify', '--public-key', keyFile(), box.journal]);
  assert.is(result.status, 0, result.stdout);
});

interface JsonReport {
  result: string;
  exit_code: number;
  entries: number;
  segments: number;
  problems: Array<{ file: string; line: number; code: string; category: string; message: string }>;
  warnings: Array<{ file: string; line: number; code: string; category: string; message: string }>;
}

test('--format json: one document with the verdict, the exit code, the counts and each finding', async () => {
  const intact = box.warden(['verify', '--format', 'json', '--public-key', keyFile(), box.journal]);
  assert.is(intact.status, 0, intact.stdout);
  const passed = JSON.parse(intact.stdout) as JsonReport;
  assert.equal([passed.result, passed.exit_code, passed.problems, passed.warnings], ['PASS', 0, [], []]);
  assert.ok(passed.entries > 0 && passed.segments > 0);
  const other = path.join(box.dir, 'other-json.pem');
  await writeFile(other, keyPair().publicKey.export({ format: 'pem', type: 'spki' }));
  const tampered = box.warden(['verify', '--format', 'json', '--public-key', other, box.journal]);
  assert.is(tampered.status, 1);
  const failed = JSON.parse(tampered.stdout) as JsonReport;
  assert.equal([failed.result, failed.exit_code], ['FAIL', 1]);
  const mismatch = failed.problems.find((p) => p.code === 'key_mismatch');
  assert.ok(mismatch, tampered.stdout);
  assert.is(mismatch.category, 'tamper');
  assert.match(mismatch.file, box.journal);
  assert.ok(mismatch.line >= 0);
});

test('--format takes pretty or json only (exit 2)', () => {
  const result = box.warden(['verify', '--format', 'yaml', box.journal]);
  assert.is(result.status, 2);
  assert.match(result.stderr, '--format must be one of pretty, json');
});


test('a journal signed by another key than the pinned one fails (exit 1)', async () => {
  const other = path.join(box.dir, 'other.pem');
  await writeFile(other, keyPair().publicKey.export({ format: 'pem', type: 'spki' }));
  const result = box.warden(['verify', '--public-key', other, box.journal]);
  assert.is(result.status, 1);
  assert.match(result.stdout, 'key_mismatch');
});

test('without any pinned key the journal passes with a warning (exit 3)', async () => {
  const result = box.warden(['verify', box.journal]);
  assert.is(result.status, 0);
  await rm(keyFile());
  const unpinned = box.warden(['verify', box.journal]);
  assert.is(unpinned.status, 3, unpinned.stdout);
  assert.match(unpinned.stdout, 'key_not_pinned');
});

test('a directory without a journal exits 2', () => {
  const result = box.warden(['verify', path.join(box.dir, 'nowhere')]);
  assert.is(result.status, 2, result.stdout);
  assert.match(result.stdout, /^FAIL/);
});

test('a --public-key file holding no key is a bad_key finding at that file, not at the journal', async () => {
  const junk = path.join(box.dir, 'junk.key');
  await writeFile(junk, 'junk\n');
  const result = box.warden(['verify', '--public-key', junk, box.journal]);
  assert.is(result.status, 2);
  assert.match(result.stdout, `${junk}:0: bad_key: `);
});

test('an unreadable --public-key exits 2', () => {
  const result = box.warden(['verify', '--public-key', path.join(box.dir, 'missing.pem'), box.journal]);
  assert.is(result.status, 2);
  assert.match(result.stderr, 'cannot use the public key');
});

test.run();
