import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadOrCreateKeys } from '../../cli/keys.js';

const dir = mkdtempSync(path.join(tmpdir(), 'warden-keys-'));
const journal = path.join(dir, 'journal');
mkdirSync(journal);

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('creates a key readable by its owner only, and reads it back', async () => {
  const file = path.join(dir, 'home', 'signing-key.pem');
  const created = await loadOrCreateKeys(file, { journalDir: journal });
  assert.is(statSync(file).mode & 0o777, 0o600);
  const again = await loadOrCreateKeys(file, { journalDir: journal });
  assert.equal(again.hmacKey, created.hmacKey);
});

test('wardens started at once on a fresh home all use the one key created, and leave no draft behind', async () => {
  const home = path.join(dir, 'fresh-home');
  const file = path.join(home, 'signing-key.pem');
  const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKeys(file)));
  const written = await loadOrCreateKeys(file);
  for (const key of keys) assert.equal(key.hmacKey, written.hmacKey);
  assert.equal(readdirSync(home), ['signing-key.pem']);
  assert.is(statSync(file).mode & 0o777, 0o600);
});

test('refuses a key readable by group or others', async () => {
  const file = path.join(dir, 'shared.pem');
  await loadOrCreateKeys(file);
  chmodSync(file, 0o640);
  try {
    await loadOrCreateKeys(file);
    assert.unreachable('accepted a group-readable key');
  } catch (error) {
    assert.match((error as Error).message, /readable by group or others \(mode 640\).*--allow-insecure-key-permissions/);
  }
});

test('a directory or a file that is no key is named as such, not as a permission problem', async () => {
  const notAKey = async (file: string): Promise<string> => loadOrCreateKeys(file).then(() => 'accepted', (error: Error) => error.message);
  const folder = path.join(dir, 'keys-folder');
  mkdirSync(folder, { mode: 0o755 });
  assert.is(await notAKey(folder), `${folder} is not a file (it is a directory): give the path of the key file`);
  const junk = path.join(dir, 'junk.pem');
  writeFileSync(junk, 'not a key\n', { mode: 0o600 });
  assert.is(await notAKey(junk), `${junk} does not hold a PEM private key`);
});

test('--allow-insecure-key-permissions: accepted, with a warning', async () => {
  const file = path.join(dir, 'shared.pem');
  const warnings: string[] = [];
  await loadOrCreateKeys(file, { allowInsecurePermissions: true, warn: (message) => warnings.push(message) });
  assert.is(warnings.length, 1);
  assert.match(warnings[0]!, 'chmod 600');
});

test('refuses a key inside the journal directory, existing or not', async () => {
  for (const file of [path.join(journal, 'key.pem'), path.join(journal, 'sub', 'key.pem')]) {
    try {
      await loadOrCreateKeys(file, { journalDir: journal });
      assert.unreachable('accepted a key inside the journal');
    } catch (error) {
      assert.match((error as Error).message, 'must not be inside the journal directory');
    }
  }
});

test.run();
