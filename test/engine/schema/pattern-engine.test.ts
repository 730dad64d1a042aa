import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../engine/builtins/re2.js';
import { PER_MATCH, PER_MATCH_CHAR_INSTRUCTION } from '../../../engine/schema/costs.js';
import { ecmaToRe2 } from '../../../engine/schema/ecma-regex.js';
import { meteredRegExpEngine } from '../../../engine/schema/pattern-engine.js';
import { WorkMeter } from '../../../engine/schema/work-meter.js';

test('a match costs its text times the program size, and runs on RE2 in its RE2 form', () => {
  const meter = new WorkMeter();
  const re = meteredRegExpEngine(meter)('^(a+)+$', 'u');
  meter.start(1e9);
  assert.is(re.test(`${'a'.repeat(5000)}!`), false);
  assert.is(meter.spent, PER_MATCH + 5001 * compile(ecmaToRe2('^(a+)+$')).programSize() * PER_MATCH_CHAR_INSTRUCTION);
  assert.is(re.test('aaa'), true);
});

test.run();
