import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isNumberMarker, journaledId, markedLiteral, numberMarker, unmarkNumbers } from '../../../engine/protocol/number-markers.js';

test('a marker stands for its literal until JSON is written, where it is the number again', () => {
  for (const literal of ['9007199254740993', '-12345678901234567890', '1.5', '1e300']) {
    const marker = numberMarker(literal);
    assert.ok(isNumberMarker(marker));
    assert.is(markedLiteral(marker), literal);
    assert.is(unmarkNumbers(JSON.stringify({ id: marker, s: literal })), `{"id":${literal},"s":"${literal}"}`);
  }
});

test('no string a peer writes is a marker', () => {
  for (const text of ['9007199254740993', ':9007199254740993', '', 'id']) assert.not.ok(isNumberMarker(text));
  assert.not.ok(isNumberMarker(9007199254740993));
});

test('the journal keeps a marked id as the string of its digits, any other id as it is', () => {
  assert.is(journaledId(numberMarker('9007199254740993')), '9007199254740993');
  for (const id of [7, 'seven', null]) assert.is(journaledId(id), id);
});

test.run();
