/**
 * engine/router/router.ts over scripted links: the policy's view of routed messages (upstream
 * names, input.namespaced), merged lists handed over with each upstream's own page, failover
 * for calls safe to retry only, policy routes, server-initiated requests mapped back, and an
 * upstream leaving and coming back with list_changed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, JsonRpcMessage, RequestId } from '../../../engine/protocol/jsonrpc.js';
import { NameMap } from '../../../engine/router/names.js';
import { Router, STRAY_ANSWER, STRAY_CANCELLATION, UNOFFERED_LIST_CHANGED, UPSTREAM_UNAVAILABLE } from '../../../engine/router/router.js';
import { FakeLink, harness, server } from './fake-upstreams.js';

/** A started router over public upstreams, each under its prefix, with what it delivers to the client. */
async function started(links: Array<[FakeLink, string]>): Promise<{ router: Router; delivered: JsonRpcMessage[] }> {
  const router = new Router({
    upstreams: links.map(([link]) => ({ link, private: false })),
    names: new NameMap(links.map(([link, prefix]) => ({ upstream: link.name, prefix, separator: '__' }))),
    serverInfo: { name: 'mcp-warden' }, attemptTimeoutMs: 0, fanOutTimeoutMs: 1000,
  });
  const delivered: JsonRpcMessage[] = [];
  router.onmessage = (m) => delivered.push(m);
  await router.start();
  return { router, delivered };
}

test('the policy sees a routed request and its answer with the upstream\'s own names; the client its namespaced ones', async () => {
  const h = await harness();
  const call = { jsonrpc: '2.0' as const, id: 5, method: 'tools/call', params: { name: 'gh__get-env', arguments: {} } };
  const target = h.router.targetOf('client', call);
  assert.is(target.upstream, 'gh');
  assert.equal(target.view?.message, { ...call, params: { name: 'get-env', arguments: {} } });
  assert.equal(target.view?.namespaced, { name: 'gh__get-env', namespace: 'gh' });
  assert.equal(target.candidates?.map((c) => c.name), ['gh']);
  const answer = await h.request(5, 'tools/call', call.params);
  assert.equal(h.links.gh!.sent.at(-1), { jsonrpc: '2.0', id: (h.links.gh!.sent.at(-1) as { id: RequestId }).id, method: 'tools/call', params: { name: 'get-env', arguments: {} } });
  const back = h.router.targetOf('upstream', answer);
  assert.is(back.upstream, 'gh');
  assert.equal(back.view?.answers?.params, { name: 'get-env', arguments: {} });

  const read = await h.request(6, 'resources/read', { uri: 'gh+file:///a' });
  assert.equal((read as { result: JsonObject }).result.contents, [{ uri: 'gh+file:///a', text: 'x' }], 'the client gets namespaced URIs');
  assert.equal(h.router.targetOf('upstream', read).view?.message, { jsonrpc: '2.0', id: 6, result: { contents: [{ uri: 'file:///a', text: 'x' }] } });
});

test('a merged list carries each upstream\'s own page, and merges whatever the policy kept', async () => {
  const h = await harness();
  const listed = h.delivered.find((m) => !('method' in m) && m.id === 'list') as { result: JsonObject };
  assert.equal((listed.result.tools as JsonObject[]).map((t) => t.name), ['gh__get-env', 'gh__read', 'search__find', 'search__write']);
  const parts = h.router.targetOf('upstream', listed as JsonRpcMessage).parts!;
  assert.equal(parts.parts.map((p) => [p.upstream, (p.message.result.tools as JsonObject[]).map((t) => t.name)]), [
    ['gh', ['get-env', 'read']], ['s1', ['find', 'write']], ['s2', ['find', 'write']],
  ]);
  for (const p of parts.parts) assert.is(h.router.targetOf('upstream', p.message).upstream, p.upstream, 'each page is decided as from its upstream');
  const kept = parts.merge([{ upstream: 'gh', result: { tools: [{ name: 'read' }] } }]);
  assert.equal(kept, { tools: [{ name: 'gh__read' }] });
  assert.is(parts.shown('s2', 'find'), 'search__find');
});

