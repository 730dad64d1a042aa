/**
 * The wrapper's behaviour through the real compiler and SDK (no stand-ins): these fail, not
 * skip, while the compiler cannot yet compile what the contract needs.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPolicy } from '../../../engine/policy/build.js';
import { buildInput, type AnsweredRequest, type Direction, type ToolInfo } from '../../../engine/decision/input.js';
import type { JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { loadCases } from '../policy/paths.js';
import { context } from './fixtures.js';

interface Want {
  allowed: boolean;
  reasons?: string[];
  reason?: string;
  visible?: string[] | null;
  redactions?: unknown[];
  route?: string | null;
}
interface Message {
  message: JsonRpcMessage;
  direction?: Direction;
  answers?: AnsweredRequest;
  tools?: Record<string, Partial<ToolInfo>>;
  want: Want;
}
interface Case { note: string; modules: Record<string, string>; messages: Message[] }

function toolInfo(name: string, partial: Partial<ToolInfo>): ToolInfo {
  return { name, server: 'demo', known: true, hash: 'h', first_hash: 'h', first_seen: 't', changed: false, approved: false, changed_since_approval: false, annotations: {}, ...partial };
}

for (const c of loadCases<Case>('test/engine/decision/wrapper.cases.yaml')) {
  test(c.note, async () => {
    const policy = await buildPolicy({ modules: c.modules, data: {} });
    for (const m of c.messages) {
      const tools = m.tools ? Object.fromEntries(Object.entries(m.tools).map(([n, t]) => [n, toolInfo(n, t)])) : undefined;
      const isList = m.answers?.method === 'tools/list';
      const name = 'method' in m.message && m.message.method === 'tools/call' ? String(m.message.params?.name) : undefined;
      const input = buildInput(m.message, context({
        direction: m.direction ?? 'client_to_server',
        answers: m.answers,
        tools: isList ? tools : undefined,
        tool: name && tools?.[name] ? tools[name] : undefined,
      }));
      const v = policy.evaluate(input);
      const label = `${JSON.stringify(m.message)} -> ${JSON.stringify(v)}`;
      assert.is(v.allowed, m.want.allowed, label);
      if (m.want.reasons) assert.equal(v.reasons, m.want.reasons, label);
      if (m.want.reason) assert.ok(v.reasons.some((r) => r.includes(m.want.reason!)), label);
      if (m.want.visible !== undefined) assert.equal(v.visibleTools, m.want.visible, label);
      if (m.want.redactions) assert.equal(v.redactions, m.want.redactions, label);
      if (m.want.route !== undefined) assert.is(v.route, m.want.route, label);
    }
  });
}

test.run();
