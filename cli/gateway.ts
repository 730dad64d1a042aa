/**
 * The process-wide half of the composition root: one journal, one policy store and its watcher,
 * and the registry of live sessions. Sessions come and go (`attach`); the gateway outlives them.
 *
 * Fail closed throughout: no policy, no gateway; a journal that cannot be written stops every
 * session (each Mediator answers its in-flight requests with a denial and closes both sides).
 */
import type { KeyObject } from 'node:crypto';
import type { Durability, InputRecording, Journal } from '../engine/journal/index.js';
import type { StopReason } from '../engine/mediator/index.js';
import { PolicyStore, watchPolicyDir, type CompileCache, type PolicyLoadReport, type PolicyWatcher } from '../engine/policy/index.js';
import type { Principal } from '../engine/decision/input.js';
import type { ToolRegistry } from '../engine/session/index.js';
import type { JsonValue } from '../engine/protocol/jsonrpc.js';
import type { ToolStore } from '../engine/session/tool-store.js';
import type { GatewayApprovals } from '../engine/approvals/gateway-approvals.js';
import type { ApprovalRecord } from '../engine/approvals/record.js';
import type { AttemptRecord } from '../engine/router/calls.js';
import { ALL_UPSTREAMS, type Router } from '../engine/router/router.js';
import { NamespacedTools } from '../engine/router/tool-view.js';
import type { RoutingView } from '../engine/session/session.js';
import type { AcceptedSession, Rejection } from '../transports/contract.js';
import { attachSession, type LiveSession, type SessionLimits, type UpstreamSide } from './attach.js';
import { errorMessage, type Logger } from './log.js';
import { RefusalJournal } from './refusal-journal.js';
import { loadInitialPolicy, logWarnings, openApprovals, openGatewayJournal, openToolStore } from './gateway-start.js';
import type { ToolSearchSettings } from '../engine/search/tool-search.js';

export { GatewayStartError } from './gateway-start.js';

export interface GatewayOptions {
  policyDir: string;
  /** `--data FILE`: the base data document, reloaded with the policies when it changes. */
  dataFile?: string;
  /** 0 for a Rego v0 policy (`--v0-compatible`). */
  regoVersion?: 0 | 1;
  /** A failing builtin call aborts the decision, which denies (`--strict-builtin-errors`). */
  strictBuiltinErrors?: boolean;
  journalDir: string;
  /**
   * The journal directory is warden's default, not one the operator chose: when another live
   * warden holds it, the first free of `<dir>.2` ... `<dir>.<slots>` is used instead (and logged),
   * so several wardens started with default settings all run, each with its own journal.
   */
  journalSlots?: number;
  /** Signs journal checkpoints. */
  signingKey: KeyObject;
  /** Keys the journal's payload commitments. */
  hmacKey: Uint8Array;
  /** When a decision's journal entry counts as written (engine/journal JournalOptions). */
  durability?: Durability;
  syncWithinMs?: number;
  /** Decision entries keep their redacted decision input, for `warden replay`. */
  recordInputs?: InputRecording;
  log: Logger;
  limits: SessionLimits & { maxSessions: number; maxSessionsPerPrincipal?: number };
  /** Quiet period before a policy edit is reloaded (default 150 ms). */
  reloadDebounceMs?: number;
  /** Sign a checkpoint at least this often while decisions arrive (default 5 s). */
  checkpointSeconds?: number;
  /** What warden remembers across runs (default $MCP_WARDEN_HOME/state). */
  stateDir?: string;
  /** Compiled policies of earlier runs, for the first load (engine/policy/compile-cache.ts); absent = always compile. */
  compileCache?: CompileCache;
  /** Tool search for every session (engine/search); absent = off. */
  toolSearch?: ToolSearchSettings;
  /**
   * Called once the journal is open (its directory is final) and before the policy compiles,
   * for work that can overlap the compile. Must not reject.
   */
  beforePolicy?: (journalDir: string) => Promise<void>;
}

export interface GatewayExit {
  /** Process exit code: 0 for an orderly end, 1 when the journal failed. */
  code: number;
  reason: string;
}

/** The gateway refused a session (full, shutting down, upstream unreachable); the listener tells the client. */
export class SessionRefused extends Error {
  override readonly name = 'SessionRefused';
}

