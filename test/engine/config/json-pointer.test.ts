/** RFC 6901: `~` and `/` in keys survive a round trip through a pointer. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pointer, pointerSegment, splitPointer } from '../../../engine/config/json-pointer.js';

test('segments escape ~ before /', () => {
  assert.is(pointerSegment('a/b~c'), 'a~1b~0c');
  assert.is(pointerSegment('~1'), '~01');
  assert.is(pointerSegment(3), '3');
});

test('a pointer round-trips its keys', () => {
  const keys = ['listen', '0', 'a/b', '~1', ''];
  assert.is(pointer(...keys), '/listen/0/a~1b/~01/');
  assert.equal(splitPointer(pointer(...keys)), keys);
});

test('the empty pointer is the whole document', () => {
  assert.is(pointer(), '');
  assert.equal(splitPointer(''), []);
});

test.run();
