/**
 * The replay diff as data: how many decisions were replayed and changed, the changes counted
 * per kind and grouped by kind, rule and reason (most frequent first), with a few example
 * decisions per group, and every entry that could not be replayed counted by why. Nothing is
 * dropped: each decision entry is exactly one of replayed, not replayable or not the policy's.
 */
import { CHANGE_KINDS, type ChangeKind, type Rule } from './compare.js';
import type { Replayed } from './decide.js';
import type { DecisionEntry } from './journal.js';
import type { NotReplayableReason } from './input.js';

export interface Example {
  seq: number;
  decision_id: string;
  direction: string;
  method: string | null;
  tool: string | null;
}

export interface Group {
  kind: ChangeKind;
  rule: Rule;
  reason: string;
  direction?: 'added' | 'removed';
  /** Decisions with this change. */
  count: number;
  examples: Example[];
}

export interface ReplayReport {
  decisions: number;
  replayed: number;
  unchanged: number;
  /** Decisions with at least one change (a decision may count under several kinds). */
  changed: number;
  counts: Record<ChangeKind, number>;
  groups: Group[];
  notReplayable: { count: number; byReason: Partial<Record<NotReplayableReason, number>>; examples: (Example & { reason: NotReplayableReason })[] };
  /** Refused by the warden itself (malformed, unmatched, shutting down): no policy can change them. */
  notDecidedByPolicy: number;
}

/**
 * The report, one replayed decision at a time: it keeps counts, groups and their few examples,
 * never the decisions, so replay's memory does not grow with the journal.
 */
export class ReportBuilder {
  private readonly groups = new Map<string, Group>();
  private readonly report: ReplayReport = {
    decisions: 0, replayed: 0, unchanged: 0, changed: 0, counts: Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Record<ChangeKind, number>, groups: [],
    notReplayable: { count: 0, byReason: {}, examples: [] }, notDecidedByPolicy: 0,
  };

  constructor(private readonly examplesPerGroup: number) {}

  add({ case: c, changes }: Replayed): void {
    const { report } = this;
    report.decisions++;
    if (c.kind === 'not_policy') report.notDecidedByPolicy++;
    if (c.kind === 'not_replayable') countNotReplayable(report, c.entry, c.reason, this.examplesPerGroup);
    if (c.kind !== 'replay') return;
    report.replayed++;
    if (changes.length === 0) report.unchanged++;
    else report.changed++;
    for (const kind of new Set(changes.map((change) => change.kind))) report.counts[kind]++;
    for (const change of changes) {
      const key = JSON.stringify([change.kind, change.rule, change.reason, change.direction ?? '']);
      const group = this.groups.get(key) ?? { ...change, count: 0, examples: [] };
      this.groups.set(key, group);
      group.count++;
      if (group.examples.length < this.examplesPerGroup) group.examples.push(exampleOf(c.entry));
    }
  }

  finish(): ReplayReport {
    return { ...this.report, groups: [...this.groups.values()].sort(byKindThenCount) };
  }
}

function countNotReplayable(report: ReplayReport, entry: DecisionEntry, reason: NotReplayableReason, examples: number): void {
  const { notReplayable } = report;
  notReplayable.count++;
  notReplayable.byReason[reason] = (notReplayable.byReason[reason] ?? 0) + 1;
  if (notReplayable.examples.length < examples) notReplayable.examples.push({ ...exampleOf(entry), reason });
}

function exampleOf(entry: DecisionEntry): Example {
  return { seq: entry.seq, decision_id: entry.decision_id, direction: entry.direction, method: entry.method ?? null, tool: entry.tool ?? null };
}

function byKindThenCount(a: Group, b: Group): number {
  return CHANGE_KINDS.indexOf(a.kind) - CHANGE_KINDS.indexOf(b.kind)
    || b.count - a.count
    || a.rule.localeCompare(b.rule)
    || a.reason.localeCompare(b.reason)
    || (a.direction ?? '').localeCompare(b.direction ?? '');
}