export class Gateway {
  readonly policyDigest: string;
  /** The journal directory in use: a default one may have moved aside to `journal.N` for another warden. */
  readonly journalDir: string;
  /** Resolves once the gateway has stopped and the journal is closed. */
  readonly done: Promise<GatewayExit>;
  readonly #options: GatewayOptions;
  readonly #journal: Journal;
  readonly #store: PolicyStore;
  readonly #sessions = new Set<LiveSession>();
  readonly #refusals: RefusalJournal;
  /** One tool registry per upstream name, persisted: a tool's first-seen definition outlives the sessions and the process that saw it. */
  readonly #tools: ToolStore;
  #approvals: GatewayApprovals | undefined;
  #watcher: PolicyWatcher | undefined;
  #stopping: Promise<void> | undefined;
  #failure: unknown;
  #failureLabel = 'the journal failed';
  #journalClosed = false;
  #resolveDone!: (exit: GatewayExit) => void;

  private constructor(options: GatewayOptions, tools: ToolStore, journal: Journal, store: PolicyStore, policyDigest: string) {
    this.#options = options;
    this.#tools = tools;
    this.#journal = journal;
    this.#store = store;
    this.policyDigest = policyDigest;
    this.journalDir = options.journalDir;
    this.#refusals = new RefusalJournal({ journal, policyDigest: () => store.current?.digest ?? null, onFailure: (error) => void this.fail(error) });
    this.done = new Promise((resolve) => { this.#resolveDone = resolve; });
  }

  static async open(options: GatewayOptions): Promise<Gateway> {
    let gateway: Gateway | undefined;
    // Opened first: a store that cannot be trusted refuses the start before anything runs.
    const approvals = openApprovals(options);
    const tools = await openToolStore(options, (error) => {
      options.log.error(error.message);
      void gateway?.fail(error, 'the tool store failed');
    }, approvals);
    const opened = await openGatewayJournal(options);
    const journal = opened.journal;
    options = { ...options, journalDir: opened.dir };
    await options.beforePolicy?.(opened.dir);
    const store = new PolicyStore();
    const watcher = watchPolicyDir({
      dir: options.policyDir,
      dataFile: options.dataFile,
      regoVersion: options.regoVersion,
      strictBuiltinErrors: options.strictBuiltinErrors,
      store,
      journal,
      debounceMs: options.reloadDebounceMs,
      // Before any listener is up: nothing to keep responsive, so no worker to start (build-here.ts).
      firstHere: true,
      compileCache: options.compileCache,
      onReport: (report) => logReload(options.log, report),
      // A reload that cannot be journaled must not take effect silently: stop, as for decisions.
      // Reloads start after the first load: by then the gateway exists, or the watcher is closed.
      onFatal: (error) => void gateway!.fail(error),
    });
    const digest = await loadInitialPolicy(options, watcher, journal);
    gateway = new Gateway(options, tools, journal, store, digest);
    gateway.#watcher = watcher;
    gateway.#approvals = approvals;
    await approvals.start({
      journal, journalDir: options.journalDir,
      onLogError: (error) => options.log.error(`${error.message}; every tool is quarantined until it is repaired`),
      onJournalError: (error) => void gateway!.fail(error),
    }).catch(async (error: unknown) => {
      // The watch holds the process open, and no caller is left to close it.
      await watcher.close();
      throw error;
    });
    // Subscribed after the journaling, so each approval entry precedes the notices it causes.
    approvals.onRecords((records) => gateway!.#toolsApproved(records));
    await gateway.#watcher.ready;
    return gateway;
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Readiness for the listeners' /readyz (transports/health.ts): why no new session can be taken now. */
  unready(): string | undefined {
    if (this.#failure !== undefined) return `${this.#failureLabel}, stopping`;
    return this.#closed()?.message;
  }

  /**
   * Connects one accepted client session to its own upstream transport and starts both. Rejects
   * with SessionRefused (closing both transports) when the gateway is full or stopping, or the
   * upstream cannot be started. Resolves with the session once messages flow.
   */
  async attach(accepted: AcceptedSession, upstream: UpstreamSide, upstreamName: string, routed?: { routing: RoutingView; tools: ToolRegistry }): Promise<LiveSession> {
    const refusal = this.#refusal(accepted.principal);
    if (refusal) {
      await Promise.all([accepted.transport.close(), upstream.close()]);
      return this.#refuse(accepted, refusal);
    }
    const live = attachSession({
      accepted, upstream, upstreamName,
      tools: routed?.tools ?? this.#toolsOf(upstreamName),
      ...(routed ? { routing: routed.routing } : {}),
      decider: this.#store,
      journal: this.#journal,
      limits: this.#options.limits,
      log: this.#options.log,
      ...(this.#options.toolSearch ? { toolSearch: this.#options.toolSearch } : {}),
    });
    this.#sessions.add(live);
    void live.done.then((reason) => this.#ended(live, reason));
    try {
      await live.start();
    } catch (error) {
      return this.#refuse(accepted, { code: 'upstream_unavailable', message: `cannot start the upstream ${upstreamName}: ${errorMessage(error)}` });
    }
    return live;
  }

  /**
   * Connects a session to several upstreams through a router (engine/router): one MCP server to
   * the client, each upstream's tools anchored in that upstream's own registry, and every routed
   * attempt journaled with the upstream and endpoint it went to.
   */
  attachRouted(accepted: AcceptedSession, router: Router): Promise<LiveSession> {
    const tools = new NamespacedTools((name, upstream) => router.toolOwner(name, upstream), (upstream) => this.#toolsOf(upstream));
    let sessionId = '';
    router.onattempt = (attempt) => void this.#journalAttempt(sessionId, attempt);
    router.onerror = (error) => this.#options.log.info(`routing: ${error.message}`);
    router.onlisting = (upstream, listed) => this.#recordListing(upstream, listed);
    const attached = this.attach(accepted, router, ALL_UPSTREAMS, { routing: router, tools });
    return attached.then((live) => {
      sessionId = live.session.id;
      return live;
    });
  }

  async #journalAttempt(sessionId: string, a: AttemptRecord): Promise<void> {
    if (this.#journalClosed) return;
    try {
      await this.#journal.append({
        kind: 'route-attempt', session_id: sessionId, decision_id: a.decisionId, request_id: a.requestId, method: a.method,
        upstream: a.upstream, endpoint: a.endpoint, attempt: a.attempt, outcome: a.outcome, retryable: a.retryable,
      });
    } catch (error) {
      await this.fail(error);
    }
  }

  /** A session turned away after its caller was authenticated is journaled like any refusal. */
  async #refuse(accepted: AcceptedSession, refusal: { code: string; message: string }): Promise<never> {
    await this.journalRefusal({ status: 503, ...refusal, listener: accepted.kind, principal: accepted.principal });
    throw new SessionRefused(refusal.message);
  }

  /** Journals a caller a listener refused (bad credentials, Origin, limits) as a denied decision (cli/refusal-journal.ts). */
  journalRefusal(rejection: Rejection): Promise<void> {
    return this.#refusals.record(rejection);
  }

  /** Records how the upstream's processes are contained, so an unconfined upstream is on the record. */
  async journalConfinement(upstream: string, confinement: { sandbox: string; reason: string }): Promise<void> {
    try {
      await this.#journal.append({ kind: 'upstream-confinement', upstream, sandbox: confinement.sandbox, reason: confinement.reason });
    } catch (error) {
      await this.fail(error);
    }
  }

  /** Stops every session (in-flight requests get the shutdown grace), then closes the journal. */
  close(): Promise<GatewayExit> {
    this.#stopping ??= this.#stop();
    return this.done;
  }

  /** The journal (or what `label` names) failed: nothing more may be decided anywhere. */
  fail(error: unknown, label = 'the journal failed'): Promise<GatewayExit> {
    if (this.#failure === undefined) {
      this.#failure = error;
      this.#failureLabel = label;
    }
    return this.close();
  }

  /** Why no session of anyone can be taken now: what /readyz reports, and the first reason to refuse one. */
  #closed(): { code: string; message: string } | undefined {
    if (this.#stopping) return { code: 'shutting_down', message: 'mcp-warden is shutting down' };
    const { maxSessions } = this.#options.limits;
    if (this.#sessions.size >= maxSessions) return { code: 'too_many_sessions', message: `at capacity: ${this.#sessions.size} of ${maxSessions} sessions` };
    return undefined;
  }

  #refusal(principal: Principal): { code: string; message: string } | undefined {
    const closed = this.#closed();
    if (closed) return closed;
    const { maxSessionsPerPrincipal = 0 } = this.#options.limits;
    if (maxSessionsPerPrincipal > 0 && this.#sessionsOf(principal) >= maxSessionsPerPrincipal) {
      return { code: 'too_many_sessions', message: `too many sessions for ${principal.id} (the limit per principal is ${maxSessionsPerPrincipal})` };
    }
    return undefined;
  }

  /** One API key or token subject, however many agents share it, is one principal: same id, same authentication. */
  #sessionsOf(principal: Principal): number {
    let count = 0;
    for (const live of this.#sessions) {
      const other = live.session.principal;
      if (other.id === principal.id && other.authenticated_by === principal.authenticated_by) count++;
    }
    return count;
  }

  /** Sessions whose visible tools an approval or revocation may change are told to list them again. */
  #toolsApproved(records: readonly ApprovalRecord[]): void {
    const upstreams = new Set(records.map((r) => r.upstream));
    for (const live of this.#sessions) {
      const { upstream } = live.session;
      if (upstream === ALL_UPSTREAMS || upstreams.has(upstream)) void live.notifyClient('notifications/tools/list_changed');
    }
  }

  /** The router's own listing of an upstream: its definitions recorded, so pinning judges what it serves now. */
  #recordListing(upstream: string, listed: readonly JsonValue[]): void {
    try {
      this.#toolsOf(upstream).observe(listed, new Date().toISOString());
    } catch (error) {
      this.#options.log.info(`routing: ${upstream}: its tool listing is not recorded: ${errorMessage(error)}`);
    }
  }

  #toolsOf(upstreamName: string): ToolRegistry {
    return this.#tools.registry(upstreamName);
  }

  #ended(live: LiveSession, reason: StopReason): void {
    this.#sessions.delete(live);
    if (reason.reason === 'journal-failed') void this.fail(reason.error);
  }

