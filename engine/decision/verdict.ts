/**
 * What the engine does with a message, derived from a validated decision document.
 * `allow` gates requests only; `deny` reasons stop any message. Failures become denials here,
 * so every path out of evaluation is a Verdict and callers never see a policy exception.
 */
import type { MessageKind } from '../protocol/jsonrpc.js';
import type { DecisionDocument, RedactionPath } from './document.js';
import type { DecisionInput } from './input.js';

export interface Verdict {
  allowed: boolean;
  /** Why the message was denied; empty when allowed. */
  reasons: string[];
  /** Names a tools/list result may show; null when the policy computed none (shows nothing). */
  visibleTools: string[] | null;
  redactions: RedactionPath[];
  /** Where the policy sends a request: one upstream, or upstreams in the order to try; null = the gateway's choice. */
  route: string | string[] | null;
  /** The policy marked the request safe to retry elsewhere (absent = false). */
  retry?: boolean;
  /** Set when the verdict is a fail-closed denial rather than the policy's own answer. */
  failure: string | null;
}

/** The reason given when a request is denied only because nothing allowed it. */
export const NOT_ALLOWED = 'not allowed by policy: no allow rule matched';

export function verdictFor(kind: MessageKind, doc: DecisionDocument): Verdict {
  const reasons = distinctSorted(doc.deny);
  if (kind === 'request' && !doc.allow && reasons.length === 0) reasons.push(NOT_ALLOWED);
  return {
    allowed: reasons.length === 0,
    reasons,
    visibleTools: doc.visible_tools,
    redactions: doc.redactions,
    route: doc.route,
    retry: doc.retry === true,
    failure: null,
  };
}

/**
 * The reasons once each, in order. A compiled policy's `deny` set arrives sorted and distinct
 * already, so that is checked first: copying it through a Set and sorting it cost about a
 * twentieth of a whole decision.
 */
function distinctSorted(deny: string[]): string[] {
  for (let i = 1; i < deny.length; i++) {
    if (!(deny[i - 1]! < deny[i]!)) return [...new Set(deny)].sort();
  }
  return deny.slice();
}

export function failClosed(reason: string): Verdict {
  return { allowed: false, reasons: [reason], visibleTools: null, redactions: [], route: null, failure: reason };
}

/** The route as a list (empty when the policy named none). */
export function routeList(verdict: Pick<Verdict, 'route'>): string[] {
  const { route } = verdict;
  if (route === null) return [];
  return typeof route === 'string' ? [route] : route;
}

/** Anything that turns an input document into a verdict; PolicyStore is the real one. */
export interface Decider {
  decide(input: DecisionInput): Decided;
}

export interface Decided {
  verdict: Verdict;
  /** Digest of the policy that decided, or null when no policy was loaded. */
  policyDigest: string | null;
}
