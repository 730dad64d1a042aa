/** ReportBuilder: every decision counted exactly once, changes grouped by kind, rule, reason and direction. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Change } from '../../../cli/replay/compare.js';
import type { Replayed } from '../../../cli/replay/decide.js';
import type { DecisionEntry } from '../../../cli/replay/journal.js';
import { ReportBuilder, type ReplayReport } from '../../../cli/replay/report.js';

function buildReport(results: Replayed[], examples: number): ReplayReport {
  const builder = new ReportBuilder(examples);
  for (const result of results) builder.add(result);
  return builder.finish();
}
import type { DecisionInput } from '../../../engine/decision/index.js';

function entry(seq: number, tool: string | null = null): DecisionEntry {
  return {
    seq, decision_id: `d-${seq}`, session_id: 's', upstream: 'u', direction: 'client_to_server', message_kind: 'request',
    method: 'tools/call', request_id: seq, tool, allow: true, reasons: [], failure: null,
  };
}
const input = {} as DecisionInput;
const replayed = (seq: number, changes: Change[], tool?: string): Replayed => ({ case: { kind: 'replay', entry: entry(seq, tool), input }, changes });
const deny = (reason: string): Change => ({ kind: 'allow_to_deny', rule: 'deny', reason });

const results: Replayed[] = [
  replayed(1, []),
  replayed(2, [deny('b')], 'write_file'),
  replayed(3, [deny('a'), deny('b')], 'write_file'),
  replayed(4, [deny('b')]),
  replayed(5, [{ kind: 'redactions_changed', rule: 'redactions', reason: '["x"]', direction: 'added' }, { kind: 'visible_tools_changed', rule: 'visible_tools', reason: 't', direction: 'removed' }]),
  replayed(6, [{ kind: 'deny_to_allow', rule: 'allow', reason: 'not allowed by policy: no allow rule matched' }]),
  { case: { kind: 'not_replayable', entry: entry(7), reason: 'input_not_recorded' }, changes: [] },
  { case: { kind: 'not_replayable', entry: entry(8), reason: 'input_too_large' }, changes: [] },
  { case: { kind: 'not_replayable', entry: entry(9), reason: 'input_not_recorded' }, changes: [] },
  { case: { kind: 'not_policy', entry: entry(10) }, changes: [] },
];

test('totals: each decision once; a decision with several changes is one changed decision', () => {
  const report = buildReport(results, 2);
  assert.equal(
    [report.decisions, report.replayed, report.unchanged, report.changed, report.notReplayable.count, report.notDecidedByPolicy],
    [10, 6, 1, 5, 3, 1],
  );
  assert.equal(report.counts, { allow_to_deny: 3, deny_to_allow: 1, reasons_changed: 0, redactions_changed: 1, visible_tools_changed: 1 });
  assert.equal(report.notReplayable.byReason, { input_not_recorded: 2, input_too_large: 1 });
  assert.equal(report.notReplayable.examples.map((e) => [e.seq, e.reason]), [[7, 'input_not_recorded'], [8, 'input_too_large']]);
});

test('groups: by kind in a fixed order, then most frequent first; examples capped per group', () => {
  const report = buildReport(results, 2);
  assert.equal(report.groups.map((g) => [g.kind, g.rule, g.reason, g.count, g.examples.map((e) => e.seq)]), [
    ['allow_to_deny', 'deny', 'b', 3, [2, 3]],
    ['allow_to_deny', 'deny', 'a', 1, [3]],
    ['deny_to_allow', 'allow', 'not allowed by policy: no allow rule matched', 1, [6]],
    ['redactions_changed', 'redactions', '["x"]', 1, [5]],
    ['visible_tools_changed', 'visible_tools', 't', 1, [5]],
  ]);
  assert.equal(report.groups[0]!.examples[0], { seq: 2, decision_id: 'd-2', direction: 'client_to_server', method: 'tools/call', tool: 'write_file' });
});

test('--examples 0 keeps the counts and drops the examples', () => {
  const report = buildReport(results, 0);
  assert.is(report.groups[0]!.count, 3);
  assert.ok(report.groups.every((g) => g.examples.length === 0));
  assert.is(report.notReplayable.examples.length, 0);
});

test('the same reason added and removed are separate groups', () => {
  const change = (direction: 'added' | 'removed'): Change => ({ kind: 'reasons_changed', rule: 'deny', reason: 'r', direction });
  const report = buildReport([replayed(1, [change('added')]), replayed(2, [change('removed')]), replayed(3, [change('added')])], 3);
  assert.equal(report.groups.map((g) => [g.direction, g.count]), [['added', 2], ['removed', 1]]);
});

test.run();
