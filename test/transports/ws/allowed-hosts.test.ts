import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultAllowedHosts, HostAllowlist } from '../../../transports/ws/allowed-hosts.js';

test('a loopback address also answers to its aliases, on its port only', () => {
  assert.equal(defaultAllowedHosts('127.0.0.1', 8080), ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080']);
  assert.equal(defaultAllowedHosts('[::1]', 80), ['[::1]:80', 'localhost:80', '127.0.0.1:80']);
  assert.equal(defaultAllowedHosts('mcp.example', 443), ['mcp.example:443']);
  // Every interface, loopback among them: a local client's names pass; remote names must be listed.
  assert.equal(defaultAllowedHosts('0.0.0.0', 8080), ['0.0.0.0:8080', 'localhost:8080', '127.0.0.1:8080', '[::1]:8080']);
  assert.equal(defaultAllowedHosts('[::]', 8080), ['[::]:8080', 'localhost:8080', '127.0.0.1:8080', '[::1]:8080']);
});

test('Host matching is case-insensitive and fills in the default port', () => {
  const hosts = new HostAllowlist(['MCP.example', '127.0.0.1:8080', '[::1]:8080'], 443);
  assert.ok(hosts.allows('mcp.example'));
  assert.ok(hosts.allows('mcp.example:443'));
  assert.ok(hosts.allows('[::1]:8080'));
  assert.not.ok(hosts.allows('mcp.example:444'));
  assert.not.ok(hosts.allows('127.0.0.1'));
  assert.not.ok(hosts.allows('[::1]'));
  assert.not.ok(hosts.allows('evil.example'));
  assert.not.ok(hosts.allows(undefined));
});

test.run();
