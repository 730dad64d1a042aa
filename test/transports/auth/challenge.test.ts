import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { authFailure, bearerChallenge } from '../../../transports/auth/challenge.js';

test('RFC 6750 challenges: no error without credentials, error and description otherwise', () => {
  assert.is(bearerChallenge(), 'Bearer realm="mcp-warden"');
  assert.is(bearerChallenge('invalid_token'), 'Bearer realm="mcp-warden", error="invalid_token"');
  assert.equal(authFailure('expired_token', 'the token has expired', 'invalid_token'), {
    ok: false,
    code: 'expired_token',
    message: 'the token has expired',
    challenge: 'Bearer realm="mcp-warden", error="invalid_token", error_description="the token has expired"',
  });
  assert.is(authFailure('missing_credentials', 'none sent').challenge, 'Bearer realm="mcp-warden"');
});

test('characters RFC 6750 forbids in error_description cannot break out of the quotes', () => {
  const challenge = bearerChallenge('invalid_request', 'a "quoted" \\ line\r\nSet-Cookie: x=1 é');
  assert.is(challenge, 'Bearer realm="mcp-warden", error="invalid_request", error_description="a ?quoted? ? line??Set-Cookie: x=1 ?"');
});

test.run();
