import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { engineEnvironment, serverEnvNames } from '../../../../transports/stdio/sandbox/container-env.js';

const warden = { HOME: '/root', PATH: '/usr/bin', CONTAINERS_CONF: '/etc/c.conf', AWS_SECRET_ACCESS_KEY: 'warden-only' };

test('the engine gets its own settings from warden, and the server\'s variables; nothing else of warden\'s', () => {
  const env = engineEnvironment({ API_TOKEN: 't', LANG: 'C' }, warden);
  assert.equal(env, { HOME: '/root', PATH: '/usr/bin', CONTAINERS_CONF: '/etc/c.conf', API_TOKEN: 't', LANG: 'C' });
});

test('a variable the server was given wins over warden\'s of the same name', () => {
  assert.is(engineEnvironment({ PATH: '/opt/bin' }, warden).PATH, '/opt/bin');
});

test('the names passed in: the server\'s, without HOME and TMPDIR', () => {
  assert.equal(serverEnvNames({ API_TOKEN: 't', HOME: '/root', TMPDIR: '/var/tmp', PATH: '/usr/bin' }), ['API_TOKEN', 'PATH']);
});

test.run();
