/** In-memory channels, a recording journal and a rule-based decider for mediator tests. */
import type { MessageChannel, ReceivedExtra, SendOptions } from '../../../engine/mediator/channel.js';
import type { JsonRpcMessage, RequestId } from '../../../engine/protocol/jsonrpc.js';
import type { DecisionInput } from '../../../engine/decision/input.js';
import type { Decided, Decider, Verdict } from '../../../engine/decision/verdict.js';
import { Session } from '../../../engine/session/session.js';
import { Mediator, type MediatorOptions } from '../../../engine/mediator/mediator.js';
import { time } from '../decision/fixtures.js';

export class TestChannel implements MessageChannel {
  readonly sent: JsonRpcMessage[] = [];
  /** The relatedRequestId each sent message was given (undefined when none). */
  readonly related: Array<RequestId | undefined> = [];
  /** The route each sent message was given (undefined when none). */
  readonly routes: Array<readonly string[] | undefined> = [];
  closed = false;
  onmessage?: (message: JsonRpcMessage, extra?: ReceivedExtra) => void;
  onclose?: () => void;
  oninputend?: () => void;
  onerror?: (error: Error) => void;
  /** As an HTTP client holding its GET stream open. */
  listening?: boolean;

  async send(message: JsonRpcMessage, options?: SendOptions): Promise<void> {
    if (this.closed) throw new Error('closed');
    this.sent.push(message);
    this.related.push(options?.relatedRequestId);
    this.routes.push(options?.route);
  }

  deliver(message: JsonRpcMessage, extra?: ReceivedExtra): void {
    this.onmessage?.(message, extra);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}

export type Entry = Record<string, unknown>;

export class TestJournal {
  readonly entries: Entry[] = [];
  failWith: Error | undefined;
  /** While set, appends wait for release(). */
  held: Array<() => void> | undefined;

  async append(entry: { kind: 'decision'; [field: string]: unknown }): Promise<{ seq: number; hash: string }> {
    if (this.failWith) throw this.failWith;
    this.entries.push(entry);
    const seq = this.entries.length;
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    return { seq, hash: `h${seq}` };
  }

  commitment(payload: unknown): string {
    return `c:${JSON.stringify(payload).length}`;
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = undefined;
    for (const resolve of waiting) resolve();
  }
}

/** Decides with a plain function; the verdict defaults to "allowed". */
export function decider(rule: (input: DecisionInput) => Partial<Verdict>): Decider & { inputs: DecisionInput[] } {
  const inputs: DecisionInput[] = [];
  return {
    inputs,
    decide(input): Decided {
      inputs.push(input);
      const partial = rule(input);
      const verdict: Verdict = { allowed: true, reasons: [], visibleTools: null, redactions: [], route: null, failure: null, ...partial };
      return { verdict, policyDigest: 'sha256:test' };
    },
  };
}

export function setup(rule: (input: DecisionInput) => Partial<Verdict> = () => ({}), options: Partial<MediatorOptions> = {}) {
  const client = new TestChannel();
  const upstream = new TestChannel();
  const journal = new TestJournal();
  const session = new Session({ id: 's-1', transport: 'test', upstream: 'demo', principal: { id: 'alice', authenticated_by: 'test', claims: {}, roles: [] } });
  const d = decider(rule);
  let n = 0;
  const errors: Error[] = [];
  const mediator = new Mediator({
    client, upstream, session, decider: d, journal,
    now: () => time, newDecisionId: () => `d-${++n}`, onerror: (e) => errors.push(e), ...options,
  });
  mediator.start();
  return { client, upstream, journal, session, decider: d, mediator, errors };
}
