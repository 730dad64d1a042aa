import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Session } from '../../../engine/session/session.js';
import { IdAllocator } from '../../../engine/session/id-map.js';
import { ToolRegistry } from '../../../engine/session/registry.js';
import { anonymousPrincipal } from '../../../engine/session/principal.js';

const base = { transport: 'stdio', upstream: 'demo', principal: anonymousPrincipal() };

test('info before initialize', () => {
  const s = new Session({ ...base, id: 's-1' });
  assert.equal(s.info(), { id: 's-1', transport: 'stdio', protocol_version: null, client: null, server: null });
});

test('info and principal are frozen copies; info is rebuilt when initialize tells more', () => {
  const clientInfo = { name: 'c', version: '1' };
  const principal = anonymousPrincipal();
  const s = new Session({ ...base, principal });
  assert.ok(Object.isFrozen(s.principal) && Object.isFrozen(s.principal.claims));
  assert.equal(s.principal, principal);
  const before = s.info();
  assert.ok(Object.isFrozen(before));
  assert.is(s.info(), before);
  s.recordInitializeRequest({ protocolVersion: '2025-06-18', clientInfo });
  const after = s.info();
  clientInfo.name = 'changed later';
  assert.is(s.info(), after);
  assert.is.not(after, before);
  assert.equal(after.client, { name: 'c', version: '1' });
  assert.ok(Object.isFrozen(after.client));
  s.recordInitializeResult({ protocolVersion: '2025-06-18', serverInfo: { name: 's', version: '2' } });
  assert.equal(s.info().server, { name: 's', version: '2' });
});

test('a client\'s cancellation in an aggregated session concerns the upstream serving the request it cancels', () => {
  let forwarded = -1;
  const s = new Session({
    ...base, upstream: '*',
    routing: { targetOf: () => ({ upstream: '*' }), inFlightOn: () => true, servingNow: (id) => (id === forwarded ? 'b' : undefined) },
  });
  forwarded = s.toUpstream.forward({ jsonrpc: '2.0', id: 'c1', method: 'tools/call', params: { name: 'x' } });
  const cancel = (requestId: string) => ({ jsonrpc: '2.0' as const, method: 'notifications/cancelled', params: { requestId } });
  assert.is(s.targetOf('client', cancel('c1')).upstream, 'b');
  assert.is(s.targetOf('client', cancel('unknown')).upstream, '*', 'a request it does not know stays with the router\'s answer');
});

test('generated ids are unique', () => {
  assert.is.not(new Session(base).id, new Session(base).id);
});

test('initialize: client info and requested revision, then the negotiated one', () => {
  const s = new Session(base);
  s.recordInitializeRequest({ protocolVersion: '2025-11-25', clientInfo: { name: 'ide', version: '2' }, capabilities: {} });
  assert.is(s.info().protocol_version, '2025-11-25');
  assert.equal(s.info().client, { name: 'ide', version: '2' });
  s.recordInitializeResult({ protocolVersion: '2025-06-18', serverInfo: { name: 'demo', version: '1' }, capabilities: {} });
  assert.is(s.info().protocol_version, '2025-06-18');
  assert.equal(s.info().server, { name: 'demo', version: '1' });
});

test('malformed initialize fields are ignored', () => {
  const s = new Session({ ...base, protocolVersion: '2026-07-28' });
  s.recordInitializeRequest({ protocolVersion: 5, clientInfo: 'ide' });
  s.recordInitializeResult({ protocolVersion: null });
  assert.is(s.info().protocol_version, '2026-07-28');
  assert.is(s.info().client, null);
});

test('shared registry and upstream allocator', () => {
  const tools = new ToolRegistry();
  const upstreamIds = new IdAllocator();
  const a = new Session({ ...base, tools, upstreamIds });
  const b = new Session({ ...base, tools, upstreamIds });
  assert.is(a.tools, b.tools);
  const ia = a.toUpstream.forward({ jsonrpc: '2.0', id: 1, method: 'ping' });
  const ib = b.toUpstream.forward({ jsonrpc: '2.0', id: 1, method: 'ping' });
  assert.is.not(ia, ib);
  const ca = a.toClient.forward({ jsonrpc: '2.0', id: 1, method: 'ping' });
  assert.is(ca, 1, 'ids towards the client are per session');
});

test.run();