test('a read-only call fails over to the replica after a lost connection; a write is not retried', async () => {
  const h = await harness({ s1: { 'tools/call find': 'drop', 'tools/call write': 'drop' } });
  const found = await h.request(7, 'tools/call', { name: 'search__find' });
  assert.equal((found as { result: JsonObject }).result.content, [{ type: 'text', text: 's2:find' }]);
  assert.equal(h.attempts.filter((a) => a.requestId === 7).map((a) => [a.upstream, a.attempt, a.outcome, a.retryable]), [
    ['s1', 1, 'connection-lost', true], ['s2', 2, 'answered', true],
  ]);
  h.links.s1!.up();
  await h.router.send({ jsonrpc: '2.0', id: 'again', method: 'tools/list' });
  await new Promise((resolve) => setTimeout(resolve, 5));
  const wrote = await h.request(8, 'tools/call', { name: 'search__write' });
  assert.is((wrote as { error: { code: number } }).error.code, UPSTREAM_UNAVAILABLE);
  assert.match((wrote as { error: { message: string } }).error.message, /not retried/);
  assert.equal(h.attempts.filter((a) => a.requestId === 8).map((a) => a.outcome), ['connection-lost']);
});

test('a replica that went down and came back leaves its peers\' hints: a read-only call still fails over before the client lists again', async () => {
  const h = await harness({ s1: { 'tools/call find': 'drop' } });
  h.links.s1!.down();
  h.links.s1!.up();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const found = await h.request(9, 'tools/call', { name: 'search__find' });
  assert.equal((found as { result: JsonObject }).result.content, [{ type: 'text', text: 's2:find' }]);
  assert.equal(h.attempts.filter((a) => a.requestId === 9).map((a) => [a.upstream, a.outcome, a.retryable]), [
    ['s1', 'connection-lost', true], ['s2', 'answered', true],
  ]);
});

test('replicas that both went down and came back list their tools for the hints: a read-only call fails over before the client lists again', async () => {
  const h = await harness({ s1: { 'tools/call find': 'drop' } });
  for (const link of [h.links.s1!, h.links.s2!]) link.down();
  for (const link of [h.links.s1!, h.links.s2!]) link.up();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const listed = h.links.s1!.sent.filter((m) => 'method' in m && m.method === 'tools/list');
  assert.is(listed.length, 2, 'the client\'s listing, then the router\'s own after the reconnect');
  assert.not.ok(h.delivered.some((m) => !('method' in m) && typeof m.id === 'number' && m.id === (listed[1] as { id: number }).id), 'the router\'s listing never reaches the client');
  const found = await h.request(10, 'tools/call', { name: 'search__find' });
  assert.equal((found as { result: JsonObject }).result.content, [{ type: 'text', text: 's2:find' }]);
  assert.equal(h.attempts.filter((a) => a.requestId === 10).map((a) => [a.upstream, a.outcome, a.retryable]), [
    ['s1', 'connection-lost', true], ['s2', 'answered', true],
  ]);
  assert.equal(h.router.toolOwner('search__find'), { upstream: 's2', name: 'find' }, 'its replicas in config order, the one up first');
});

