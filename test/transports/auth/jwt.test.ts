/**
 * JWT verification against a local SPKI PEM key: time checks with clock skew, issuer and
 * audience, foreign keys, refused algorithms (none, HS256), and the stable failure codes.
 * The token must never appear in a result, message or challenge.
 */
import { exportSPKI, SignJWT } from 'jose';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RequestHeaders } from '../../../transports/auth/authenticator.js';
import { createJwtAuthenticator, JwtAuthenticator, JwtConfigError, type JwtOptions } from '../../../transports/auth/jwt.js';
import { VerifiedTokens } from '../../../transports/auth/verified-tokens.js';
import { assertNoToken, AUDIENCE, failure, ISSUER, now, signer, token, unsignedToken, withTempDir, writeIn, type Signer } from './jwt-support.js';

let key: Signer;
let pem: string;
test.before(async () => {
  key = await signer('ES256');
  pem = await exportSPKI(key.publicKey);
});

async function authenticator(options: Omit<JwtOptions, 'publicKeyFile'> = {}): Promise<JwtAuthenticator> {
  return withTempDir(async (dir) => createJwtAuthenticator({ publicKeyFile: await writeIn(dir, 'key.pem', pem), issuer: ISSUER, audience: AUDIENCE, ...options }));
}

const bearer = (jwt: string): RequestHeaders => ({ authorization: `Bearer ${jwt}` });

async function expectFailure(auth: JwtAuthenticator, jwt: string, code: string, error = 'invalid_token'): Promise<void> {
  const result = failure(await auth.authenticate(bearer(jwt)));
  assert.is(result.code, code);
  assert.match(result.challenge, new RegExp(`^Bearer realm="mcp-warden", error="${error}", error_description="[^"]+"$`));
  assertNoToken(result, jwt);
}

test('a valid token authenticates as its sub, with its claims and roles', async () => {
  const auth = await authenticator();
  const jwt = await token(key, { claims: { roles: ['reader', 'writer'], email: 'alice@example.com' } });
  const result = await auth.authenticate(bearer(jwt));
  assert.ok(result.ok);
  assert.is(auth.scheme, 'jwt');
  const { principal } = result as Extract<typeof result, { ok: true }>;
  assert.is(principal.id, 'alice');
  assert.is(principal.authenticated_by, 'jwt');
  assert.equal(principal.roles, ['reader', 'writer']);
  assert.is(principal.claims['email'], 'alice@example.com');
  assert.is(principal.claims['iss'], ISSUER);
  assertNoToken(result, jwt);
});

test('an expired token is expired_token; within the clock skew it still passes', async () => {
  const auth = await authenticator({ clockSkewSeconds: 60 });
  await expectFailure(auth, await token(key, { claims: { exp: now() - 120 } }), 'expired_token');
  const late = await auth.authenticate(bearer(await token(key, { claims: { exp: now() - 30 } })));
  assert.ok(late.ok, 'a token 30 s past exp is within a 60 s skew');
  const strict = await authenticator({ clockSkewSeconds: 0 });
  await expectFailure(strict, await token(key, { claims: { exp: now() - 30 } }), 'expired_token');
});

test('a token not valid yet is token_not_yet_valid; within the clock skew it passes', async () => {
  const auth = await authenticator({ clockSkewSeconds: 60 });
  await expectFailure(auth, await token(key, { claims: { nbf: now() + 600 } }), 'token_not_yet_valid');
  const early = await auth.authenticate(bearer(await token(key, { claims: { nbf: now() + 30 } })));
  assert.ok(early.ok, 'a token 30 s before nbf is within a 60 s skew');
});

test('wrong or missing issuer and audience are wrong_issuer and wrong_audience', async () => {
  const auth = await authenticator();
  await expectFailure(auth, await token(key, { claims: { iss: 'https://evil.test' } }), 'wrong_issuer');
  await expectFailure(auth, await token(key, { claims: { iss: undefined } }), 'wrong_issuer');
  await expectFailure(auth, await token(key, { claims: { aud: 'another-service' } }), 'wrong_audience');
  await expectFailure(auth, await token(key, { claims: { aud: undefined } }), 'wrong_audience');
  const many = await auth.authenticate(bearer(await token(key, { claims: { aud: ['other', AUDIENCE] } })));
  assert.ok(many.ok, 'one matching audience among several is enough');
});

test('without issuer and audience options, any iss and aud pass', async () => {
  const auth = await authenticator({ issuer: undefined, audience: undefined });
  assert.ok((await auth.authenticate(bearer(await token(key, { claims: { iss: 'x', aud: 'y' } })))).ok);
});

test('a token without exp is refused: bearer tokens must expire', async () => {
  const auth = await authenticator();
  await expectFailure(auth, await token(key, { claims: { exp: undefined } }), 'invalid_token');
});

test('a token signed by an unknown key is invalid_token', async () => {
  const auth = await authenticator();
  await expectFailure(auth, await token(await signer('ES256')), 'invalid_token');
  await expectFailure(auth, await token(await signer('RS256')), 'invalid_token');
});

test('alg none and HS256 tokens are refused', async () => {
  const auth = await authenticator();
  await expectFailure(auth, unsignedToken({ sub: 'alice', iss: ISSUER, aud: AUDIENCE, exp: now() + 300 }), 'invalid_token');
  const hs256 = await new SignJWT({ sub: 'alice', iss: ISSUER, aud: AUDIENCE })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode('a shared secret that is long enough for HS256!!'));
  await expectFailure(auth, hs256, 'invalid_token');
});

