/** RFC 9728 metadata on the HTTP listener: where it is served, what it says, and the 401 that names it. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StreamableHttpListener } from '../../../../transports/http/server/listener.js';
import { metadataPaths, metadataUrl, type ResourceMetadataOptions } from '../../../../transports/http/server/resource-metadata.js';
import { bearerNames, exchange, POST_HEADERS } from './fixtures.js';

const SERVERS: ResourceMetadataOptions = { authorizationServers: ['https://idp.example.com/'] };

const open: StreamableHttpListener[] = [];
test.after.each(async () => {
  for (const listener of open.splice(0)) await listener.close();
});

async function serve(resourceMetadata?: ResourceMetadataOptions, path = '/mcp'): Promise<{ base: string; url: string }> {
  const listener = new StreamableHttpListener({ url: new URL(`http://127.0.0.1:0${path}`), authenticator: bearerNames, resourceMetadata });
  open.push(listener);
  await listener.start();
  return { base: new URL(listener.url).origin, url: listener.url };
}

test('the well-known path is inserted before the resource path (RFC 9728 section 3.1), the bare one kept as a fallback', () => {
  assert.equal(metadataPaths('/mcp'), ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']);
  assert.equal(metadataPaths('/'), ['/.well-known/oauth-protected-resource']);
  assert.is(metadataUrl('https://mcp.example.com/tools/mcp'), 'https://mcp.example.com/.well-known/oauth-protected-resource/tools/mcp');
  assert.is(metadataUrl('https://mcp.example.com:8443/'), 'https://mcp.example.com:8443/.well-known/oauth-protected-resource');
});

test('a 401 names the metadata document, which any origin reads without credentials', async () => {
  const { base, url } = await serve(SERVERS);
  const refused = await exchange(url, 'POST', POST_HEADERS, '{}');
  assert.is(refused.status, 401);
  const expected = `${base}/.well-known/oauth-protected-resource/mcp`;
  assert.is(refused.headers['www-authenticate'], `Bearer realm="warden", resource_metadata="${expected}"`);
  for (const at of [expected, `${base}/.well-known/oauth-protected-resource`]) {
    const answer = await exchange(at, 'GET', { origin: 'https://inspector.example' });
    assert.is(answer.status, 200, at);
    assert.is(answer.headers['content-type'], 'application/json');
    assert.is(answer.headers['access-control-allow-origin'], '*');
    assert.equal(JSON.parse(answer.body), { resource: url, authorization_servers: ['https://idp.example.com/'], bearer_methods_supported: ['header'] });
  }
});

test('a configured resource URL replaces the one the request names, and scopes are listed', async () => {
  const { base, url } = await serve({ ...SERVERS, resource: 'https://mcp.example.com/mcp', scopesSupported: ['mcp:tools'] });
  const refused = await exchange(url, 'GET', { accept: 'text/event-stream' });
  assert.match(String(refused.headers['www-authenticate']), 'resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"');
  const answer = await exchange(`${base}/.well-known/oauth-protected-resource/mcp`, 'GET', {});
  assert.equal(JSON.parse(answer.body), {
    resource: 'https://mcp.example.com/mcp', authorization_servers: ['https://idp.example.com/'], bearer_methods_supported: ['header'], scopes_supported: ['mcp:tools'],
  });
});

test('the metadata keeps the Host check, answers a preflight, and takes no other method', async () => {
  const { base } = await serve(SERVERS);
  const at = `${base}/.well-known/oauth-protected-resource/mcp`;
  assert.is((await exchange(at, 'GET', { host: 'evil.example' })).status, 403);
  const preflight = await exchange(at, 'OPTIONS', { origin: 'https://inspector.example', 'access-control-request-method': 'GET' });
  assert.is(preflight.status, 204);
  assert.is(preflight.headers['access-control-allow-origin'], '*');
  const posted = await exchange(at, 'POST', POST_HEADERS, '{}');
  assert.is(posted.status, 405);
  assert.is(posted.headers.allow, 'GET, HEAD, OPTIONS');
  const head = await exchange(at, 'HEAD', {});
  assert.is(head.status, 200);
  assert.is(head.body, '');
});

test('without metadata settings nothing is served there and the 401 names nothing', async () => {
  const { base, url } = await serve();
  assert.is((await exchange(`${base}/.well-known/oauth-protected-resource/mcp`, 'GET', {})).status, 404);
  assert.is((await exchange(url, 'POST', POST_HEADERS, '{}')).headers['www-authenticate'], 'Bearer realm="warden"');
});

test('a listener at the root serves the bare well-known path only', async () => {
  const { base, url } = await serve(SERVERS, '/');
  const refused = await exchange(url, 'POST', POST_HEADERS, '{}');
  assert.match(String(refused.headers['www-authenticate']), `resource_metadata="${base}/.well-known/oauth-protected-resource"`);
  const answer = await exchange(`${base}/.well-known/oauth-protected-resource`, 'GET', {});
  assert.is(JSON.parse(answer.body).resource, `${base}/`);
});

test.run();
