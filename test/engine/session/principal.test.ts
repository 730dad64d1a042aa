import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { userInfo } from 'node:os';
import { anonymousPrincipal, localPrincipal } from '../../../engine/session/principal.js';

test('stdio principal is the local OS user', () => {
  const p = localPrincipal();
  assert.is(p.id, userInfo().username);
  assert.is(p.authenticated_by, 'os_user');
  assert.is(p.claims.uid, userInfo().uid);
  assert.equal(p.roles, []);
});

test('anonymous principal', () => {
  assert.equal(anonymousPrincipal(), { id: 'anonymous', authenticated_by: 'none', claims: {}, roles: [] });
});

test.run();
