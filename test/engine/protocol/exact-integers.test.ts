import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildInput } from '../../../engine/decision/index.js';
import type { JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { keepExactIntegers } from '../../../engine/protocol/exact-integers.js';
import { holdsExactIntegers, messageText } from '../../../engine/protocol/message-text.js';
import { buildPolicy, PolicyStore } from '../../../engine/policy/index.js';
import { context } from '../decision/fixtures.js';
import { loadCases } from '../policy/paths.js';

interface Case { note: string; frame: string; forwarded?: string }

function decoded(frame: string): JsonRpcMessage {
  const message = JSON.parse(frame) as JsonRpcMessage;
  keepExactIntegers(frame, message);
  return message;
}

loadCases<Case>('test/engine/protocol/exact-integers.cases.yaml').forEach((c) => {
  test(c.note, () => {
    const message = decoded(c.frame);
    assert.is(messageText(message), c.forwarded ?? JSON.stringify(message));
    const payload = (message as { params?: object; result?: object; error?: object });
    assert.is(holdsExactIntegers((payload.params ?? payload.result ?? payload.error)!), c.forwarded !== undefined);
  });
});

test('the parsed value keeps the rounded number for what reads it in JavaScript', () => {
  const message = decoded('{"jsonrpc":"2.0","method":"n","params":{"n":12345678901234567890}}') as unknown as { params: { n: number } };
  assert.is(message.params.n, 12345678901234567000);
});

test('the policy sees the integer as written, also when it reads only part of the payload', async () => {
  const modules = {
    'whole.rego': 'package mcp\n\ndeny contains "n is ...891" if input.params.arguments.n == 12345678901234567891\n\ndeny contains "params" if count(input.params) > 5\n',
  };
  for (const source of [modules, { 'part.rego': 'package mcp\n\ndeny contains "n is ...891" if input.params.arguments.n == 12345678901234567891\n' }]) {
    const store = new PolicyStore(await buildPolicy({ modules: source, data: {} }));
    const reasons = (n: string): string[] => {
      const message = decoded(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"f","arguments":{"n":${n},"pad":"${'x'.repeat(64)}"}}}`);
      return store.decide(buildInput(message, context())).verdict.reasons;
    };
    // Both round to the same double: only the exact integers tell them apart.
    assert.not.ok(reasons('12345678901234567890').includes('n is ...891'));
    assert.ok(reasons('12345678901234567891').includes('n is ...891'));
  }
});

test.run();