test('an upstream that reconnects or says its tools changed is listed by the router, and the page handed to its owner (onlisting) to record', async () => {
  const h = await harness();
  const listings: Array<[string, string[]]> = [];
  h.router.onlisting = (upstream, tools) => listings.push([upstream, tools.map((t) => String((t as JsonObject).name))]);
  h.links.gh!.onmessage!({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
  await new Promise((resolve) => setTimeout(resolve, 5));
  h.links.s1!.down();
  h.links.s1!.up();
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(listings, [['gh', ['get-env', 'read']], ['s1', ['find', 'write']]]);
  assert.ok(h.delivered.some((m) => 'method' in m && m.method === 'notifications/tools/list_changed'), 'the client is told too');
});

test('the client\'s log level is set again on an upstream that comes back, as its subscriptions are', async () => {
  const h = await harness({ gh: { initialize: { protocolVersion: '2025-06-18', capabilities: { tools: {}, logging: {} }, serverInfo: { name: 'gh' } } } });
  await h.request('lvl', 'logging/setLevel', { level: 'error' });
  h.links.gh!.down();
  h.links.gh!.up();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const levels = h.links.gh!.sent.filter((m) => 'method' in m && m.method === 'logging/setLevel').map((m) => (m as { params: JsonObject }).params);
  assert.equal(levels, [{ level: 'error' }, { level: 'error' }], 'the client\'s, then the renewal after the reconnect');
});

test('a pool call goes only to the members that listed the tool: one listed by s2 alone never reaches s1', async () => {
  const h = await harness({ s1: { 'tools/list': { tools: [{ name: 'find', annotations: { readOnlyHint: true } }] } } });
  await h.request('relist', 'tools/list');
  const call = { jsonrpc: '2.0' as const, id: 40, method: 'tools/call', params: { name: 'search__write' } };
  assert.equal(h.router.targetOf('client', call).candidates?.map((c) => c.name), ['s2']);
  const wrote = await h.request(40, 'tools/call', call.params);
  assert.equal((wrote as { result: JsonObject }).result.content, [{ type: 'text', text: 's2:write' }]);
  assert.not.ok(h.links.s1!.sent.some((m) => 'method' in m && m.method === 'tools/call'), 's1 does not serve write');
  const unknown = { ...call, id: 41, params: { name: 'search__nosuch' } };
  assert.equal(h.router.targetOf('client', unknown).candidates?.map((c) => c.name), ['s1', 's2'], 'a tool no member listed: every member, as before');
});

test('a call is in flight on the upstream serving it now: it moves with failover and ends with the answer', async () => {
  const h = await harness({ s1: { 'tools/call find': 'drop' }, s2: { 'tools/call find': 'hang' } });
  await h.router.send({ jsonrpc: '2.0', id: 30, method: 'tools/call', params: { name: 'search__find' } });
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(['gh', 's1', 's2'].map((u) => h.router.inFlightOn(u, 30)), [false, false, true]);
  const sent = h.links.s2!.sent.at(-1) as { id: number };
  h.links.s2!.onmessage!({ jsonrpc: '2.0', id: sent.id, result: { content: [] } });
  assert.not.ok(h.router.inFlightOn('s2', 30));
  assert.not.ok(h.router.inFlightOn('s2', 31), 'nor is a request never sent');
});

test('a log message names the upstream that sent it in its logger; the policy sees it as sent', async () => {
  const h = await harness();
  const sent: JsonRpcMessage[] = [
    { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', logger: 'db', data: 'connected' } },
    { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'warning', data: 'slow' } },
  ];
  const before = h.delivered.length;
  h.links.gh!.onmessage!(sent[0]!);
  h.links.s2!.onmessage!(sent[1]!);
  const delivered = h.delivered.slice(before);
  assert.equal(delivered.map((m) => (m as { params: JsonObject }).params), [
    { level: 'info', logger: 'gh/db', data: 'connected' },
    { level: 'warning', logger: 's2', data: 'slow' },
  ]);
  assert.equal(delivered.map((m) => h.router.targetOf('upstream', m).view?.message), sent);
});

test('an upstream\'s answer to no request in flight, late or never asked, and its cancellation of no request reach the mediator refused, to be journaled', async () => {
  const h = await harness({ s2: { 'tools/call find': 'hang' } });
  await h.router.send({ jsonrpc: '2.0', id: 40, method: 'tools/call', params: { name: 'search__find' } }, { route: ['s2'] });
  await new Promise((resolve) => setTimeout(resolve, 5));
  const sent = h.links.s2!.sent.at(-1) as { id: number };
  const before = h.delivered.length;
  h.links.gh!.onmessage!({ jsonrpc: '2.0', id: 999, result: { content: [] } });
  h.links.s2!.onmessage!({ jsonrpc: '2.0', id: sent.id + 1, result: { content: [] } });
  h.links.gh!.onmessage!({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 77 } });
  const stray = h.delivered.slice(before);
  assert.equal(stray.map((m) => [h.refused.get(m), h.router.targetOf('upstream', m).upstream]), [
    [STRAY_ANSWER, 'gh'], [STRAY_ANSWER, 's2'], [STRAY_CANCELLATION, 'gh'],
  ]);
  assert.ok(h.router.inFlightOn('s2', 40), 'the call in flight is untouched');
  h.links.s2!.onmessage!({ jsonrpc: '2.0', id: sent.id, result: { content: [] } });
  const answered = h.delivered.at(-1)!;
  assert.is((answered as { id: RequestId }).id, 40);
  assert.not.ok(h.refused.has(answered));
  h.links.s2!.onmessage!({ jsonrpc: '2.0', id: sent.id, result: { content: [] } });
  assert.is(h.refused.get(h.delivered.at(-1)!), STRAY_ANSWER, 'answered twice: the second is stray');
});

test('a pool\'s tool belongs to its first available replica, where a call goes by default, or to the replica meant', async () => {
  const h = await harness();
  assert.equal(h.router.toolOwner('search__find'), { upstream: 's1', name: 'find' });
  assert.equal(h.router.toolOwner('search__find', 's2'), { upstream: 's2', name: 'find' }, 'a decision made for s2 judges s2\'s definition');
  assert.equal(h.router.toolOwner('search__find', 'gh'), { upstream: 's1', name: 'find' }, 'an upstream outside the pool is not meant');
  h.links.s1!.down();
  assert.equal(h.router.toolOwner('search__find'), { upstream: 's2', name: 'find' });
  assert.is(h.router.targetOf('client', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'search__find' } }).upstream, 's2');
  assert.is(h.router.toolOwner('nobody__x'), undefined);
});

