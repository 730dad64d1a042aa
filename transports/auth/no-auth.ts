/**
 * `--no-auth`: every caller is the anonymous principal. Safe only where every caller is on
 * this machine, so the CLI accepts it for loopback listeners alone (see loopback.ts).
 */
import { anonymousPrincipal } from '../../engine/session/principal.js';
import type { AuthResult, Authenticator } from './authenticator.js';

export const noAuthenticator: Authenticator = {
  scheme: 'none',
  async authenticate(): Promise<AuthResult> {
    return { ok: true, principal: anonymousPrincipal() };
  },
};
