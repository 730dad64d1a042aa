import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tzdataAbbreviation } from '../../../engine/builtins/zone-abbreviation.js';

test('an offset read from the table, through the changes one offset had', () => {
  assert.is(tzdataAbbreviation('Asia/Tokyo', 1704067200, 32400), 'JST');
  assert.is(tzdataAbbreviation('Europe/Moscow', 670373999, 10800), 'MSK');
  assert.is(tzdataAbbreviation('Europe/Moscow', 670374000, 10800), 'EEST');
});

test('a zone or an offset the table lacks has no abbreviation', () => {
  assert.is(tzdataAbbreviation('Mars/Olympus_Mons', 0, 0), undefined);
  assert.is(tzdataAbbreviation('asia/tokyo', 0, 32400), undefined);
  assert.is(tzdataAbbreviation('Asia/Tokyo', 0, 3600), undefined);
  assert.is(tzdataAbbreviation('constructor', 0, 0), undefined);
});

test.run();
