/**
 * Connects a client-side channel and an upstream channel through the policy. Each incoming
 * message is planned at once (in arrival order), its decision is appended to the journal, and
 * only after the journal acknowledges it are the plan's messages sent, strictly in arrival order
 * (decision-queue.ts). The hot path makes no promise of its own: the journal and channels that
 * offer callback and immediate forms (appendThen, sendNow) are used that way.
 *
 * If the journal fails, nothing more is forwarded: requesters get a denial, the mediator stops
 * and closes both channels (fail closed).
 *
 * A client that does not read has the upstream paused (the queue counts what waits for it), so
 * it slows its upstream down instead of growing warden's memory. An upstream that cannot be
 * paused ends its session instead, with the reason journaled.
 */
import { randomUUID } from 'node:crypto';
import type { JsonRpcMessage } from '../protocol/jsonrpc.js';
import { timeInfo } from '../decision/clock.js';
import { sendOptionsFor, type MessageChannel, type Outgoing, type ReceivedExtra, type Side } from './channel.js';
import { pendingFor } from './plan-parts.js';
import { planMessage, planRefused, type Plan, type PlanContext } from './plan.js';
import { planAbandoned, planExpired, planTurnedAway, planUndelivered } from './refusals.js';
import { relatedClientRequest, withRelated } from './related.js';
import { DecisionQueue, type Appended, type Queued } from './decision-queue.js';
import { undeliveredOf } from './undelivered.js';
import { planWardenNotice } from './warden-notice.js';
import { abandonReason, answersLateRequests, lateRequestReason, SHUTTING_DOWN, type StopReason } from './stop-reason.js';
import { ListingPager } from './tool-search-paging.js';
import { DEFAULT_CLIENT_QUEUE_BYTES, type ChannelStarts, type MediatorOptions } from './mediator-options.js';

export type { StopReason } from './stop-reason.js';
export { DEFAULT_CLIENT_QUEUE_BYTES, type ChannelStarts, type MediatorOptions } from './mediator-options.js';

/** How long the line must stay quiet, and how long at most, before a session stopped by a failed journal or upstream closes. */
const REFUSAL_QUIET_MS = 200;
const REFUSAL_WINDOW_MAX_MS = 2000;

export class Mediator {
  /** Resolves once the mediator has stopped and both channels were asked to close. */
  readonly done: Promise<StopReason>;
  /**
   * Resolves once a stopping session has journaled everything it will, before its channels are
   * closed (a stdio server is given time to exit): what the journal's close waits for.
   */
  readonly settled: Promise<void>;
  readonly #options: MediatorOptions;
  readonly #ctx: PlanContext;
  readonly #queue: DecisionQueue;
  #stopping = false;
  #draining = false;
  /** The client sent its last message: whatever the upstream asks of it now goes unanswered. */
  #clientInputClosed = false;
  readonly #clientQueueBytes: number;
  /** When sends still waiting are abandoned (performance.now() time); Infinity = never. */
  #cutOffAt = Infinity;
  #cutOffTimer: NodeJS.Timeout | undefined;
  /** Sends are being abandoned: their rejections were reported once, as one. */
  #abandoning = false;
  #journalFailed = false;
  #stopReason: StopReason | undefined;
  /** The upstream channel is being started by `open`: its close is a failed start, which open handles. */
  #openingUpstream = false;
  #upstreamClosedWhileOpening = false;
  #lastActivity = performance.now();
  #timer: NodeJS.Timeout | undefined;
  #resolveDone!: (reason: StopReason) => void;
  #resolveSettled!: () => void;