test('a token outside the algorithm allowlist is refused', async () => {
  const auth = await authenticator({ algorithms: ['RS256'] });
  await expectFailure(auth, await token(key), 'invalid_token');
});

test('a token without the principal claim is invalid_token; principalClaim picks another', async () => {
  const auth = await authenticator();
  await expectFailure(auth, await token(key, { claims: { sub: undefined } }), 'invalid_token');
  const byEmail = await authenticator({ principalClaim: 'email' });
  const result = await byEmail.authenticate(bearer(await token(key, { claims: { email: 'bob@example.com' } })));
  assert.ok(result.ok && result.principal.id === 'bob@example.com');
});

test('a roles claim of the wrong type is invalid_token', async () => {
  const auth = await authenticator();
  await expectFailure(auth, await token(key, { claims: { roles: { admin: true } } }), 'invalid_token');
});

test('missing or foreign credentials are missing_credentials with a bare challenge', async () => {
  const auth = await authenticator();
  for (const headers of [{}, { authorization: 'Basic dXNlcjpwYXNz' }, { 'x-api-key': 'mcpw_xxxxxxxxxxxxxxxx' }]) {
    const result = failure(await auth.authenticate(headers));
    assert.is(result.code, 'missing_credentials');
    assert.is(result.challenge, 'Bearer realm="mcp-warden"');
  }
});

test('malformed bearer headers and tokens are refused without quoting them', async () => {
  const auth = await authenticator();
  const empty = failure(await auth.authenticate({ authorization: 'Bearer ' }));
  assert.is(empty.code, 'malformed_credentials');
  assert.match(empty.challenge, 'error="invalid_request"');
  await expectFailure(auth, 'not-a-jwt-at-all-but-long', 'invalid_token');
  await expectFailure(auth, 'aaaaaaaaaaaa.bbbbbbbbbbbb.cccccccccccc', 'invalid_token');
  const jwt = await token(key);
  await expectFailure(auth, `${jwt.slice(0, -4)}AAAA`, 'invalid_token');
});

/** An authenticator on a clock the test moves, counting its key lookups (one per verification). */
function countingAuth(ttlMs: number): { auth: JwtAuthenticator; lookups: () => number; advance: (ms: number) => void } {
  let lookups = 0;
  let clock = Date.now();
  const auth = new JwtAuthenticator({
    keys: async () => {
      lookups++;
      return key.publicKey;
    },
    verify: { algorithms: ['ES256'], clockTolerance: 60, requiredClaims: ['exp'], issuer: ISSUER, audience: AUDIENCE },
    principalClaim: 'sub',
    rolesClaim: 'roles',
    verified: new VerifiedTokens({ ttlMs, maxEntries: 8 }),
    now: () => clock,
  });
  return { auth, lookups: () => lookups, advance: (ms) => { clock += ms; } };
}

test('a verified token is reused until its exp plus skew: one key lookup, a fresh principal each time, then expired_token', async () => {
  const { auth, lookups, advance } = countingAuth(600_000);
  const jwt = await token(key, { claims: { exp: now() + 100 } });
  const first = await auth.authenticate(bearer(jwt));
  const second = await auth.authenticate(bearer(jwt));
  assert.ok(first.ok && second.ok);
  assert.is(lookups(), 1, 'the second request reused the verification');
  assert.equal(first.principal, second.principal);
  assert.is.not(first.principal.claims, second.principal.claims, 'each request gets its own claims object');
  advance(159_000);
  assert.ok((await auth.authenticate(bearer(jwt))).ok, 'still within exp + skew');
  assert.is(lookups(), 1);
  advance(2_000);
  await expectFailure(auth, jwt, 'expired_token');
  assert.is(lookups(), 2, 'past exp + skew the token was verified again, and refused');
});

test('a token that failed is verified again on every request; the TTL bounds reuse', async () => {
  const { auth, lookups, advance } = countingAuth(30_000);
  const foreign = await token(key, { claims: { aud: 'another-service' } });
  await expectFailure(auth, foreign, 'wrong_audience');
  await expectFailure(auth, foreign, 'wrong_audience');
  assert.is(lookups(), 2);
  const jwt = await token(key);
  await auth.authenticate(bearer(jwt));
  await auth.authenticate(bearer(jwt));
  assert.is(lookups(), 3);
  advance(30_000);
  assert.ok((await auth.authenticate(bearer(jwt))).ok);
  assert.is(lookups(), 4, 'past the TTL the token was verified again');
});

test('bad options are JwtConfigError: HS256, none, unknown algorithms, no or two key sources', async () => {
  const cases: JwtOptions[] = [
    { publicKeyFile: '/x', algorithms: ['HS256'] },
    { publicKeyFile: '/x', algorithms: ['none'] },
    { publicKeyFile: '/x', algorithms: [] },
    { publicKeyFile: '/x', clockSkewSeconds: -1 },
    { publicKeyFile: '/x', principalClaim: '' },
    {},
    { publicKeyFile: '/x', jwksUrl: 'https://issuer.test/jwks' },
    { publicKeyFile: '/nonexistent/key.pem' },
  ];
  for (const options of cases) {
    try {
      await createJwtAuthenticator(options);
      assert.unreachable(JSON.stringify(options));
    } catch (error) {
      assert.instance(error, JwtConfigError, JSON.stringify(options));
    }
  }
});

test.run();
