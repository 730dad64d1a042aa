import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WorkExhausted, WorkMeter } from '../../../engine/schema/work-meter.js';

test('spending past the budget throws, and a start gives a new budget', () => {
  const meter = new WorkMeter();
  meter.start(10);
  meter.spend(4);
  meter.spend(6);
  assert.is(meter.spent, 10);
  assert.throws(() => meter.spend(1), (e: unknown) => e instanceof WorkExhausted);
  meter.start(5);
  assert.is(meter.spent, 0);
  meter.spend(5);
});

test.run();
