import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildInput } from '../../../engine/decision/input.js';
import { encodeInput, extendedPart, frozenPart, inputBuffer } from '../../../engine/decision/encode.js';
import { payloadText } from '../../../engine/protocol/message-text.js';
import { numberMarker } from '../../../engine/protocol/number-markers.js';
import { context } from './fixtures.js';

const input = buildInput({ jsonrpc: '2.0', id: 1, method: 'ping' }, context());

test('nanoseconds are written as an exact integer', () => {
  const text = encodeInput(input);
  assert.ok(text.includes('"ns":1735689600000000000'), text);
  assert.ok(text.endsWith('"time":{"ns":1735689600000000000,"rfc3339":"2025-01-01T00:00:00.000Z"}}'));
});

test('everything else round-trips through JSON', () => {
  const parsed = JSON.parse(encodeInput(input)) as Record<string, unknown>;
  const { time: _time, ...rest } = input;
  for (const [key, value] of Object.entries(rest)) assert.equal(parsed[key], value, key);
});

test('a payload whose text was taken is written as that text; any other as JSON.stringify writes it', () => {
  const small = { name: 'read_file', arguments: { path: 'a' } };
  const plain = encodeInput(buildInput({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: small }, context()));
  assert.ok(plain.includes(`"params":${JSON.stringify(small)}`), plain);
  const params = { name: 'write_file', arguments: { path: 'a', content: 'x\ny' } };
  payloadText(params);
  const call = buildInput({ jsonrpc: '2.0', id: 2, method: 'tools/call', params }, context());
  const text = encodeInput(call);
  assert.ok(text.includes(`"params":${payloadText(params)}`), text);
  assert.is(text.split('"params"').length, 2, text);
  const answered = buildInput({ jsonrpc: '2.0', id: 2, result: { content: [] } }, { ...context(), answers: { id: 2, method: 'tools/call', params } });
  const parsed = JSON.parse(encodeInput(answered)) as Record<string, unknown>;
  assert.equal(parsed.request, { id: 2, params });
  assert.equal(parsed.result, { content: [] });
  const unanswered = buildInput({ jsonrpc: '2.0', id: 3, result: {} }, { ...context(), answers: { id: 3, method: 'ping', params: null } });
  assert.equal((JSON.parse(encodeInput(unanswered)) as Record<string, unknown>).request, { id: 3, params: null });
  assert.equal(call.params, params, 'the input itself is left as it was');
});

test('precision beyond 2^53 survives', () => {
  const odd = { ...input, time: { rfc3339: 'x', ns: 1735689600123456789n } };
  assert.ok(encodeInput(odd).includes('"ns":1735689600123456789'));
});

test('an id past 2^53, carried as a marker, is written as its number: the policy reads every digit', () => {
  const id = numberMarker('9007199254740993');
  const request = encodeInput(buildInput({ jsonrpc: '2.0', id, method: 'ping' }, context()));
  assert.ok(request.includes('"id":9007199254740993,'), request);
  const answer = encodeInput(buildInput({ jsonrpc: '2.0', id, result: {} }, { ...context(), answers: { id, method: 'ping', params: null } }));
  assert.ok(answer.includes('"id":9007199254740993,') && answer.includes('"request":{"id":9007199254740993,'), answer);
  assert.not.ok(answer.includes(id));
});

test('frozen parts are encoded as JSON.stringify writes them, and again after a copy that differs', () => {
  const principal = frozenPart({ id: 'alice', authenticated_by: 'jwt', claims: { groups: ['ops'], 'é': 1 }, roles: ['ops'] });
  const session = frozenPart(input.session);
  const frozen = { ...input, principal, session };
  for (let round = 0; round < 2; round++) {
    const parsed = JSON.parse(encodeInput(frozen)) as Record<string, unknown>;
    assert.equal(parsed.principal, principal);
    assert.equal(parsed.session, input.session);
  }
  const other = frozenPart({ ...principal, id: 'bob' });
  assert.is((JSON.parse(encodeInput({ ...input, principal: other })) as { principal: { id: string } }).principal.id, 'bob');
});

