/**
 * Scripted upstreams behind a Router, for the router's tests: each FakeLink answers requests from
 * a script (a result, no answer, or a lost connection), and the harness runs the client's
 * handshake and first tools/list over three upstreams: gh alone, s1 and s2 a pool (`search`).
 */
import type { JsonObject, JsonRpcMessage, RequestId } from '../../../engine/protocol/jsonrpc.js';
import type { AttemptRecord } from '../../../engine/router/calls.js';
import type { UpstreamLink } from '../../../engine/router/link.js';
import { NameMap } from '../../../engine/router/names.js';
import { Router } from '../../../engine/router/router.js';

export type Answer = JsonObject | 'hang' | 'drop';

/** A link whose upstream answers requests with `reply` (a result, no answer, or a lost connection). */
export class FakeLink implements UpstreamLink {
  onmessage?: UpstreamLink['onmessage'];
  onup?: () => void;
  ondown?: (reason: string) => void;
  onerror?(error: Error): void;
  readonly endpoint = 'fake';
  connected = false;
  readonly sent: JsonRpcMessage[] = [];
  constructor(readonly name: string, readonly reply: (method: string, params: JsonObject) => Answer, readonly endpointCount = 1) {}
  start(): Promise<boolean> {
    this.up();
    return Promise.resolve(true);
  }
  up(): void {
    this.connected = true;
    this.onup?.();
  }
  down(): void {
    this.connected = false;
    this.ondown?.('gone');
  }
  send(message: JsonRpcMessage): Promise<void> {
    this.sent.push(message);
    if ('method' in message && 'id' in message) {
      const answer = this.reply(message.method, message.params ?? {});
      if (answer === 'drop') queueMicrotask(() => this.down());
      else if (answer !== 'hang') queueMicrotask(() => this.onmessage?.({ jsonrpc: '2.0', id: message.id, result: answer }));
    }
    return Promise.resolve();
  }
  rotate(): void {
    this.down();
    queueMicrotask(() => this.up());
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  /** Absent where a test makes the link unpausable. */
  pause?: () => boolean = () => (this.paused = true);
  paused = false;
  resume(): void {
    this.paused = false;
  }
}

const TOOLS: Record<string, JsonObject[]> = {
  gh: [{ name: 'get-env' }, { name: 'read', annotations: { readOnlyHint: true } }],
  s1: [{ name: 'find', annotations: { readOnlyHint: true } }, { name: 'write' }],
  s2: [{ name: 'find', annotations: { readOnlyHint: true } }, { name: 'write' }],
};

export function server(name: string, overrides: Record<string, Answer> = {}): (method: string, params: JsonObject) => Answer {
  return (method, params): Answer => {
    const key = `${method} ${String(params.name ?? params.uri ?? '')}`.trim();
    if (overrides[key] !== undefined) return overrides[key]!;
    switch (method) {
      case 'initialize': return { protocolVersion: '2025-06-18', capabilities: { tools: {}, resources: {} }, serverInfo: { name } };
      case 'tools/list': return { tools: TOOLS[name]! };
      case 'resources/read': return { contents: [{ uri: String(params.uri), text: 'x' }] };
      default: return { content: [{ type: 'text', text: `${name}:${String(params.name)}` }] };
    }
  };
}

export interface Harness {
  router: Router;
  links: Record<string, FakeLink>;
  delivered: JsonRpcMessage[];
  /** The reason each delivered message was refused with (ReceivedExtra.refused), if any. */
  refused: Map<JsonRpcMessage, string>;
  attempts: AttemptRecord[];
  request(id: RequestId, method: string, params?: JsonObject, options?: { route?: string[]; retry?: boolean }): Promise<JsonRpcMessage>;
}

/** `attemptTimeoutMs`: 0 (never) unless a test times attempts. */
export async function harness(overrides: Record<string, Record<string, Answer>> = {}, attemptTimeoutMs = 0): Promise<Harness> {
  const links = Object.fromEntries(['gh', 's1', 's2'].map((n) => [n, new FakeLink(n, server(n, overrides[n]), n === 's1' ? 2 : 1)]));
  const names = new NameMap([
    { upstream: 'gh', prefix: 'gh', separator: '__' },
    { upstream: 's1', prefix: 'search', separator: '__' },
    { upstream: 's2', prefix: 'search', separator: '__' },
  ]);
  const router = new Router({
    upstreams: Object.values(links).map((link) => ({ link, private: link.name === 's2' })),
    names, serverInfo: { name: 'mcp-warden' }, attemptTimeoutMs, fanOutTimeoutMs: 1000,
  });
  const delivered: JsonRpcMessage[] = [];
  const refused = new Map<JsonRpcMessage, string>();
  const attempts: AttemptRecord[] = [];
  router.onmessage = (m, extra) => {
    delivered.push(m);
    if (extra?.refused !== undefined) refused.set(m, extra.refused);
  };
  router.onattempt = (a) => attempts.push(a);
  await router.start();
  const request = async (id: RequestId, method: string, params: JsonObject = {}, options = {}): Promise<JsonRpcMessage> => {
    await router.send({ jsonrpc: '2.0', id, method, params }, options);
    for (let i = 0; i < 20; i++) {
      const answer = delivered.find((m) => !('method' in m) && m.id === id);
      if (answer) return answer;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    throw new Error(`no answer to ${method}`);
  };
  await request(0, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } });
  await router.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  await request('list', 'tools/list');
  return { router, links, delivered, refused, attempts, request };
}