  /**
   * The journal is closed (and its last checkpoint signed) once every session has journaled all
   * it will, not after their upstreams exited: a stdio server given its seconds to exit must not
   * push the close past the shutdown grace, where a supervisor's kill would leave it unclosed.
   * The exit still waits for the sessions to finish closing, so no server is left behind.
   */
  async #stop(): Promise<void> {
    const graceMs = this.#failure === undefined ? this.#options.limits.shutdownGraceMs : 0;
    const sessions = [...this.#sessions];
    const closed = Promise.all(sessions.map((live) => live.shutdown(graceMs)));
    await Promise.race([closed, Promise.all(sessions.map((live) => live.settled))]);
    await this.#watcher?.close();
    await this.#approvals?.close();
    await this.#tools.flush();
    await this.#refusals.close();
    let closeError: unknown;
    this.#journalClosed = true;
    try {
      await this.#journal.close();
    } catch (error) {
      closeError = error;
    }
    await closed;
    this.#resolveDone(this.#exit(closeError));
  }

  #exit(closeError: unknown): GatewayExit {
    if (this.#failure !== undefined) {
      return { code: 1, reason: `${this.#failureLabel}, stopped (fail closed): ${errorMessage(this.#failure)}` };
    }
    if (closeError !== undefined) return { code: 1, reason: `cannot close the journal: ${errorMessage(closeError)}` };
    return { code: 0, reason: 'stopped' };
  }
}

function logReload(log: Logger, report: PolicyLoadReport): void {
  if (report.ok && report.unchanged) {
    log.info(`policy unchanged: the sources match the policy in force (${report.digest})`);
    return;
  }
  if (report.ok) {
    log.info(`policy reloaded (${report.digest}, ${Math.round(report.durationMs)} ms)`);
    logWarnings(log, report.warnings);
    return;
  }
  log.diagnostics(report.errors);
  log.error(`policy reload failed; keeping the last good policy (${report.keptDigest ?? 'none'})`);
}
