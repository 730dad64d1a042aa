/** `warden key public`: an auditor's copy of the public key verifies the journal; errors are clear. */
import { keyPair } from '../../support/key-pair.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openJournal } from '../../../engine/journal/index.js';
import { WARDEN } from '../../e2e/support/repo.js';

const dir = mkdtempSync(path.join(tmpdir(), 'warden-key-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const warden = (args: string[]) => spawnSync(process.execPath, [WARDEN, ...args], { encoding: 'utf8', env: { ...process.env, MCP_WARDEN_HOME: dir } });

test('the printed public key verifies a journal signed with the private key', async () => {
  const { privateKey } = keyPair();
  const keyFile = path.join(dir, 'signing-key.pem');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const journalDir = path.join(dir, 'journal');
  const journal = await openJournal({ dir: journalDir, signingKey: privateKey });
  await journal.append({ kind: 'decision', n: 1 });
  await journal.close();
  const printed = warden(['key', 'public', '--signing-key', keyFile]);
  assert.is(printed.status, 0, printed.stderr);
  assert.match(printed.stdout, /^-----BEGIN PUBLIC KEY-----\n/);
  assert.not.match(printed.stdout, /PRIVATE/);
  const publicFile = path.join(dir, 'public.pem');
  writeFileSync(publicFile, printed.stdout);
  const verified = warden(['verify', '--public-key', publicFile, journalDir]);
  assert.is(verified.status, 0, verified.stdout + verified.stderr);
  const other = keyPair().publicKey.export({ type: 'spki', format: 'pem' });
  writeFileSync(path.join(dir, 'other.pem'), other);
  assert.is(warden(['verify', '--public-key', path.join(dir, 'other.pem'), journalDir]).status, 1, 'another key does not verify it');
});

test('defaults to $MCP_WARDEN_HOME/signing-key.pem; a missing key is exit 1, a wrong action exit 2', () => {
  assert.is(warden(['key', 'public']).status, 0);
  const missing = warden(['key', 'public', '--signing-key', path.join(dir, 'nope.pem')]);
  assert.is(missing.status, 1);
  assert.is(missing.stderr, `warden key: ${path.join(dir, 'nope.pem')}: does not exist; expected the journal signing key (an Ed25519 private key, PEM)\n`);
  const directory = warden(['key', 'public', '--signing-key', dir]);
  assert.is(directory.status, 1);
  assert.is(directory.stderr, `warden key: ${dir}: is a directory; expected the journal signing key (an Ed25519 private key, PEM)\n`);
  assert.is(warden(['key', 'rotate']).status, 2);
});

test.run();
