/** The authenticator network listeners share, from the resolved auth settings. */
import type { Authenticator } from '../transports/auth/authenticator.js';
import { loadApiKeyAuthenticator } from '../transports/auth/api-keys.js';
import { createJwtAuthenticator } from '../transports/auth/jwt.js';
import { noAuthenticator } from '../transports/auth/no-auth.js';
import type { AuthConfig } from './config/types.js';

export async function createAuthenticator(auth: AuthConfig): Promise<Authenticator> {
  switch (auth.mode) {
    case 'api_keys':
      if (!auth.apiKeysFile) throw new Error('auth mode api_keys needs an API key file (--api-keys)');
      return loadApiKeyAuthenticator(auth.apiKeysFile);
    case 'jwt':
      if (!auth.jwt) throw new Error('auth mode jwt needs --jwks or --jwt-public-key');
      return createJwtAuthenticator(auth.jwt);
    default:
      return noAuthenticator;
  }
}
