/**
 * What changed between the recorded decision and the candidate's, in terms of effect: the
 * outcome (allow/deny), the reasons a message is still denied for, the redactions an allowed
 * message still gets, and the tools a still-allowed `tools/list` result shows. Each change is
 * attributed to the decision rule it comes from and one reason, path or tool, which is what the
 * report groups by.
 */
import { NOT_ALLOWED, type RedactionPath } from '../../engine/decision/index.js';

export interface Outcome {
  allowed: boolean;
  reasons: readonly string[];
  /** The fail-closed reason when no policy answer was used (evaluation error, bad document). */
  failure: string | null;
  redactions: readonly RedactionPath[];
  visibleTools: readonly string[] | null;
}

export type ChangeKind = 'allow_to_deny' | 'deny_to_allow' | 'reasons_changed' | 'redactions_changed' | 'visible_tools_changed';
export const CHANGE_KINDS: readonly ChangeKind[] = ['allow_to_deny', 'deny_to_allow', 'reasons_changed', 'redactions_changed', 'visible_tools_changed'];

/** `allow` (nothing allowed it), `deny` (a deny reason), `failure` (failed closed), or the rule named. */
export type Rule = 'allow' | 'deny' | 'failure' | 'redactions' | 'visible_tools';

export interface Change {
  kind: ChangeKind;
  rule: Rule;
  /** A deny reason, a redaction path (JSON), or a tool name. */
  reason: string;
  /** For changes within a list: whether the candidate adds it (a reason, a path, a shown tool) or drops it. */
  direction?: 'added' | 'removed';
}

/** `listed`: the tool names of a `tools/list` result, when the message is one. */
export function compareOutcomes(recorded: Outcome, replayed: Outcome, listed?: readonly string[]): Change[] {
  if (recorded.allowed && !replayed.allowed) return replayed.reasons.map((reason) => denial('allow_to_deny', replayed, reason));
  if (!recorded.allowed && replayed.allowed) return recorded.reasons.map((reason) => denial('deny_to_allow', recorded, reason));
  if (!recorded.allowed) {
    return listChanges(recorded.reasons, replayed.reasons).map(({ item, direction }) => ({
      ...denial('reasons_changed', direction === 'added' ? replayed : recorded, item), direction,
    }));
  }
  const paths = (o: Outcome) => o.redactions.map((p) => JSON.stringify(p));
  const changes: Change[] = listChanges(paths(recorded), paths(replayed))
    .map(({ item, direction }) => ({ kind: 'redactions_changed', rule: 'redactions', reason: item, direction }));
  if (listed) {
    const shown = (o: Outcome) => listed.filter((name) => o.visibleTools?.includes(name) === true);
    for (const { item, direction } of listChanges(shown(recorded), shown(replayed))) {
      changes.push({ kind: 'visible_tools_changed', rule: 'visible_tools', reason: item, direction });
    }
  }
  return changes;
}

function denial(kind: ChangeKind, outcome: Outcome, reason: string): Change {
  return { kind, rule: ruleOf(outcome, reason), reason };
}

function ruleOf(outcome: Outcome, reason: string): Rule {
  if (outcome.failure !== null && reason === outcome.failure) return 'failure';
  return reason === NOT_ALLOWED ? 'allow' : 'deny';
}

function listChanges(before: readonly string[], after: readonly string[]): { item: string; direction: 'added' | 'removed' }[] {
  const was = new Set(before);
  const now = new Set(after);
  return [
    ...[...now].filter((x) => !was.has(x)).sort().map((item) => ({ item, direction: 'added' as const })),
    ...[...was].filter((x) => !now.has(x)).sort().map((item) => ({ item, direction: 'removed' as const })),
  ];
}
