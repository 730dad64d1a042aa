/** The replay report as text for people (`pretty`) or as one JSON document for scripts (`json`). */
import { CHANGE_KINDS, type ChangeKind } from './compare.js';
import type { Example, Group, ReplayReport } from './report.js';

export type ReplayFormat = 'pretty' | 'json';

export interface ReplaySubject {
  journal: string;
  policies: string;
  policyDigest: string;
}

const TITLES: Record<ChangeKind, string> = {
  allow_to_deny: 'allow -> deny',
  deny_to_allow: 'deny -> allow',
  reasons_changed: 'reasons changed',
  redactions_changed: 'redactions changed',
  visible_tools_changed: 'visible tools changed',
};

/** Changes within a list say which way they go; outcome changes have no direction. */
const DIRECTION_WORDS: Partial<Record<ChangeKind, Record<'added' | 'removed', string>>> = {
  reasons_changed: { added: 'new reason', removed: 'reason gone' },
  redactions_changed: { added: 'newly redacted', removed: 'no longer redacted' },
  visible_tools_changed: { added: 'now shown', removed: 'now hidden' },
};

export function formatReport(report: ReplayReport, subject: ReplaySubject, format: ReplayFormat): string {
  return format === 'json' ? `${JSON.stringify(asJson(report, subject), null, 2)}\n` : pretty(report, subject);
}

function pretty(report: ReplayReport, subject: ReplaySubject): string {
  const { notReplayable } = report;
  const lines = [
    `replay of ${subject.journal} under ${subject.policies} (${subject.policyDigest})`,
    `decisions: ${report.decisions}  replayed: ${report.replayed}  unchanged: ${report.unchanged}  changed: ${report.changed}`,
    `not replayable: ${notReplayable.count}${reasonCounts(notReplayable.byReason)}`,
    ...notReplayable.examples.map((example) => `  ${describe(example)}: ${example.reason}`),
    `not decided by the policy: ${report.notDecidedByPolicy} (refused by the warden itself, not re-decided)`,
  ];
  for (const kind of CHANGE_KINDS) {
    lines.push('', `${TITLES[kind]}: ${report.counts[kind]}`);
    for (const group of report.groups.filter((g) => g.kind === kind)) {
      lines.push(`  ${groupTitle(group)}: ${group.count}`);
      for (const example of group.examples) lines.push(`    ${describe(example)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function reasonCounts(byReason: Record<string, number | undefined>): string {
  const parts = Object.entries(byReason).map(([reason, n]) => `${reason}: ${n}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function groupTitle(group: Group): string {
  const words = group.direction ? DIRECTION_WORDS[group.kind]?.[group.direction] : undefined;
  const subject = group.rule === 'redactions' || group.rule === 'visible_tools' ? group.reason : JSON.stringify(group.reason);
  return `[${group.rule}] ${words ? `${words} ` : ''}${subject}`;
}

function describe(e: Example): string {
  const what = [e.method ?? '(no method)', e.tool].filter((x) => x !== null).join(' ');
  return `seq ${e.seq} ${what} (${e.direction}, decision ${e.decision_id})`;
}

function asJson(report: ReplayReport, subject: ReplaySubject): Record<string, unknown> {
  return {
    journal: subject.journal,
    policies: subject.policies,
    policy_digest: subject.policyDigest,
    decisions: report.decisions,
    replayed: report.replayed,
    unchanged: report.unchanged,
    changed: report.changed,
    changes: report.counts,
    groups: report.groups,
    not_replayable: { count: report.notReplayable.count, by_reason: report.notReplayable.byReason, examples: report.notReplayable.examples },
    not_decided_by_policy: report.notDecidedByPolicy,
  };
}
