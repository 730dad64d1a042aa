import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HostAllowlist } from '../../transports/host-allowlist.js';

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
