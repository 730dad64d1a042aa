/**
 * engine/router/lists.ts: a list paged across upstreams, whatever the upstreams are named. Their
 * names key the merged cursor, so names such as "constructor" or "__proto__" must page like any.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, JsonRpcMessage, RequestId } from '../../../engine/protocol/jsonrpc.js';
import { NameMap } from '../../../engine/router/names.js';
import { Router } from '../../../engine/router/router.js';
import { FakeLink, type Answer } from './fake-upstreams.js';

/** An upstream whose tools/list has one page per entry of `pages`, each but the last pointing to the next by its index. */
function paged(name: string, pages: string[][]): FakeLink {
  return new FakeLink(name, (method, params): Answer => {
    if (method === 'initialize') return { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name } };
    const page = params.cursor === undefined ? 0 : Number(params.cursor);
    const tools = pages[page]!.map((tool) => ({ name: tool, inputSchema: { type: 'object' } }));
    const result: JsonObject = { tools };
    if (page + 1 < pages.length) result.nextCursor = String(page + 1);
    return result;
  });
}

test('upstreams named like Object.prototype members page like any: each page once, none lost', async () => {
  const links = [paged('constructor', [['c0']]), paged('__proto__', [['p0'], ['p1']]), paged('toString', [['t0'], ['t1'], ['t2']])];
  const router = new Router({
    upstreams: links.map((link) => ({ link, private: false })),
    names: new NameMap([
      { upstream: 'constructor', prefix: 'ctor', separator: '__' },
      { upstream: '__proto__', prefix: 'proto', separator: '__' },
      { upstream: 'toString', prefix: 'str', separator: '__' },
    ]),
    serverInfo: { name: 'mcp-warden' }, attemptTimeoutMs: 0, fanOutTimeoutMs: 1000,
  });
  const delivered: JsonRpcMessage[] = [];
  router.onmessage = (m) => delivered.push(m);
  await router.start();
  const request = async (id: RequestId, method: string, params: JsonObject = {}): Promise<JsonObject> => {
    await router.send({ jsonrpc: '2.0', id, method, params });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const answer = delivered.find((m) => !('method' in m) && m.id === id);
    if (!answer || !('result' in answer)) throw new Error(`no result for ${method}: ${JSON.stringify(answer)}`);
    return answer.result;
  };
  await request('init', 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } });
  await router.send({ jsonrpc: '2.0', method: 'notifications/initialized' });

  const pages: string[][] = [];
  let cursor: unknown;
  for (let page = 0; page < 5 && (page === 0 || cursor !== undefined); page++) {
    const result = await request(`list-${page}`, 'tools/list', cursor === undefined ? {} : { cursor: cursor as string });
    pages.push((result.tools as JsonObject[]).map((t) => String(t.name)));
    cursor = result.nextCursor;
  }
  assert.equal(pages, [['ctor__c0', 'proto__p0', 'str__t0'], ['proto__p1', 'str__t1'], ['str__t2']]);
  const listed = (link: FakeLink): number => link.sent.filter((m) => 'method' in m && m.method === 'tools/list').length;
  assert.equal(links.map(listed), [1, 2, 3], 'each upstream asked for its own pages only');
  await router.close();
});

test.run();