  constructor(options: MediatorOptions) {
    this.#options = options;
    this.#clientQueueBytes = options.clientQueueBytes ?? DEFAULT_CLIENT_QUEUE_BYTES;
    this.#ctx = {
      session: options.session,
      decider: options.decider,
      journal: options.journal,
      now: options.now ?? (() => timeInfo()),
      newDecisionId: options.newDecisionId ?? randomUUID,
      wireMessages: options.wireMessages ?? false,
      ...(options.toolSearch ? { toolSearch: options.toolSearch, pager: new ListingPager() } : {}),
    };
    this.#queue = new DecisionQueue({
      journal: options.journal,
      clientQueueBytes: this.#clientQueueBytes,
      act: (item) => this.#actOn(item),
      pauseUpstream: () => this.#pauseUpstream(),
      resumeUpstream: () => options.upstream.resume?.(),
    });
    this.done = new Promise((resolve) => { this.#resolveDone = resolve; });
    this.settled = new Promise((resolve) => { this.#resolveSettled = resolve; });
  }

  /** Bytes of messages waiting for the client (see clientQueueBytes): what a slow reader costs. */
  get clientBacklogBytes(): number {
    return this.#queue.clientBytes;
  }

  /** Takes over both channels' callbacks. Start the channels themselves after this. */
  start(): void {
    for (const side of ['client', 'upstream'] as const) {
      const channel = this.#channel(side);
      channel.onmessage = (message, extra) => { this.#accept(side, message, extra); };
      channel.onclose = () => { this.#closed(side); };
      if (side === 'client') channel.oninputend = () => { void this.#clientInputEnded(); };
      channel.onerror = (error) => this.#transportError(side, error);
    }
    this.#startTimer();
  }

  /**
   * Starts the upstream channel, then the client's: a server that cannot be reached fails before
   * the client is answered. When the upstream cannot start the session stops as unavailable,
   * answering what the client sent with why when `answerRefused`, and open rejects with the
   * failure once both channels were asked to close.
   */
  async open(starts: ChannelStarts): Promise<void> {
    this.#openingUpstream = true;
    try {
      await starts.upstream();
    } catch (error) {
      this.#openingUpstream = false;
      const stopped = this.stop({ reason: 'upstream-unavailable', cause: error instanceof Error ? error.message : String(error) });
      if (starts.answerRefused) await starts.client().catch(() => undefined);
      await stopped;
      throw error;
    }
    this.#openingUpstream = false;
    // Started, then gone at once (a server that exits on start-up): the client still gets answers.
    if (this.#upstreamClosedWhileOpening) this.#closed('upstream');
    try {
      await starts.client();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  #closed(side: Side): void {
    if (side === 'upstream' && this.#openingUpstream) this.#upstreamClosedWhileOpening = true;
    else void this.stop({ reason: 'closed', side });
  }

  /** Decides and handles one message; resolves when it (and everything before it) is handled. */
  receive(from: Side, message: JsonRpcMessage, extra?: ReceivedExtra): Promise<void> {
    return this.#queue.handled(this.#accept(from, message, extra));
  }

  #accept(from: Side, message: JsonRpcMessage, extra?: ReceivedExtra): Queued | undefined {
    if (this.#stopping) return this.#refuseWhileStopping(from, message);
    this.#lastActivity = performance.now();
    const related = from === 'upstream' ? relatedClientRequest(this.#options.session, message, extra) : undefined;
    const planned = this.#turnedAway(from, message) ?? this.#plan(from, message, extra?.refused);
    return planned ? this.#queue.enqueue(withRelated(planned, related), from) : undefined;
  }

  /** A valid request refused before the policy is asked (turnedAwayReason), planned as such. */
  #turnedAway(from: Side, message: JsonRpcMessage): Plan | undefined {
    if (!('method' in message && 'id' in message)) return undefined;
    const reason = this.#turnedAwayReason(from);
    return reason === undefined ? undefined : planTurnedAway(this.#ctx, from, message.id, message.method, reason);
  }

  /**
   * Why a request from `from` is not carried: the session drains for shutdown; the client, whom
   * the upstream's request would go to, closed its input; or the sender has reached the in-flight
   * limit, since each request in flight holds its pending entry and queued state, and an
   * unbounded count lets one client (or server) grow warden's memory without end.
   */
  #turnedAwayReason(from: Side): string | undefined {
    if (this.#draining && from === 'client') return SHUTTING_DOWN;
    if (this.#clientInputClosed && from === 'upstream') return CLIENT_CANNOT_ANSWER;
    const limit = this.#options.maxInFlight;
    if (limit !== undefined && pendingFor(this.#options.session, from).size >= limit) {
      return `too many requests in flight (the limit is ${limit}); wait for answers before sending more`;
    }
    return undefined;
  }

  /**
   * Sends the client a notification the warden originates (e.g. notifications/tools/list_changed
   * after an approval), journaled first and in order with everything else; nothing once stopping.
   */
  notifyClient(method: string): Promise<void> {
    if (this.#stopping) return this.#queue.handled(undefined);
    return this.#queue.handled(this.#queue.enqueue(planWardenNotice(this.#ctx, method), 'client'));
  }

  /**
   * A request that arrives after the session began to stop (the journal failed, a peer closed)
   * is answered with why, not dropped: its sender may still be reading. Other messages have
   * nobody waiting on them.
   */
  #refuseWhileStopping(from: Side, message: JsonRpcMessage): Queued | undefined {
    this.#lastActivity = performance.now();
    if (!('method' in message) || !('id' in message) || this.#stopReason === undefined) return undefined;
    return this.#queue.enqueue(planTurnedAway(this.#ctx, from, message.id, message.method, lateRequestReason(this.#stopReason)), from);
  }

  /**
   * After a journal failure or the upstream's loss the client may have more requests in flight
   * (still in the pipe or socket): keep answering them with the refusal until the line goes quiet
   * or the client's input ends (bounded), so a requester gets the reason rather than a closed
   * connection.
   */
  async #refusalWindow(): Promise<void> {
    const opened = performance.now();
    const deadline = opened + REFUSAL_WINDOW_MAX_MS;
    const quiet = (): boolean => performance.now() - Math.max(opened, this.#lastActivity) >= REFUSAL_QUIET_MS;
    while (!quiet() && !this.#clientInputClosed && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, REFUSAL_QUIET_MS / 4));
      await this.#queue.drain();
    }
  }

  /**
   * Refuses new client requests, gives those in flight up to `graceMs` to be answered, then
   * stops. The grace bounds everything: requests still unanswered then are closed with the
   * session, and sends a peer has not taken by then are abandoned (see #stop).
   */
  async shutdown(graceMs: number): Promise<void> {
    this.#draining = true;
    const deadline = performance.now() + graceMs;
    await this.#whilePending(() => this.#pendingCount(), deadline);
    await this.#stop({ reason: 'stopped' }, deadline);
  }

  /** Waits until `pending()` is 0, the session stops, or `deadline` (performance.now() time) passes. */
  async #whilePending(pending: () => number, deadline = Infinity): Promise<void> {
    while (!this.#stopping && pending() > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(1, deadline - performance.now()))));
    }
  }

  /**
   * The client sends nothing more but still reads: its requests in flight are answered (each
   * bounded by the request timeout) before the session stops as if the client had closed, so
   * `warden run < requests.jsonl` answers every request, as the server alone would. The
   * upstream's requests to the client (a tool sampling it, say) cannot be answered any more, so
   * they get an error now rather than holding the tool, and the session, until the timeout.
   */
  async #clientInputEnded(): Promise<void> {
    this.#clientInputClosed = true;
    for (const mapping of pendingFor(this.#options.session, 'upstream').drain()) {
      void this.#queue.enqueue(planAbandoned(this.#ctx, 'upstream', mapping, CLIENT_CANNOT_ANSWER), 'upstream');
    }
    await this.#whilePending(() => this.#options.session.toUpstream.size);
    await this.stop({ reason: 'closed', side: 'client' });
  }

  /** A plan answering, with an error, the page request of a listing tool search is completing: the client gets what is known instead. */
  #rescued(planned: Plan, forwardedId: number | null, reason: string): Plan {
    const walk = this.#ctx.pager?.take(forwardedId);
    return walk ? this.#ctx.pager!.rescue(planned, walk, reason) : planned;
  }

  #actOn(item: Queued): Promise<void> | undefined {
    try {
      const waiting = this.#act(item.plan, item.outcome!);
      return waiting?.catch((error: unknown) => this.#report(error, item.from));
    } catch (error) {
      this.#report(error, item.from);
      return undefined;
    }
  }

  /**
   * The client is not taking what it is sent: stop reading the upstream until it does. Without
   * a way to pause it the session is ended (its sends cut off at once, see #stop), since
   * reading on would buffer without bound.
   */
  #pauseUpstream(): boolean {
    if (this.#stopping) return false;
    if (this.#options.upstream.pause?.() === true) return true;
    const reason: StopReason = { reason: 'client-backlog', bytes: this.#queue.clientBytes, limit: this.#clientQueueBytes };
    void this.#stop(reason, performance.now());
    return false;
  }

  /** Stops accepting messages, lets those already accepted finish, then closes both channels. */
  stop(reason: StopReason = { reason: 'stopped' }): Promise<void> {
    return this.#stop(reason, Infinity);
  }

  /**
   * `stop`, where sends still waiting at `deadline` (performance.now() time) are abandoned: both
   * channels are closed then, which rejects their pending sends (the transport contract), so
   * the queue runs out and the stand-in answers for abandoned requests are still journaled.
   */
  async #stop(reason: StopReason, deadline: number): Promise<void> {
    // A stop already under way (a failed journal, a peer gone) still ends by the tighter deadline.
    this.#armCutOff(deadline);
    if (this.#stopping) return this.done.then(() => undefined);
    this.#stopping = true;
    this.#stopReason = reason;
    clearInterval(this.#timer);
    await this.#queue.drain();
    this.#answerAbandoned(reason);
    await this.#queue.drain();
    // Requests in flight are answered first: the window only waits for ones still on their way.
    if (answersLateRequests(reason)) await this.#refusalWindow();
    this.#resolveSettled();
    clearTimeout(this.#cutOffTimer);
    await Promise.all([this.#close('client'), this.#close('upstream')]);
    this.#resolveDone(reason);
  }

  #armCutOff(deadline: number): void {
    if (deadline >= this.#cutOffAt) return;
    this.#cutOffAt = deadline;
    clearTimeout(this.#cutOffTimer);
    this.#cutOffTimer = setTimeout(() => this.#cutOff(), Math.max(0, deadline - performance.now()));
  }

  #cutOff(): void {
    const waiting = this.#queue.waiting;
    if (waiting > 0) this.#report(new Error(`${waiting} message(s) not yet taken by a peer were abandoned as the session stopped`), 'client');
    this.#abandoning = true;
    void this.#close('client');
    void this.#close('upstream');
  }

  /**
   * Requests forwarded but unanswered when the session stops get an error, journaled when the
   * journal still works, so no requester whose side is still open waits for its own timeout.
   * A requester that closed the session gets nothing, but its requests' stand-in entries are
   * journaled all the same: every forwarded request ends in the journal.
   */
  #answerAbandoned(reason: StopReason): void {
    const why = abandonReason(reason);
    for (const requester of ['client', 'upstream'] as const) {
      const unanswered = pendingFor(this.#options.session, requester).drain();
      const gone = reason.reason === 'closed' && reason.side === requester;
      const askedGone = reason.reason === 'closed' && reason.side !== requester;
      for (const mapping of unanswered) void this.#queue.enqueue(planAbandoned(this.#ctx, requester, mapping, why, !gone, !askedGone), requester);
    }
  }

  /** Resolves when every accepted message has been handled. */
  idle(): Promise<void> {
    return this.#queue.drain();
  }

  #plan(from: Side, message: JsonRpcMessage, refused?: string): Plan | undefined {
    try {
      return refused === undefined ? planMessage(this.#ctx, from, message) : planRefused(this.#ctx, from, message, refused);
    } catch (error) {
      // A bug, not a policy outcome: nothing was decided, so nothing may be forwarded.
      this.#report(error, from);
      return undefined;
    }
  }

  /** Sends what the plan says, or its refusals once the journal failed; a promise only if a send must be waited for. */
  #act(planned: Plan, outcome: Appended): Promise<void> | undefined {
    if (!outcome.ok && !this.#journalFailed) {
      this.#journalFailed = true;
      void this.stop({ reason: 'journal-failed', error: outcome.error });
    }
    if (!this.#journalFailed) return this.#sendFrom(planned.send, 0, planned.decisionId);
    // The request is denied instead of forwarded: nothing upstream will ever answer it.
    if (planned.forwarded) pendingFor(this.#options.session, planned.forwarded.requester).settle(planned.forwarded.id);
    return this.#sendFrom(planned.onJournalFailure, 0);
  }

  /** Sends `outgoing` from `first` on, in order; waits (returns a promise) at a send that is not done at once. */
  #sendFrom(outgoing: Outgoing[], first: number, decisionId?: string): Promise<void> | undefined {
    for (let i = first; i < outgoing.length; i++) {
      const waiting = this.#send(outgoing[i]!, decisionId);
      if (waiting) return waiting.then(() => this.#sendFrom(outgoing, i + 1, decisionId));
    }
    return undefined;
  }

  /** A failed send is reported, never thrown: later messages still go out. */
  #send(o: Outgoing, decisionId: string | undefined): Promise<void> | undefined {
    const { to, message } = o;
    const channel = this.#channel(to);
    try {
      const waiting = channel.sendNow ? channel.sendNow(message, sendOptionsFor(o, decisionId)) : channel.send(message, sendOptionsFor(o, decisionId));
      return waiting?.catch((error: unknown) => {
        if (!this.#abandoning) this.#report(error, to);
      });
    } catch (error) {
      this.#report(error, to);
      return undefined;
    }
  }

  async #close(side: Side): Promise<void> {
    try {
      await this.#channel(side).close?.();
    } catch (error) {
      this.#report(error, side);
    }
  }

  #transportError(side: Side, error: Error): void {
    this.#options.onerror?.(error, side);
    const undelivered = undeliveredOf(error);
    if (!undelivered || this.#stopping) return;
    const planned = planUndelivered(this.#ctx, side, undelivered);
    const page = side === 'upstream' && !undelivered.hasMethod && typeof undelivered.id === 'number' ? undelivered.id : null;
    if (planned) void this.#queue.enqueue(this.#rescued(planned, page, `a page was not delivered: ${undelivered.reason}`), side);
  }

  /** One timer per session checks both timeouts; per-request timers would cost more than they save. */
  #startTimer(): void {
    const { requestTimeoutMs = 0, idleTimeoutMs = 0 } = this.#options;
    const shortest = Math.min(...[requestTimeoutMs, idleTimeoutMs].filter((ms) => ms > 0));
    if (!Number.isFinite(shortest)) return;
    this.#timer = setInterval(() => this.#tick(), Math.max(10, Math.min(1000, shortest / 4)));
    this.#timer.unref();
  }

  #tick(): void {
    if (this.#stopping) return;
    const { requestTimeoutMs = 0, idleTimeoutMs = 0 } = this.#options;
    const now = performance.now();
    if (requestTimeoutMs > 0) {
      for (const requester of ['client', 'upstream'] as const) {
        for (const mapping of pendingFor(this.#options.session, requester).sentBefore(now - requestTimeoutMs)) {
          pendingFor(this.#options.session, requester).settle(mapping.forwardedId);
          const expired = planExpired(this.#ctx, requester, mapping, requestTimeoutMs);
          const page = requester === 'client' ? mapping.forwardedId : null;
          void this.#queue.enqueue(this.#rescued(expired, page, `a page got no answer within ${requestTimeoutMs} ms`), requester);
        }
      }
    }
    if (idleTimeoutMs > 0 && this.#pendingCount() === 0 && now - this.#lastActivity > idleTimeoutMs && this.#options.client.listening !== true) {
      void this.stop({ reason: 'idle' });
    }
  }

  #pendingCount(): number {
    return this.#options.session.toUpstream.size + this.#options.session.toClient.size;
  }

  #channel(side: Side): MessageChannel {
    return side === 'client' ? this.#options.client : this.#options.upstream;
  }

  #report(error: unknown, side: Side): void {
    this.#options.onerror?.(error instanceof Error ? error : new Error(String(error)), side);
  }
}

const CLIENT_CANNOT_ANSWER = 'the client closed its input and cannot answer';
