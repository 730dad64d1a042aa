import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scanFrameId } from '../../../transports/ws/frame-id.js';

const scan = (text: string) => scanFrameId(Buffer.from(text, 'utf8'));

test('finds id and method wherever they are, skipping large and nested values', () => {
  assert.equal(scan('{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{}}'), { id: 7, hasMethod: true });
  assert.equal(scan(' { "params" : {"id":99,"method":"x","s":"}\\"]"} , "id" : "a\\"b" , "method":"m"}'), { id: 'a"b', hasMethod: true });
  assert.equal(scan('{"result":[1,[2,{"id":3}]],"id":null,"jsonrpc":"2.0"}'), { id: null, hasMethod: false });
});

test('notifications and unusable ids report no id', () => {
  assert.equal(scan('{"jsonrpc":"2.0","method":"notifications/x","params":{"pad":"xxxx"}}'), { hasMethod: true });
  assert.equal(scan('{"id":9007199254740993,"method":"a"}'), { hasMethod: true });
  assert.equal(scan('{"id":{"a":1},"method":"a"}'), { hasMethod: true });
  assert.equal(scan(`{"id":"${'x'.repeat(2000)}","method":"a"}`), { hasMethod: true });
});

test('escaped keys are recognised; malformed frames yield what came before the damage', () => {
  assert.equal(scan('{"\\u0069d":5,"method":"a"}'), { id: 5, hasMethod: true });
  assert.equal(scan('{"id":5,"params":{"unterminated'), { id: 5, hasMethod: false });
  assert.equal(scan('[{"id":1}]'), { hasMethod: false });
  assert.equal(scan(''), { hasMethod: false });
  assert.equal(scan('{"id" 5}'), { hasMethod: false });
});

test.run();
