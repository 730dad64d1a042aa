/**
 * Who may connect. A flag choosing a mode beats the file; otherwise the file's mode, or the
 * mode its settings imply. A network listener never runs unauthenticated by accident: with
 * no mode at all that is an error, and `none` is accepted only on loopback addresses.
 */
import path from 'node:path';
import type { ConfigDiagnostic } from './diagnostic.js';
import type { FlagSettings } from './flags.js';
import { isLoopbackHost } from '../../transports/auth/loopback.js';
import { isNetworkListener } from './listener-kinds.js';
import type { PartialAuth } from './partial.js';
import { isJwksUrl } from './schema-rules.js';
import { compact } from './to-partial.js';
import type { AuthConfig, JwtConfig, ListenerConfig } from './types.js';

export const DEFAULT_CLOCK_SKEW_SECONDS = 60;
export const DEFAULT_PRINCIPAL_CLAIM = 'sub';
export const DEFAULT_ROLES_CLAIM = 'roles';

type Mode = AuthConfig['mode'];

export function mergeAuth(file: PartialAuth | undefined, flags: FlagSettings, listeners: ListenerConfig[], errors: ConfigDiagnostic[]): AuthConfig {
  const mode = chooseMode(file, flags, listeners, errors);
  if (mode === undefined) return { mode: 'none' };
  const jwtOnly = flags.jwtIssuer !== undefined || flags.jwtAudience !== undefined;
  if (jwtOnly && mode !== 'jwt') errors.push({ path: '/auth', message: '--jwt-issuer and --jwt-audience need JWT authentication (--jwks or --jwt-public-key)' });
  if (mode === 'none') {
    // Without --no-auth the file's auth.mode turned authentication off: the problem is there.
    checkLoopbackOnly(listeners, flags.noAuth !== true, errors);
    return { mode };
  }
  if (mode === 'api_keys') {
    const apiKeysFile = flags.apiKeys !== undefined ? path.resolve(flags.apiKeys) : file?.apiKeysFile;
    if (apiKeysFile === undefined) errors.push({ path: '/auth/api_keys', message: 'API key authentication needs the key file: --api-keys FILE or auth.api_keys' });
    return { mode, apiKeysFile: apiKeysFile ?? '' };
  }
  return { mode, jwt: mergeJwt(file?.jwt ?? {}, flags, errors) };
}

/** undefined: nothing chose a mode and nothing needs one (stdio only). */
function chooseMode(file: PartialAuth | undefined, flags: FlagSettings, listeners: ListenerConfig[], errors: ConfigDiagnostic[]): Mode | undefined {
  const byFlags: Mode[] = [];
  if (flags.noAuth === true) byFlags.push('none');
  if (flags.apiKeys !== undefined) byFlags.push('api_keys');
  if (flags.jwks !== undefined || flags.jwtPublicKey !== undefined) byFlags.push('jwt');
  if (byFlags.length > 1) {
    errors.push({ path: '/auth', message: 'give only one of --no-auth, --api-keys and --jwks/--jwt-public-key' });
    return undefined;
  }
  const implied = file?.jwt !== undefined ? 'jwt' : file?.apiKeysFile !== undefined ? 'api_keys' : undefined;
  const mode = byFlags[0] ?? file?.mode ?? implied;
  if (mode === undefined && listeners.some((l) => isNetworkListener(l.url))) {
    errors.push({ path: '/auth', message: 'network listeners require authentication: give --api-keys, --jwks or --jwt-public-key, or --no-auth (loopback only)' });
  }
  return mode;
}

function checkLoopbackOnly(listeners: ListenerConfig[], inFile: boolean, errors: ConfigDiagnostic[]): void {
  for (const l of listeners) {
    if (!isNetworkListener(l.url) || !URL.canParse(l.url)) continue;
    const host = new URL(l.url).hostname;
    if (!isLoopbackHost(host)) {
      errors.push({ path: '/auth/mode', message: `authentication is off (--no-auth or auth.mode none), which is allowed only on loopback addresses; listener ${l.url} is on ${host}`, inFile });
    }
  }
}

/** The flags' key source replaces the file's; issuer and audience flags override the file's. */
function mergeJwt(file: Partial<JwtConfig>, flags: FlagSettings, errors: ConfigDiagnostic[]): JwtConfig {
  if (flags.jwks !== undefined && flags.jwtPublicKey !== undefined) errors.push({ path: '/auth/jwt', message: 'give only one of --jwks and --jwt-public-key' });
  if (flags.jwks !== undefined && !isJwksUrl(flags.jwks)) errors.push({ path: '/auth/jwt/jwks_url', message: '--jwks must be an https:// URL (http:// only on a loopback host)' });
  const fromFlags = flags.jwks !== undefined || flags.jwtPublicKey !== undefined;
  const key = fromFlags
    ? { jwksUrl: flags.jwks, publicKeyFile: flags.jwtPublicKey === undefined ? undefined : path.resolve(flags.jwtPublicKey) }
    : { jwksUrl: file.jwksUrl, publicKeyFile: file.publicKeyFile };
  if (key.jwksUrl === undefined && key.publicKeyFile === undefined) {
    errors.push({ path: '/auth/jwt', message: 'JWT authentication needs a key: --jwks URL, --jwt-public-key FILE, or auth.jwt.jwks_url / public_key' });
  }
  return compact({
    ...key,
    issuer: flags.jwtIssuer ?? file.issuer,
    audience: flags.jwtAudience ?? file.audience,
    clockSkewSeconds: file.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS,
    algorithms: file.algorithms,
    principalClaim: file.principalClaim ?? DEFAULT_PRINCIPAL_CLAIM,
    rolesClaim: file.rolesClaim ?? DEFAULT_ROLES_CLAIM,
    authorizationServers: file.authorizationServers,
    resource: file.resource,
    scopesSupported: file.scopesSupported,
  });
}
