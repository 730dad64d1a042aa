/**
 * Re-decides replayable cases with the candidate policy through the same path `warden run`
 * takes: the policy built with the warden decision wrapper (engine/policy buildPolicy), decided
 * by a PolicyStore, a throwing decider turned into a denial, and a request routed to an upstream
 * that could not serve it (not among the candidates its input recorded) denied (engine/mediator plan.ts).
 *
 * The recorded input holds the redaction marker where the recording redacted; the candidate
 * cannot see what was there, so a path the recording redacted counts as still redacted
 * (otherwise every content-based redaction would look dropped).
 */
import type { Decided, DecisionInput, RedactionPath } from '../../engine/decision/index.js';
import { REDACTED } from '../../engine/mediator/redact.js';
import { routed, safeDecide } from '../../engine/mediator/plan.js';
import { PolicyStore, type WardenPolicy } from '../../engine/policy/index.js';
import { compareOutcomes, type Change, type Outcome } from './compare.js';
import type { DecisionEntry } from './journal.js';
import type { ReplayCase } from './input.js';

export interface Replayed {
  case: ReplayCase;
  /** Empty when nothing changed or the case was not replayed. */
  changes: Change[];
}

/** Decides one case at a time, so that replay holds none of the others. */
export function replayer(policy: WardenPolicy): (c: ReplayCase) => Replayed {
  const store = new PolicyStore(policy);
  return (c) => {
    if (c.kind !== 'replay') return { case: c, changes: [] };
    const decided = routed(safeDecide(store, c.input), c.input.kind, c.input.upstream, candidateNames(c.input));
    const recorded = recordedOutcome(c.entry);
    const replayed = withKept(outcomeOf(decided), redactedInRecord(c.input, recorded.redactions));
    return { case: c, changes: compareOutcomes(recorded, replayed, listedTools(c.input.method, c.input.result)) };
  };
}

/**
 * The upstreams an aggregating session could have sent the request to, as its input recorded
 * them: a route to any of them stands, as it did live, not only a route to the upstream chosen.
 */
function candidateNames(input: DecisionInput): string[] | undefined {
  const candidates: unknown = input.candidates;
  if (!Array.isArray(candidates)) return undefined;
  return candidates.flatMap((c: unknown) => {
    const name = typeof c === 'object' && c !== null ? (c as { name?: unknown }).name : undefined;
    return typeof name === 'string' ? [name] : [];
  });
}

function recordedOutcome(entry: DecisionEntry): Outcome {
  return {
    allowed: entry.allow,
    reasons: entry.reasons,
    failure: entry.failure,
    redactions: entry.redactions ?? [],
    visibleTools: entry.visible_tools ?? null,
  };
}

function outcomeOf({ verdict }: Decided): Outcome {
  return { allowed: verdict.allowed, reasons: verdict.reasons, failure: verdict.failure, redactions: verdict.redactions, visibleTools: verdict.visibleTools };
}

function withKept(outcome: Outcome, kept: RedactionPath[]): Outcome {
  if (kept.length === 0) return outcome;
  const have = new Set(outcome.redactions.map((p) => JSON.stringify(p)));
  return { ...outcome, redactions: [...outcome.redactions, ...kept.filter((p) => !have.has(JSON.stringify(p)))] };
}

/** Recorded redaction paths whose value in the recorded payload is the marker. */
function redactedInRecord(input: DecisionInput, paths: readonly RedactionPath[]): RedactionPath[] {
  const payload: unknown = input.kind === 'request' || input.kind === 'notification' ? input.params : input.result;
  return paths.filter((p) => p.length > 0 && valueAt(payload, p) === REDACTED);
}

function valueAt(node: unknown, path: RedactionPath): unknown {
  let at = node;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    // Keys as redact() matches them: indexes into arrays, own string keys of objects.
    if (Array.isArray(at)) at = typeof key === 'number' ? at[key] : undefined;
    else at = typeof key === 'string' && Object.hasOwn(at, key) ? (at as Record<string, unknown>)[key] : undefined;
  }
  return at;
}

/** The tool names of a tools/list result, the only messages whose visible tools have an effect. */
function listedTools(method: string | null, result: unknown): string[] | undefined {
  if (method !== 'tools/list' || typeof result !== 'object' || result === null) return undefined;
  const tools = (result as { tools?: unknown }).tools;
  if (!Array.isArray(tools)) return undefined;
  return tools.flatMap((t: unknown) => {
    const name = typeof t === 'object' && t !== null ? (t as { name?: unknown }).name : undefined;
    return typeof name === 'string' ? [name] : [];
  });
}