test('the policy\'s route picks the upstream; retry: true makes any call retryable', async () => {
  const h = await harness({ s2: { 'tools/call write': 'drop' } });
  const routed = await h.request(9, 'tools/call', { name: 'search__write' }, { route: ['s2', 's1'], retry: true });
  assert.equal((routed as { result: JsonObject }).result.content, [{ type: 'text', text: 's1:write' }]);
  assert.equal(h.attempts.filter((a) => a.requestId === 9).map((a) => a.upstream), ['s2', 's1']);
});

test('a server request goes to the client under a warden id and its answer back to the upstream that asked', async () => {
  const h = await harness();
  h.links.s2!.onmessage!({ jsonrpc: '2.0', id: 'ask-1', method: 'sampling/createMessage', params: {} });
  const asked = h.delivered.at(-1) as { id: RequestId; method: string };
  assert.is(asked.method, 'sampling/createMessage');
  assert.is(h.router.targetOf('upstream', asked as JsonRpcMessage).upstream, 's2');
  await h.router.send({ jsonrpc: '2.0', id: asked.id, result: { ok: true } });
  assert.equal(h.links.s2!.sent.at(-1), { jsonrpc: '2.0', id: 'ask-1', result: { ok: true } });
  assert.not.ok(h.links.s1!.sent.some((m) => !('method' in m)), 'no other upstream gets the answer');
});

test('progress on a server request goes only to the upstream that asked, under its own token', async () => {
  const h = await harness();
  const progressOf = (link: FakeLink): JsonRpcMessage[] => link.sent.filter((m) => 'method' in m && m.method === 'notifications/progress');
  h.links.s1!.onmessage!({ jsonrpc: '2.0', id: 'a', method: 'sampling/createMessage', params: { _meta: { progressToken: 7 } } });
  const fromS1 = h.delivered.at(-1) as unknown as { id: number; params: { _meta: { progressToken: RequestId } } };
  h.links.s2!.onmessage!({ jsonrpc: '2.0', id: 'b', method: 'elicitation/create', params: { _meta: { progressToken: 7 } } });
  const fromS2 = h.delivered.at(-1) as unknown as { id: number; params: { _meta: { progressToken: RequestId } } };
  assert.is.not(fromS1.params._meta.progressToken, fromS2.params._meta.progressToken, 'the client sees distinct tokens');
  await h.router.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: fromS2.params._meta.progressToken, progress: 1 } });
  assert.equal(progressOf(h.links.s2!), [{ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 7, progress: 1 } }]);
  assert.equal(progressOf(h.links.s1!), []);
  await h.router.send({ jsonrpc: '2.0', id: fromS2.id, result: {} });
  await h.router.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: fromS2.params._meta.progressToken, progress: 2 } });
  assert.is(progressOf(h.links.s2!).length, 1, 'no progress once the request was answered');
  assert.equal(progressOf(h.links.gh!), []);
});

test('an upstream that goes down leaves the lists (list_changed) and comes back after a new handshake', async () => {
  const h = await harness();
  const changes = (): number => h.delivered.filter((m) => 'method' in m && m.method === 'notifications/tools/list_changed').length;
  h.links.gh!.down();
  assert.is(changes(), 1);
  const without = await h.request(20, 'tools/list');
  assert.not.ok(((without as { result: JsonObject }).result.tools as JsonObject[]).some((t) => String(t.name).startsWith('gh__')));
  h.links.gh!.up();
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.is(h.links.gh!.sent.filter((m) => 'method' in m && m.method === 'initialize').length, 2, 'the client\'s initialize repeated');
  assert.is(changes(), 2);
  const back = await h.request(21, 'tools/list');
  assert.ok(((back as { result: JsonObject }).result.tools as JsonObject[]).some((t) => t.name === 'gh__read'));
});

