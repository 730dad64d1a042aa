import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isLoopbackHost } from '../../../transports/auth/loopback.js';

test('loopback: 127.0.0.0/8, ::1 in any spelling, localhost', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', '127.255.255.255', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LocalHost', '[::ffff:7f00:1]']) {
    assert.ok(isLoopbackHost(host), host);
  }
});

test('not loopback: other addresses, wildcard binds, names that merely resolve to loopback', () => {
  for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', '::ffff:10.0.0.1', 'fe80::1', 'example.com', 'localhost.example.com', '127.0.0.1.nip.io', '127.1', '', '[]', 'fe80::1%lo0']) {
    assert.not.ok(isLoopbackHost(host), host);
  }
});

test.run();
