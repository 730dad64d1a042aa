import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeArg, encodeResult, hasNonStringKeys, RegoDecimal, RegoSet, setOf } from '../../../engine/builtins/wire.js';

/** The SDK's view: what the runtime's JSON says, parsed by JSON.parse. */
const decode = (json: string, exact = false): unknown => decodeArg(JSON.parse(json), exact);
/** What the SDK writes into wasm memory for a result. */
const encode = (v: unknown): string => {
  const r = encodeResult(v);
  return r instanceof ArrayBuffer ? new TextDecoder().decode(r) : JSON.stringify(r);
};

test('sets decode to RegoSets, which are arrays', () => {
  const v = decode('{"$mcp_warden_set":[1,"a"]}');
  assert.ok(v instanceof RegoSet);
  assert.ok(Array.isArray(v));
  assert.equal([...(v as RegoSet)], [1, 'a']);
});

test('an object with non-string keys decodes keyed by their JSON text, marked as such', () => {
  const v = decode('{"$mcp_warden_entries":[[2,"x"],["a",{"$mcp_warden_set":[1]}],[{"$mcp_warden_set":[3]},null]]}') as Record<string, unknown>;
  assert.equal(Object.keys(v), ['2', 'a', '[3]']);
  assert.ok(v.a instanceof RegoSet);
  assert.ok(hasNonStringKeys(v));
  assert.not.ok(hasNonStringKeys(decode('{"2":"x"}')));
  assert.not.ok(hasNonStringKeys('x'));
  assert.throws(() => decode('{"$mcp_warden_entries":[[1]]}'));
});

test('a result that reads as the entries tag is escaped', () => {
  assert.is(encode({ $mcp_warden_entries: [] }), '{"$mcp_warden_object":{"$mcp_warden_entries":[]}}');
});

test('nested sets decode at every depth', () => {
  const v = decode('{"a":{"$mcp_warden_set":[{"$mcp_warden_set":[1]},[{"$mcp_warden_set":[]}]]}}') as { a: RegoSet };
  assert.ok(v.a instanceof RegoSet);
  assert.ok(v.a[0] instanceof RegoSet);
  assert.ok((v.a[1] as unknown[])[0] instanceof RegoSet);
  assert.not.ok(v.a[1] instanceof RegoSet);
});

test('mapping a set gives a plain array', () => {
  const s = setOf([1, 2]);
  assert.not.ok(s.map((x) => x) instanceof RegoSet);
  assert.not.ok(s.filter(() => true) instanceof RegoSet);
  assert.is(setOf([3]).length, 1);
  assert.is(setOf([3]).map((x) => x).length, 1);
});

test('big integers are bigints with exact numbers, rounded numbers without', () => {
  for (const digits of ['9007199254740993', '-9007199254740993', '123456789012345678901234567890', '-1670006453141828752']) {
    assert.is(decode(`{"$mcp_warden_number":"${digits}"}`, true), BigInt(digits));
    assert.is(decode(`{"$mcp_warden_number":"${digits}"}`, false), Number(digits));
  }
});

test('long decimals are RegoDecimals with exact numbers', () => {
  const v = decode('[{"$mcp_warden_number":"0.12345678901234567890"}]', true) as unknown[];
  assert.ok(v[0] instanceof RegoDecimal);
  assert.is((v[0] as RegoDecimal).text, '0.12345678901234567890');
  assert.equal(decode('[{"$mcp_warden_number":"0.12345678901234567890"}]'), [0.12345678901234567890]);
});

test('escaped objects decode to the object, its keys taken literally', () => {
  assert.equal(decode('{"$mcp_warden_object":{"$mcp_warden_set":[1]}}'), { $mcp_warden_set: [1] });
  const v = decode('{"$mcp_warden_object":{"$mcp_warden_object":{"$mcp_warden_object":{"$mcp_warden_number":"1"}}}}');
  assert.equal(v, { $mcp_warden_object: { $mcp_warden_number: '1' } });
  assert.equal(decode('{"$mcp_warden_set":[1],"b":2}'), { $mcp_warden_set: [1], b: 2 });
});

test('a "__proto__" key stays a member through decoding', () => {
  const v = decode('{"__proto__":{"$mcp_warden_set":[1]},"z":{"$mcp_warden_set":[2]}}') as Record<string, unknown>;
  assert.ok(Object.hasOwn(v, '__proto__'));
  assert.ok(v['__proto__'] instanceof RegoSet);
  assert.is(Object.getPrototypeOf(v), Object.prototype);
});

test('malformed tags throw (the call becomes undefined)', () => {
  assert.throws(() => decode('{"$mcp_warden_set":1}'));
  assert.throws(() => decode('{"$mcp_warden_number":1}'));
  assert.throws(() => decode('{"$mcp_warden_object":[1]}'));
});

test('values without tags decode to themselves, without a copy', () => {
  const v = JSON.parse('{"a":[1,{"b":"c"}],"d":2.5}');
  assert.is(decodeArg(v, true), v);
  assert.is(encodeResult(v), v);
});

test('results encode sets, nested sets and tag-like objects; exact numbers are written as digits', () => {
  assert.is(encode(setOf([1, setOf(['a'])])), '{"$mcp_warden_set":[1,{"$mcp_warden_set":["a"]}]}');
  assert.ok(encodeResult(1n) instanceof ArrayBuffer);
  assert.is(encode({ t: 1670006453141828752n, n: -9007199254740993n }), '{"t":1670006453141828752,"n":-9007199254740993}');
  assert.is(encode([new RegoDecimal('1.00000000000000000001')]), '[1.00000000000000000001]');
  assert.is(encode(setOf([2n ** 64n, { $mcp_warden_set: 'x', u: undefined }, [undefined]])), '{"$mcp_warden_set":[18446744073709551616,{"$mcp_warden_object":{"$mcp_warden_set":"x"}},[null]]}');
  assert.is(encode({ $mcp_warden_number: '12' }), '{"$mcp_warden_object":{"$mcp_warden_number":"12"}}');
  assert.is(encode({ $mcp_warden_set: setOf([1]), x: 1 }), '{"$mcp_warden_set":{"$mcp_warden_set":[1]},"x":1}');
  assert.is(encode([0.1, 2, 'x', null, true]), '[0.1,2,"x",null,true]');
});

test('encoding then decoding gives the value back', () => {
  const values: unknown[] = [
    setOf([setOf([1]), [0.5, 'x']]),
    { $mcp_warden_set: { $mcp_warden_object: setOf([]) } },
  ];
  for (const v of values) assert.equal(decode(encode(v), true), v);
});

test.run();