test('an upstream down at initialize: every list is offered (listChanged), and the client is told of its prompts once it comes up', async () => {
  const prompter = (method: string, params: JsonObject): JsonObject | 'hang' => {
    if (method === 'initialize') return { protocolVersion: '2025-06-18', capabilities: { prompts: {} }, serverInfo: { name: 'p' } };
    return method === 'prompts/list' ? { prompts: [{ name: 'greet' }] } : server('p')(method, params) as JsonObject;
  };
  const gh = new FakeLink('gh', server('gh'));
  const late = new FakeLink('late', prompter);
  late.start = () => Promise.resolve(false);
  const { router, delivered } = await started([[gh, 'gh'], [late, 'late']]);
  await router.send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
  await new Promise((resolve) => setTimeout(resolve, 1));
  const result = (delivered.find((m) => 'id' in m && m.id === 0) as { result: JsonObject }).result;
  assert.equal(result.capabilities, { tools: { listChanged: true }, resources: { listChanged: true }, prompts: { listChanged: true } });
  await router.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  await router.send({ jsonrpc: '2.0', id: 1, method: 'prompts/list', params: {} });
  await new Promise((resolve) => setTimeout(resolve, 1));
  assert.equal((delivered.find((m) => 'id' in m && m.id === 1) as { result: JsonObject }).result, { prompts: [] }, 'empty while no upstream serves it');
  late.up();
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(delivered.some((m) => 'method' in m && m.method === 'notifications/prompts/list_changed'));
  await router.send({ jsonrpc: '2.0', id: 2, method: 'prompts/list', params: {} });
  await new Promise((resolve) => setTimeout(resolve, 1));
  assert.equal((delivered.find((m) => 'id' in m && m.id === 2) as { result: JsonObject }).result, { prompts: [{ name: 'late__greet' }] });
});

test('with every upstream up, a list no upstream offered is not offered, and its list_changed is refused, not delivered', async () => {
  const h = await harness();
  const answer = h.delivered.find((m) => 'id' in m && m.id === 0) as { result: JsonObject };
  assert.equal(Object.keys(answer.result.capabilities as JsonObject).sort(), ['resources', 'tools']);
  h.links.s1!.onmessage!({ jsonrpc: '2.0', method: 'notifications/prompts/list_changed' });
  h.links.gh!.onmessage!({ jsonrpc: '2.0', method: 'notifications/resources/list_changed' });
  const changes = h.delivered.filter((m) => 'method' in m && m.method.endsWith('/list_changed'));
  assert.equal(changes.map((m) => [(m as { method: string }).method, h.refused.get(m)]), [
    ['notifications/prompts/list_changed', UNOFFERED_LIST_CHANGED],
    ['notifications/resources/list_changed', undefined],
  ]);
});

test('an upstream that reconnects during the client\'s initialize keeps its new connection: its own handshake decides', async () => {
  let initializes = 0;
  const s1 = new FakeLink('s1', (method, params) => {
    if (method !== 'initialize') return server('s1')(method, params);
    initializes++;
    return initializes === 1 ? 'drop' : 'hang';
  });
  const gh = new FakeLink('gh', (method, params) => (method === 'initialize' ? 'hang' : server('gh')(method, params)));
  let rotations = 0;
  s1.rotate = (): void => void rotations++;
  const { router, delivered } = await started([[gh, 'gh'], [s1, 'search']]);
  await router.send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
  await new Promise((resolve) => setTimeout(resolve, 1));
  s1.up();
  const answerLast = (link: FakeLink, name: string): void => {
    const asked = link.sent.filter((m) => 'method' in m && m.method === 'initialize').at(-1) as { id: RequestId };
    link.onmessage!({ jsonrpc: '2.0', id: asked.id, result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name } } });
  };
  answerLast(gh, 'gh');
  assert.ok(delivered.some((m) => !('method' in m) && m.id === 0 && 'result' in m), 'the client\'s initialize is answered');
  assert.is(rotations, 0, 'the failed answer of the lost connection does not rotate the new one');
  answerLast(s1, 's1');
  await router.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  await router.send({ jsonrpc: '2.0', id: 'list', method: 'tools/list' });
  await new Promise((resolve) => setTimeout(resolve, 5));
  const list = delivered.find((m) => !('method' in m) && m.id === 'list') as unknown as { result: { tools: JsonObject[] } };
  assert.ok(list.result.tools.some((t) => t.name === 'search__find'), 'the reconnected upstream\'s tools are listed');
});

test('pause holds every upstream, and says so only if each could be held; resume releases them all', async () => {
  const { router, links } = await harness();
  assert.is(router.pause(), true);
  assert.ok(Object.values(links).every((link) => link.paused));
  router.resume();
  assert.ok(Object.values(links).every((link) => !link.paused));
  delete links.s2!.pause;
  assert.is(router.pause(), false, 'one upstream cannot be held');
  assert.ok(links.gh!.paused && links.s1!.paused, 'the others still are');
  router.resume();
});

test.run();
