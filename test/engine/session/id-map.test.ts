import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IdAllocator, IdMap, type Mapping } from '../../../engine/session/id-map.js';

test('a reused client id gets distinct forwarded ids and maps back to itself', () => {
  const map = new IdMap<string>();
  const a = map.assign(1, 'first');
  const b = map.assign(1, 'second');
  assert.is.not(a, b);
  assert.equal(withoutTime(map.settle(b)), { originalId: 1, forwardedId: b, info: 'second' });
  assert.equal(withoutTime(map.settle(a)), { originalId: 1, forwardedId: a, info: 'first' });
  assert.is(map.size, 0);
});

test('string and number ids are kept as sent', () => {
  const map = new IdMap<null>();
  const s = map.assign('1', null);
  const n = map.assign(1, null);
  assert.is(map.settle(s)?.originalId, '1');
  assert.is(map.settle(n)?.originalId, 1);
});

test('a response settles once; unknown and non-numeric ids settle nothing', () => {
  const map = new IdMap<null>();
  const id = map.assign('x', null);
  assert.ok(map.settle(id));
  assert.is(map.settle(id), undefined);
  assert.is(map.settle(999), undefined);
  assert.is(map.settle(String(id)), undefined);
  assert.is(map.settle(null), undefined);
});

test('sessions sharing an allocator never share a forwarded id', () => {
  const shared = new IdAllocator();
  const one = new IdMap<null>(shared);
  const two = new IdMap<null>(shared);
  const ids = [one.assign(1, null), two.assign(1, null), one.assign(2, null), two.assign(1, null)];
  assert.is(new Set(ids).size, 4);
  assert.is(one.settle(ids[1]!), undefined, 'a session cannot settle another session\'s id');
});

test('forwardedFor and originalFor translate while pending', () => {
  const map = new IdMap<null>();
  const first = map.assign(5, null);
  assert.is(map.forwardedFor(5), first);
  assert.is(map.originalFor(first), 5);
  const second = map.assign(5, null);
  assert.is(map.forwardedFor(5), second, 'the latest request under a reused id');
  map.settle(first);
  assert.is(map.forwardedFor(5), second, 'settling an older one keeps the latest');
  map.settle(second);
  assert.is(map.forwardedFor(5), undefined);
  assert.is(map.originalFor(second), undefined);
});

test('drain empties the map, oldest first', () => {
  const map = new IdMap<string>();
  map.assign(1, 'a');
  map.assign(2, 'b');
  assert.equal(map.drain().map((m) => m.info), ['a', 'b']);
  assert.is(map.size, 0);
  assert.is(map.forwardedFor(1), undefined);
});

test.run();

test('sentBefore lists the requests forwarded before a time, oldest first, without settling them', async () => {
  const map = new IdMap<string>();
  const a = map.assign('a', 'old');
  await new Promise((resolve) => setTimeout(resolve, 5));
  const cut = performance.now();
  map.assign('b', 'young');
  assert.equal(map.sentBefore(cut).map((m) => m.forwardedId), [a]);
  assert.is(map.size, 2);
});

function withoutTime<T>(mapping: Mapping<T> | undefined): Omit<Mapping<T>, 'sentAt'> | undefined {
  if (!mapping) return undefined;
  const { sentAt, ...rest } = mapping;
  assert.type(sentAt, 'number');
  return rest;
}
