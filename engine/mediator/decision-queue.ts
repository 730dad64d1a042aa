/**
 * The mediator's one queue of plans. Each plan's journal append starts when it is queued, without
 * waiting for earlier ones (so the journal can commit many decisions with one fsync), while plans
 * are acted on strictly in arrival order: the head is acted on once its append is answered, and a
 * head whose sends wait for a channel holds everything behind it until they are done.
 *
 * What waits for the client is counted in bytes: past `clientQueueBytes` the owner is asked to
 * pause the upstream, and once half of it has gone out, to resume it.
 */
import { messageTextLength } from '../protocol/message-text.js';
import type { DecisionJournal } from './audit.js';
import type { Outgoing, Side } from './channel.js';
import type { Plan } from './plan.js';

export type Appended = { ok: true } | { ok: false; error: unknown };

const APPENDED: Appended = { ok: true };

/** A plan waiting for its journal answer, then for its turn to be acted on. */
export interface Queued {
  readonly plan: Plan;
  readonly from: Side;
  /** What its plan sends the client (messageTextLength), counted until it is handled. */
  readonly bytes: number;
  /** Undefined until the journal answered. */
  outcome?: Appended;
  done?: boolean;
  /** Callers waiting for it to be handled (receive(), notifyClient()); made only for them. */
  waiters?: Array<() => void>;
}

export interface QueueOwner {
  readonly journal: Pick<DecisionJournal, 'append' | 'appendThen'>;
  readonly clientQueueBytes: number;
  /** Acts on a plan whose append was answered; a promise only if its sends must be waited for. */
  act(item: Queued): Promise<void> | undefined;
  /** Too much waits for the client: true if the upstream was paused (else the owner ended the session). */
  pauseUpstream(): boolean;
  resumeUpstream(): void;
}

export class DecisionQueue {
  readonly #owner: QueueOwner;
  #items: Queued[] = [];
  /** The head's sends wait for a channel (backpressure or a channel without sendNow). */
  #blocked = false;
  #pumping = false;
  /** Resolved whenever the queue is empty and nothing is being sent. */
  #idleWaiters: Array<() => void> = [];
  /** Bytes of queued plans' messages to the client, the one being sent included. */
  #clientBytes = 0;
  #upstreamPaused = false;

  constructor(owner: QueueOwner) {
    this.#owner = owner;
  }

  /** Bytes of messages waiting for the client: what a slow reader costs. */
  get clientBytes(): number {
    return this.#clientBytes;
  }

  /** Plans not yet handled, the one whose sends are waiting included. */
  get waiting(): number {
    return this.#items.length + (this.#blocked ? 1 : 0);
  }

  /** Queues `planned` (and the plans chained after it) and starts its append; returns the last one queued. */
  enqueue(planned: Plan, from: Side): Queued {
    const item: Queued = { plan: planned, from, bytes: clientBytesOf(planned.send) };
    this.#items.push(item);
    this.#clientBytes += item.bytes;
    if (this.#clientBytes > this.#owner.clientQueueBytes && !this.#upstreamPaused) this.#upstreamPaused = this.#owner.pauseUpstream();
    const answered = (error?: unknown): void => {
      item.outcome = error === undefined ? APPENDED : { ok: false, error };
      this.#pump();
    };
    const { journal } = this.#owner;
    if (journal.appendThen) journal.appendThen(planned.entry, answered);
    else journal.append(planned.entry).then(() => answered(), (error: unknown) => answered(error ?? new Error('journal append failed')));
    return planned.next ? this.enqueue(planned.next, 'client') : item;
  }

  /** Resolves once `item` (and so everything before it) was handled; with no item, once everything queued was. */
  handled(item: Queued | undefined): Promise<void> {
    if (item === undefined) return this.drain();
    if (item.done) return Promise.resolve();
    return new Promise((resolve) => (item.waiters ??= []).push(resolve));
  }

  /** Resolves once every queued plan has been handled, including those queued meanwhile. */
  drain(): Promise<void> {
    if (this.#items.length === 0 && !this.#blocked) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Acts on the plans at the head whose appends were answered, in order; stops at one still
   * waiting for the journal, or whose sends wait for a channel (then resumes after).
   */
  #pump(): void {
    if (this.#pumping || this.#blocked) return;
    this.#pumping = true;
    try {
      while (this.#items.length > 0 && this.#items[0]!.outcome !== undefined) {
        const item = this.#items.shift()!;
        const waiting = this.#owner.act(item);
        if (waiting) {
          this.#blocked = true;
          void waiting.then(() => {
            this.#blocked = false;
            this.#handledItem(item);
            this.#pump();
          });
          return;
        }
        this.#handledItem(item);
      }
    } finally {
      this.#pumping = false;
    }
    if (this.#items.length === 0 && !this.#blocked) this.#wakeIdle();
  }

  #handledItem(item: Queued): void {
    this.#clientBytes -= item.bytes;
    if (this.#upstreamPaused && this.#clientBytes <= this.#owner.clientQueueBytes / 2) {
      this.#upstreamPaused = false;
      this.#owner.resumeUpstream();
    }
    item.done = true;
    if (item.waiters) for (const resolve of item.waiters) resolve();
  }

  #wakeIdle(): void {
    const waiting = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiting) resolve();
  }
}

function clientBytesOf(outgoing: readonly Outgoing[]): number {
  let bytes = 0;
  for (const o of outgoing) if (o.to === 'client') bytes += messageTextLength(o.message);
  return bytes;
}
