/**
 * A request to a pool (several upstreams sharing a namespace) may reach any of them: first along
 * its route, then on failover. Each member serves its own definition of a tool (its own first-seen
 * hash, approval and inputSchema), so a verdict made on one member's definition says nothing of
 * another's. The request is therefore decided once for every upstream of its route, each time as
 * going there (`input.upstream` and `input.tool` of that upstream), and may go only to those whose
 * own decision allows it. The journal entry is the decision of the upstream it goes to first;
 * `parts` names every decision made for it.
 */
import type { RedactionPath } from '../decision/document.js';
import type { Candidate } from '../decision/input.js';
import { failClosed, routeList, type Verdict } from '../decision/verdict.js';
import type { MessageTarget } from '../session/session.js';
import type { DecisionPart } from './audit.js';
import type { Step } from './plan-parts.js';

interface Decision {
  upstream: string;
  step: Step;
}

/** A client request naming a pool: one of several upstreams will serve it. */
export function isPooled(target: MessageTarget): boolean {
  return target.view !== undefined && (target.candidates?.length ?? 0) > 1;
}

/** `decideFor(upstream)` decides the request as going to that upstream. */
export function decidePooled(target: MessageTarget, decideFor: (upstream: string) => Step): Step {
  const first: Decision = { upstream: target.upstream, step: decideFor(target.upstream) };
  const route = routeOf(first.step.decided.verdict, target.candidates!);
  // A failed evaluation, or a route naming no member, fails for every member alike.
  if (first.step.decided.verdict.failure !== null || route.length === 0) return first.step;
  if (route.length === 1 && route[0] === first.upstream) return first.step;
  const decided = route.map((upstream) => (upstream === first.upstream ? first : { upstream, step: decideFor(upstream) }));
  const made = route.includes(first.upstream) ? decided : [first, ...decided];
  const parts = made.map(partOf);
  const kept = decided.filter((d) => sendsTo(d.step.decided.verdict, d.upstream));
  if (kept.length === 0) return { ...refusal(decided[0]!), parts };
  const lead = kept.find((d) => isAvailable(target.candidates!, d.upstream)) ?? kept[0]!;
  const verdict = combined(lead.step.decided.verdict, kept);
  return { ...lead.step, upstream: lead.upstream, decided: { ...lead.step.decided, verdict }, parts };
}

/** The members the policy routed the request to, in its order; every member when it named none. */
function routeOf(verdict: Verdict, candidates: readonly Candidate[]): string[] {
  const members = candidates.map((c) => c.name);
  return verdict.route === null ? members : routeList(verdict).filter((name) => members.includes(name));
}

/** The decision made for `upstream` allows the request there (a route it set elsewhere does not). */
function sendsTo(verdict: Verdict, upstream: string): boolean {
  return verdict.allowed && (verdict.route === null || routeList(verdict).includes(upstream));
}

function isAvailable(candidates: readonly Candidate[], upstream: string): boolean {
  return candidates.some((c) => c.name === upstream && c.available);
}

/**
 * One request goes out, to whichever member serves it: it carries every path any allowing
 * decision redacts, and may be sent again only if each of them says so.
 */
function combined(lead: Verdict, kept: readonly Decision[]): Verdict {
  const verdicts = kept.map((d) => d.step.decided.verdict);
  return { ...lead, route: kept.map((d) => d.upstream), retry: verdicts.every((v) => v.retry === true), redactions: unionOf(verdicts.map((v) => v.redactions)) };
}

function unionOf(sets: ReadonlyArray<readonly RedactionPath[]>): RedactionPath[] {
  const seen = new Map<string, RedactionPath>();
  for (const path of sets.flat()) seen.set(JSON.stringify(path), path);
  return [...seen.values()];
}

/** No member may take the request: it is denied as decided for the first upstream of its route. */
function refusal(d: Decision): Step {
  const { verdict } = d.step.decided;
  if (!verdict.allowed) return { ...d.step, upstream: d.upstream };
  const reason = `the policy, deciding for upstream ${d.upstream}, routed the request to ${routeList(verdict).join(', ')} instead`;
  return { ...d.step, upstream: d.upstream, decided: { ...d.step.decided, verdict: failClosed(reason) } };
}

function partOf(d: Decision): DecisionPart {
  const { verdict } = d.step.decided;
  const part: DecisionPart = { upstream: d.upstream, decision_id: d.step.decisionId, allow: verdict.allowed, reasons: verdict.reasons };
  if (d.step.tool) part.tool_hash = d.step.tool.hash;
  return part;
}
