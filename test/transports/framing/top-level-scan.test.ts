import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { numberMarker } from '../../../engine/protocol/number-markers.js';
import { TopLevelScanner } from '../../../transports/framing/top-level-scan.js';

function scan(text: string): { id: unknown; hasMethod: boolean } {
  const scanner = new TopLevelScanner();
  for (const byte of Buffer.from(text, 'utf8')) scanner.push(Uint8Array.of(byte));
  const { id, hasMethod } = scanner.facts();
  return { id, hasMethod };
}

test('finds the top-level id wherever it is, ignoring nested ones', () => {
  assert.equal(scan('{"result":{"id":"inner","x":[{"id":9}]},"jsonrpc":"2.0","id":42}'), { id: 42, hasMethod: false });
  assert.equal(scan('{ "id" : "a\\"b\\u00e9" , "method":"tools/call","params":{"method":1}}'), { id: 'a"bé', hasMethod: true });
  assert.equal(scan('{"jsonrpc":"2.0","method":"x","params":{"id":3}}'), { id: undefined, hasMethod: true });
});

test('a number id a double cannot hold is reported as a marker of its text; ids that are no string or number are not reported', () => {
  assert.equal(scan('{"id":1.5,"result":{}}').id, numberMarker('1.5'));
  assert.equal(scan('{"id": 9007199254740993 ,"result":{}}').id, numberMarker('9007199254740993'));
  assert.equal(scan('{"id":1e400,"result":{}}').id, undefined);
  assert.equal(scan('{"id":[1],"result":{}}').id, undefined);
  assert.equal(scan('{"id":null,"error":{}}').id, undefined);
});

test('says whether an id was there at all, and whether the frame is an object', () => {
  const facts = (text: string) => {
    const scanner = new TopLevelScanner();
    scanner.push(Buffer.from(text, 'utf8'));
    const { hasId, isObject } = scanner.facts();
    return { hasId, isObject };
  };
  assert.equal(facts('{"id":{"o":1},"method":"ping","p":"yyyy'), { hasId: true, isObject: true });
  assert.equal(facts(' \n{"method":"ping"'), { hasId: false, isObject: true });
  assert.equal(facts('xxxxxxxx'), { hasId: false, isObject: false });
  assert.equal(facts('[{"id":1}]'), { hasId: false, isObject: false });
});

test.run();