test('a frozen part is a deep copy that cannot change under its cached text', () => {
  const claims = { groups: ['ops'] };
  const principal = frozenPart({ id: 'alice', authenticated_by: 'jwt', claims, roles: [] as string[] });
  claims.groups.push('admin');
  assert.ok(Object.isFrozen(principal.claims) && Object.isFrozen(principal.claims.groups));
  assert.throws(() => { (principal.roles as string[]).push('admin'); });
  assert.equal((JSON.parse(encodeInput({ ...input, principal })) as { principal: { claims: unknown } }).principal.claims, { groups: ['ops'] });
});

test('an object frozen elsewhere is encoded afresh each time, since only frozenPart freezes deeply', () => {
  const claims = { groups: ['ops'] };
  const principal = Object.freeze({ id: 'alice', authenticated_by: 'jwt', claims, roles: [] as string[] });
  encodeInput({ ...input, principal });
  claims.groups.push('admin');
  assert.equal((JSON.parse(encodeInput({ ...input, principal })) as { principal: { claims: unknown } }).principal.claims, { groups: ['ops', 'admin'] });
});

test('an extended part (a tool with its argument check) and a listing\'s tools are encoded as JSON.stringify writes them', () => {
  const base = frozenPart({ name: 'write_file', server: 's', known: true, annotations: { readOnlyHint: false } });
  const tool = extendedPart(base, { arguments_valid: false, argument_errors: [{ path: '/x', message: 'must be "string"' }] });
  const empty = extendedPart(frozenPart({}), { arguments_valid: true });
  const none = extendedPart(base, {});
  const overriding = extendedPart(base, { name: 'other' });
  for (const t of [tool, empty, none, overriding]) {
    const parsed = JSON.parse(encodeInput({ ...input, tool: t as never })) as { tool: unknown };
    assert.equal(parsed.tool, JSON.parse(JSON.stringify(t)));
  }
  const tools = { read_file: base, '1': tool, 'é "x"': frozenPart({ name: 'é "x"' }), plain: { name: 'plain' } };
  const listing = JSON.parse(encodeInput({ ...input, tools: tools as never })) as { tools: unknown };
  assert.equal(listing.tools, JSON.parse(JSON.stringify(tools)));
  assert.equal(Object.keys(listing.tools as object), Object.keys(tools));
});

const call = () => buildInput({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'write_file', arguments: { path: 'a', content: 'x' } } }, {
  ...context(), tool: { name: 'write_file', server: 's', known: true, hash: 'h', first_hash: 'h', first_seen: 't', changed: false, approved: true, changed_since_approval: false, annotations: { readOnlyHint: false } },
});

test('with what the policy reads, unread members are left out and payloads read in part are narrowed', () => {
  const text = encodeInput(call(), { method: true, params: { name: true }, tool: { annotations: true, hash: true } });
  assert.equal(JSON.parse(text), { method: 'tools/call', params: { name: 'write_file' }, tool: call().tool });
});

test('session, principal and time are written only when read, time with its exact nanoseconds', () => {
  assert.is(encodeInput(call(), {}), '{}');
  const text = encodeInput(call(), { time: { ns: true }, principal: true });
  assert.ok(text.endsWith(`"principal":${JSON.stringify(call().principal)},"time":{"ns":1735689600000000000,"rfc3339":"2025-01-01T00:00:00.000Z"}}`), text);
  assert.not.ok(text.includes('"session"'), text);
  assert.equal(encodeInput(call(), { session: true }), `{"session":${JSON.stringify(call().session)}}`);
});

test('reading everything writes what encodeInput writes without reads', () => {
  assert.is(encodeInput(call(), true), encodeInput(call()));
});

test('a taken payload is written whole unless narrowing leaves out one of its members', () => {
  const params = { name: 'write_file', arguments: { path: 'a', content: 'x\ny' } };
  payloadText(params);
  const input = buildInput({ jsonrpc: '2.0', id: 2, method: 'tools/call', params }, context());
  assert.ok(encodeInput(input, { params: { name: true, arguments: { path: true } } }).includes(`"params":${payloadText(params)}`));
  assert.equal(JSON.parse(encodeInput(input, { params: { name: true } })), { params: { name: 'write_file' } });
});

test('buffer form is exactly the UTF-8 of the text form', () => {
  const withUnicode = buildInput({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'é✓' } }, context());
  const text = encodeInput(withUnicode);
  const buffer = inputBuffer(text);
  assert.ok(buffer instanceof ArrayBuffer);
  assert.is(new TextDecoder().decode(buffer), text);
});

test.run();
