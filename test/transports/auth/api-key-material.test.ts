import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiKeyDigest, generateApiKey, hashApiKey } from '../../../transports/auth/api-key-material.js';

test('generated keys: mcpw_ and 32 random bytes in base64url, never twice the same', () => {
  const keys = new Set(Array.from({ length: 100 }, generateApiKey));
  assert.is(keys.size, 100);
  for (const key of keys) {
    assert.match(key, /^mcpw_[A-Za-z0-9_-]{43}$/);
    assert.is(Buffer.from(key.slice(5), 'base64url').length, 32);
  }
});

test('the stored hash is the plain SHA-256 of the key, as sha256sum computes it', () => {
  const key = generateApiKey();
  const hex = createHash('sha256').update(key).digest('hex');
  assert.is(hashApiKey(key), `sha256:${hex}`);
  assert.is(apiKeyDigest(key).toString('hex'), hex);
});

test.run();
