import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPublicKey, sign, verify } from 'node:crypto';
import { generateSigningKey } from '../../../engine/journal/signing-key.js';
import { formatVerifierKey, rawPublicKey } from '../../../engine/journal/note.js';

test('a generated signing key is a private Ed25519 key that signs what its public key verifies', () => {
  const key = generateSigningKey();
  assert.is(key.type, 'private');
  assert.is(key.asymmetricKeyType, 'ed25519');
  const signature = sign(null, Buffer.from('entry'), key);
  assert.ok(verify(null, Buffer.from('entry'), createPublicKey(key), signature));
  assert.not.ok(verify(null, Buffer.from('other'), createPublicKey(key), signature));
});

test('every key is new, and its raw public key and verifier key can be read', () => {
  const keys = Array.from({ length: 50 }, () => generateSigningKey());
  const raws = new Set(keys.map((k) => rawPublicKey(k).toString('hex')));
  assert.is(raws.size, 50);
  for (const k of keys) assert.is(rawPublicKey(k).length, 32);
  assert.match(formatVerifierKey('warden', keys[0]!), /^warden\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
});

test.run();
