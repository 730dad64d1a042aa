import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultUpstreamName } from '../../../cli/config/upstream-name.js';
import { loadCases } from '../../engine/policy/paths.js';

interface Case { command: string[]; name: string; note?: string }

for (const c of loadCases<Case>('test/cli/config/upstream-name.cases.yaml')) {
  test(`${c.command.join(' ')} → ${c.name}${c.note ? ` (${c.note})` : ''}`, () => {
    assert.is(defaultUpstreamName(c.command), c.name);
  });
}

test.run();
