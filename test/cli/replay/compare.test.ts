import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compareOutcomes, type Change, type Outcome } from '../../../cli/replay/compare.js';
import type { RedactionPath } from '../../../engine/decision/index.js';
import { loadCases } from '../../engine/policy/paths.js';

interface CaseOutcome { allowed: boolean; reasons?: string[]; failure?: string; redactions?: RedactionPath[]; visible?: string[] | null }
interface Case { note: string; recorded: CaseOutcome; replayed: CaseOutcome; listed?: string[]; want: Change[] }

function outcome(o: CaseOutcome): Outcome {
  return { allowed: o.allowed, reasons: o.reasons ?? [], failure: o.failure ?? null, redactions: o.redactions ?? [], visibleTools: o.visible ?? null };
}

for (const c of loadCases<Case>('test/cli/replay/compare.cases.yaml')) {
  test(c.note, () => {
    assert.equal(compareOutcomes(outcome(c.recorded), outcome(c.replayed), c.listed), c.want);
  });
}

test.run();
