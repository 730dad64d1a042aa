import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultAllowedHosts, hostPort } from '../../transports/default-allowed-hosts.js';

test('a loopback address also answers to its aliases, on its port only', () => {
  assert.equal(defaultAllowedHosts('127.0.0.1', 8080), ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080']);
  assert.equal(defaultAllowedHosts('[::1]', 80), ['[::1]:80', 'localhost:80', '127.0.0.1:80']);
  assert.equal(defaultAllowedHosts('mcp.example', 443), ['mcp.example:443']);
  // Every interface, loopback among them: a local client's names pass; remote names must be listed.
  assert.equal(defaultAllowedHosts('0.0.0.0', 8080), ['0.0.0.0:8080', 'localhost:8080', '127.0.0.1:8080', '[::1]:8080']);
  assert.equal(defaultAllowedHosts('[::]', 8080), ['[::]:8080', 'localhost:8080', '127.0.0.1:8080', '[::1]:8080']);
  // The HTTP listener names its bound IPv6 literal without brackets; a Host header brackets it.
  assert.equal(defaultAllowedHosts('::1', 80), ['[::1]:80', 'localhost:80', '127.0.0.1:80']);
  assert.equal(defaultAllowedHosts('::', 8080), ['[::]:8080', 'localhost:8080', '127.0.0.1:8080', '[::1]:8080']);
});

test('hostPort brackets a bare IPv6 literal only', () => {
  assert.is(hostPort('::1', 8080), '[::1]:8080');
  assert.is(hostPort('[::1]', 8080), '[::1]:8080');
  assert.is(hostPort('127.0.0.1', 80), '127.0.0.1:80');
  assert.is(hostPort('mcp.example', 443), 'mcp.example:443');
});

test.run();
