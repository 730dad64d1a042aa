/** From verified claims to a principal: the id claim, and the roles mapping rules. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jwtPrincipal } from '../../../transports/auth/jwt-principal.js';

const roles = (payload: Record<string, unknown>, claim = 'roles'): string[] | string => {
  const result = jwtPrincipal({ sub: 'alice', ...payload }, 'sub', claim);
  return result.ok ? result.principal.roles : result.message;
};

test('roles: an array of strings, or a space-separated string, deduplicated', () => {
  assert.equal(roles({ roles: ['reader', 'writer', 'reader'] }), ['reader', 'writer']);
  assert.equal(roles({ roles: 'reader  writer' }), ['reader', 'writer']);
  assert.equal(roles({ roles: 'admin' }), ['admin']);
  assert.equal(roles({}), []);
});

test('scope becomes roles only when rolesClaim says so', () => {
  assert.equal(roles({ scope: 'tools:read tools:call' }), []);
  assert.equal(roles({ scope: 'tools:read tools:call' }, 'scope'), ['tools:read', 'tools:call']);
});

test('claim names: as written first (namespaced), then as a dotted path (nested)', () => {
  assert.equal(roles({ 'https://example.com/roles': ['a'] }, 'https://example.com/roles'), ['a']);
  assert.equal(roles({ realm_access: { roles: ['b'] } }, 'realm_access.roles'), ['b']);
  assert.equal(roles({ 'realm_access.roles': ['c'], realm_access: { roles: ['b'] } }, 'realm_access.roles'), ['c']);
  assert.equal(roles({ realm_access: ['x'] }, 'realm_access.roles'), []);
});

test('roles of another type are refused, not ignored', () => {
  for (const value of [42, { admin: true }, ['a', 1], null]) {
    assert.match(String(roles({ roles: value })), 'neither a string nor an array of strings');
  }
});

test('the principal: id from the claim, every claim kept; no id means no principal', () => {
  const result = jwtPrincipal({ sub: 'alice', email: 'a@example.com', exp: 1 }, 'sub', 'roles');
  assert.equal(result, { ok: true, principal: { id: 'alice', authenticated_by: 'jwt', claims: { sub: 'alice', email: 'a@example.com', exp: 1 }, roles: [] } });
  for (const sub of [undefined, '', 7]) {
    const missing = jwtPrincipal(sub === undefined ? {} : { sub: sub as string }, 'sub', 'roles');
    assert.equal(missing, { ok: false, message: 'the token has no sub claim naming its subject' });
  }
});

test.run();
