/** A fixed session, principal and clock, so input documents in tests are fully predictable. */
import type { InputContext, Principal, SessionInfo, TimeInfo } from '../../../engine/decision/input.js';

export const session: SessionInfo = {
  id: 's-1', transport: 'stdio', protocol_version: '2025-06-18',
  client: { name: 'test-client', version: '1.0.0' }, server: null,
};
export const principal: Principal = { id: 'alice', authenticated_by: 'os_user', claims: {}, roles: [] };
export const time: TimeInfo = { rfc3339: '2025-01-01T00:00:00.000Z', ns: 1735689600000000000n };

export function context(overrides: Partial<InputContext> = {}): InputContext {
  return { direction: 'client_to_server', session, principal, upstream: 'demo', time, ...overrides };
}
