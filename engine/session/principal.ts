/**
 * Principals: who is behind a session. Authenticating transports build their own; over stdio
 * the peer is whoever started the process, so the principal is the local OS user.
 */
import { hostname, userInfo } from 'node:os';
import type { Principal } from '../decision/input.js';

export type { Principal };

export function localPrincipal(): Principal {
  const user = userInfo();
  return {
    id: user.username,
    authenticated_by: 'os_user',
    claims: { uid: user.uid, gid: user.gid, host: hostname() },
    roles: [],
  };
}

/** For transports that accepted a connection without credentials. */
export function anonymousPrincipal(): Principal {
  return { id: 'anonymous', authenticated_by: 'none', claims: {}, roles: [] };
}
