import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { noAuthenticator } from '../../../transports/auth/no-auth.js';

test('every caller is the anonymous principal, whatever it sends', async () => {
  assert.is(noAuthenticator.scheme, 'none');
  for (const headers of [{}, { authorization: 'Bearer whatever' }]) {
    assert.equal(await noAuthenticator.authenticate(headers), {
      ok: true,
      principal: { id: 'anonymous', authenticated_by: 'none', claims: {}, roles: [] },
    });
  }
});

test.run();
