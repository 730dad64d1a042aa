/** Which RFC 9728 metadata a configuration has its HTTP listeners serve. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceMetadataFor } from '../../cli/listeners.js';
import type { AuthConfig, JwtConfig } from '../../cli/config/types.js';

const JWT: JwtConfig = { jwksUrl: 'https://idp.example.com/jwks.json', clockSkewSeconds: 60, principalClaim: 'sub', rolesClaim: 'roles' };

function jwt(extra: Partial<JwtConfig>): AuthConfig {
  return { mode: 'jwt', jwt: { ...JWT, ...extra } };
}

test('the issuer is the authorization server unless others are configured', () => {
  assert.equal(resourceMetadataFor(jwt({ issuer: 'https://idp.example.com/' })), { authorizationServers: ['https://idp.example.com/'], resource: undefined, scopesSupported: undefined });
  assert.equal(resourceMetadataFor(jwt({ issuer: 'https://idp.example.com/', authorizationServers: ['https://login.example.com'], resource: 'https://mcp.example.com/mcp', scopesSupported: ['mcp'] })), {
    authorizationServers: ['https://login.example.com'], resource: 'https://mcp.example.com/mcp', scopesSupported: ['mcp'],
  });
});

test('nothing is served without a server to name, or outside JWT mode', () => {
  assert.is(resourceMetadataFor(jwt({})), undefined);
  assert.is(resourceMetadataFor(jwt({ issuer: 'internal-issuer' })), undefined, 'an issuer that is no URL names no server');
  assert.is(resourceMetadataFor({ mode: 'api_keys', apiKeysFile: '/keys' }), undefined);
  assert.is(resourceMetadataFor({ mode: 'none' }), undefined);
});

test.run();
