/**
 * JWT key sources: a JWKS served over HTTP on 127.0.0.1 (kid lookup, unknown kid, the
 * server down, failing or slow: jwks_unavailable, a 401 and never a crash), JWK and JWKS
 * files, and the key files refused because they hold private or symmetric keys.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportPKCS8, generateSecret, type JWK } from 'jose';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createJwtAuthenticator, JwtConfigError, type JwtOptions } from '../../../transports/auth/jwt.js';
import { assertNoToken, AUDIENCE, failure, ISSUER, signer, token, withTempDir, writeIn, type Signer } from './jwt-support.js';

interface JwksServer {
  url: string;
  requests: number;
  /** What the next requests get: the key set, an HTTP status, or no answer at all. */
  mode: 'keys' | 'error' | 'hang';
  close(): Promise<void>;
}

let key: Signer;
let jwk: JWK;
test.before(async () => {
  key = await signer('ES256');
  jwk = { ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
});

async function jwksServer(keys: () => JWK[]): Promise<JwksServer> {
  const server: Server = createServer((_req, res) => {
    state.requests += 1;
    if (state.mode === 'hang') return;
    if (state.mode === 'error') return void res.writeHead(500).end('no');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: keys() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const state: JwksServer = {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    requests: 0,
    mode: 'keys',
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return state;
}

const options = (jwksUrl: string, extra: Partial<JwtOptions> = {}): JwtOptions => ({
  jwksUrl, issuer: ISSUER, audience: AUDIENCE, jwks: { timeoutMs: 300, cooldownMs: 0 }, ...extra,
});

test('a token whose kid is in the JWKS authenticates; the key set is fetched once and cached', async () => {
  const server = await jwksServer(() => [jwk]);
  try {
    const auth = await createJwtAuthenticator(options(server.url));
    for (let i = 0; i < 3; i++) {
      const result = await auth.authenticate({ authorization: `Bearer ${await token(key, { kid: 'k1' })}` });
      assert.ok(result.ok && result.principal.id === 'alice');
    }
    assert.is(server.requests, 1);
  } finally {
    await server.close();
  }
});

test('an unknown kid, or a key not in the set, is invalid_token', async () => {
  const server = await jwksServer(() => [jwk]);
  try {
    const auth = await createJwtAuthenticator(options(server.url));
    const stranger = await signer('ES256');
    for (const jwt of [await token(stranger, { kid: 'k2' }), await token(stranger, { kid: 'k1' })]) {
      const result = failure(await auth.authenticate({ authorization: `Bearer ${jwt}` }));
      assert.is(result.code, 'invalid_token');
      assertNoToken(result, jwt);
    }
  } finally {
    await server.close();
  }
});

test('a key rotated in is picked up when a token names its kid', async () => {
  const rotated = await signer('ES256');
  const keys = [jwk];
  const server = await jwksServer(() => keys);
  try {
    const auth = await createJwtAuthenticator(options(server.url));
    assert.ok((await auth.authenticate({ authorization: `Bearer ${await token(key, { kid: 'k1' })}` })).ok);
    keys.push({ ...(await exportJWK(rotated.publicKey)), kid: 'k2', alg: 'ES256' });
    assert.ok((await auth.authenticate({ authorization: `Bearer ${await token(rotated, { kid: 'k2' })}` })).ok);
    assert.is(server.requests, 2);
  } finally {
    await server.close();
  }
});

test('a JWKS URL that is down, failing or silent gives jwks_unavailable', async () => {
  const server = await jwksServer(() => [jwk]);
  const jwt = await token(key, { kid: 'k1' });
  try {
    for (const mode of ['error', 'hang'] as const) {
      server.mode = mode;
      const auth = await createJwtAuthenticator(options(server.url));
      const result = failure(await auth.authenticate({ authorization: `Bearer ${jwt}` }));
      assert.is(result.code, 'jwks_unavailable', mode);
      assert.match(result.challenge, 'error="invalid_token"');
      assertNoToken(result, jwt);
    }
  } finally {
    await server.close();
  }
  const down = await createJwtAuthenticator(options(server.url));
  const result = failure(await down.authenticate({ authorization: `Bearer ${jwt}` }));
  assert.is(result.code, 'jwks_unavailable');
});

test('a JWKS URL over plain http off loopback, or not a URL, is refused', async () => {
  for (const url of ['http://issuer.example.com/jwks', 'ftp://127.0.0.1/jwks', 'not a url']) {
    try {
      await createJwtAuthenticator({ jwksUrl: url });
      assert.unreachable(url);
    } catch (error) {
      assert.instance(error, JwtConfigError, url);
    }
  }
  await createJwtAuthenticator({ jwksUrl: 'https://issuer.example.com/jwks' });
});

test('a JWK file and a JWKS file both verify', async () => {
  await withTempDir(async (dir) => {
    const jwt = await token(key, { kid: 'k1' });
    for (const [name, content] of [['key.jwk', jwk], ['keys.json', { keys: [jwk] }]] as const) {
      const auth = await createJwtAuthenticator({ publicKeyFile: await writeIn(dir, name, JSON.stringify(content)), audience: AUDIENCE });
      const result = await auth.authenticate({ authorization: `Bearer ${jwt}` });
      assert.ok(result.ok, name);
    }
  });
});

test('key files holding private or symmetric keys, or nothing usable, are refused', async () => {
  await withTempDir(async (dir) => {
    const privateJwk = await exportJWK(key.privateKey);
    const secret = await exportJWK(await generateSecret('HS256', { extractable: true }));
    const files = {
      'private.jwk': JSON.stringify(privateJwk),
      'secret.json': JSON.stringify({ keys: [secret] }),
      'empty.json': '{"keys": []}',
      'other.json': '{"hello": 1}',
      'garbage.txt': 'hello',
      'private.pem': await exportPKCS8(key.privateKey),
      'broken.pem': '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n',
    };
    for (const [name, text] of Object.entries(files)) {
      try {
        await createJwtAuthenticator({ publicKeyFile: await writeIn(dir, name, text) });
        assert.unreachable(name);
      } catch (error) {
        assert.instance(error, JwtConfigError, name);
        assert.not.match((error as Error).message, /"d"|BEGIN PRIVATE/);
      }
    }
  });
});

test.run();
