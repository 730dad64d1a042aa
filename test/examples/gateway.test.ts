/** examples/gateway/warden.yaml stays a valid config: it loads, validates and resolves. */
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfigFile } from '../../cli/config/load.js';
import { resolveConfig } from '../../cli/config/merge.js';
import { ROOT } from '../e2e/support/repo.js';

test('the gateway example config loads and resolves to HTTP and WebSocket listeners with API keys', async () => {
  const file = path.join(ROOT, 'examples/gateway/warden.yaml');
  const loaded = await loadConfigFile(file);
  assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));
  const config = resolveConfig(loaded.ok ? loaded.config : undefined, {});
  assert.not.ok(Array.isArray(config), JSON.stringify(config));
  if (Array.isArray(config)) return;
  assert.equal(config.listen.map((l) => [l.url, l.health]), [['http://127.0.0.1:8080/mcp', true], ['ws://127.0.0.1:8081/mcp', false]]);
  assert.is(config.auth.mode, 'api_keys');
  assert.is(config.policies, path.join(ROOT, 'policies'));
  assert.is(config.upstream.command?.[1], 'dist/examples/servers/workspace/server.js');
});

test.run();
