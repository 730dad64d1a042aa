/**
 * API key authentication: either header, wrong and missing keys, malformed headers, and the
 * principal a key stands for. No message or challenge may quote the presented key.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AuthResult } from '../../../transports/auth/authenticator.js';
import { ApiKeyAuthenticator, loadApiKeyAuthenticator } from '../../../transports/auth/api-keys.js';
import { generateApiKey, hashApiKey } from '../../../transports/auth/api-key-material.js';
import { ApiKeyFileError } from '../../../transports/auth/api-key-file.js';

const botKey = generateApiKey();
const adminKey = generateApiKey();
const auth = new ApiKeyAuthenticator([
  { id: 'ci-bot', hash: hashApiKey(botKey), roles: ['reader'], claims: { team: 'infra' } },
  { id: 'admin', hash: hashApiKey(adminKey), roles: ['reader', 'writer'], claims: {} },
]);

function failure(result: AuthResult): Extract<AuthResult, { ok: false }> {
  if (result.ok) throw new assert.Assertion({ message: 'expected a failure', generated: false, operator: 'ok', expects: false, actual: true });
  return result;
}

function assertNoSecret(result: AuthResult, secret: string): void {
  assert.not.match(JSON.stringify(result), secret);
  assert.not.match(JSON.stringify(result), secret.slice(5, 25));
}

test('a key in Authorization: Bearer authenticates as its entry', async () => {
  const result = await auth.authenticate({ authorization: `Bearer ${botKey}` });
  assert.equal(result, {
    ok: true,
    principal: { id: 'ci-bot', authenticated_by: 'api_key', claims: { team: 'infra', key_id: 'ci-bot' }, roles: ['reader'] },
  });
  assertNoSecret(result, botKey);
});

test('a key in X-API-Key authenticates too, and the scheme name is case-insensitive', async () => {
  const byHeader = await auth.authenticate({ 'x-api-key': adminKey });
  assert.ok(byHeader.ok && byHeader.principal.id === 'admin');
  const lower = await auth.authenticate({ authorization: `bearer ${adminKey}` });
  assert.ok(lower.ok && lower.principal.id === 'admin');
  assert.is(auth.scheme, 'api_key');
});

test('an unknown key is invalid_api_key with an invalid_token challenge', async () => {
  const wrong = generateApiKey();
  for (const headers of [{ authorization: `Bearer ${wrong}` }, { 'x-api-key': wrong }]) {
    const result = failure(await auth.authenticate(headers));
    assert.is(result.code, 'invalid_api_key');
    assert.is(result.challenge, 'Bearer realm="mcp-warden", error="invalid_token", error_description="unknown API key"');
    assertNoSecret(result, wrong);
  }
});

test('a key that differs in one character is refused', async () => {
  const last = botKey.at(-1) === 'A' ? 'B' : 'A';
  const result = failure(await auth.authenticate({ 'x-api-key': botKey.slice(0, -1) + last }));
  assert.is(result.code, 'invalid_api_key');
});

test('no credentials, or another scheme, is missing_credentials with a bare challenge', async () => {
  for (const headers of [{}, { authorization: 'Basic dXNlcjpwYXNz' }]) {
    const result = failure(await auth.authenticate(headers));
    assert.is(result.code, 'missing_credentials');
    assert.is(result.challenge, 'Bearer realm="mcp-warden"');
  }
});

test('malformed headers are malformed_credentials with an invalid_request challenge', async () => {
  const cases = [
    { authorization: 'Bearer' },
    { authorization: 'Bearer ' },
    { authorization: `Bearer ${botKey} extra` },
    { authorization: 'Bearer not"a token' },
    { 'x-api-key': '' },
    { 'x-api-key': `${botKey}, ${adminKey}` },
    { 'x-api-key': [botKey, adminKey] },
    { authorization: `Bearer ${botKey}`, 'x-api-key': botKey },
  ];
  for (const headers of cases) {
    const result = failure(await auth.authenticate(headers));
    assert.is(result.code, 'malformed_credentials', JSON.stringify(Object.keys(headers)));
    assert.match(result.challenge, /^Bearer realm="mcp-warden", error="invalid_request", error_description="[^"]+"$/);
    assertNoSecret(result, botKey);
  }
});

test('each principal is a fresh copy: altering one does not reach the next', async () => {
  const first = await auth.authenticate({ 'x-api-key': botKey });
  assert.ok(first.ok);
  first.principal.roles.push('writer');
  first.principal.claims['team'] = 'other';
  const second = await auth.authenticate({ 'x-api-key': botKey });
  assert.ok(second.ok);
  assert.equal(second.principal.roles, ['reader']);
  assert.is(second.principal.claims['team'], 'infra');
});

test('loadApiKeyAuthenticator reads a key file; a bad file throws ApiKeyFileError', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-auth-'));
  try {
    const file = path.join(dir, 'keys.yaml');
    await writeFile(file, `keys:\n  - id: ci-bot\n    hash: "${hashApiKey(botKey)}"\n`);
    const loaded = await loadApiKeyAuthenticator(file);
    assert.is(loaded.size, 1);
    const result = await loaded.authenticate({ authorization: `Bearer ${botKey}` });
    assert.equal(result.ok && result.principal, { id: 'ci-bot', authenticated_by: 'api_key', claims: { key_id: 'ci-bot' }, roles: [] });
    await writeFile(file, 'keys: [{id: x}]\n');
    try {
      await loadApiKeyAuthenticator(file);
      assert.unreachable('a key without hash must not load');
    } catch (error) {
      assert.instance(error, ApiKeyFileError);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
