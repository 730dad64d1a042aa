/**
 * The per-session half of the composition root: one accepted client transport, its own upstream
 * transport, the principal the listener authenticated, and the Mediator deciding between them.
 * A session's end closes only itself; the gateway decides what a journal failure stops.
 */
import { Mediator, type StopReason } from '../engine/mediator/index.js';
import type { DecisionJournal } from '../engine/mediator/index.js';
import type { Decider } from '../engine/decision/verdict.js';
import type { MessageChannel } from '../engine/mediator/index.js';
import { Session, type ToolRegistry } from '../engine/session/index.js';
import type { RoutingView } from '../engine/session/session.js';
import type { AcceptedSession } from '../transports/contract.js';
import { errorMessage, type Logger } from './log.js';
import { withoutUrlSecrets } from './url-secrets.js';
import { ToolSearch, type ToolSearchSettings } from '../engine/search/tool-search.js';

export interface SessionLimits {
  /** A forwarded request unanswered this long gets an error and is cancelled upstream; 0 = never. */
  requestTimeoutMs: number;
  /** A session with nothing pending and no message for this long is closed; 0 = never. */
  idleTimeoutMs: number;
  /** On shutdown, in-flight requests get this long to be answered. */
  shutdownGraceMs: number;
  /** Requests each side of a session may have in flight at once. */
  maxInFlight: number;
}

/** The upstream side of a session: one upstream's transport, or a router over several (engine/router). */
export interface UpstreamSide extends MessageChannel {
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface AttachOptions {
  accepted: AcceptedSession;
  upstream: UpstreamSide;
  upstreamName: string;
  tools: ToolRegistry;
  /** Several upstreams behind the session: which one each message concerns. */
  routing?: RoutingView;
  decider: Decider;
  journal: DecisionJournal;
  limits: SessionLimits;
  log: Logger;
  /** Tool search on: each session gets its own searchable listing. */
  toolSearch?: ToolSearchSettings;
}

export interface LiveSession {
  readonly session: Session;
  /** Starts the upstream, then the client side; rejects (with both closed) if either fails. */
  start(): Promise<void>;
  /** Resolves once the session has stopped and both sides were asked to close. */
  readonly done: Promise<StopReason>;
  /** Resolves once the stopping session has journaled all it will; its sides may still be closing. */
  readonly settled: Promise<void>;
  /** Lets in-flight requests finish for up to `graceMs`, then closes the session. */
  shutdown(graceMs: number): Promise<void>;
  /** Sends the client a notification warden originates (journaled first). */
  notifyClient(method: string): Promise<void>;
}

export function attachSession(options: AttachOptions): LiveSession {
  const { accepted, upstream, limits, log } = options;
  const session = new Session({
    transport: accepted.kind,
    upstream: options.upstreamName,
    principal: accepted.principal,
    protocolVersion: accepted.transport.protocolVersion,
    tools: options.tools,
    ...(options.routing ? { routing: options.routing } : {}),
  });
  const label = `session ${session.id.slice(0, 8)} (${accepted.kind}, ${accepted.principal.id})`;
  const mediator = new Mediator({
    client: accepted.transport,
    upstream,
    session,
    decider: options.decider,
    journal: options.journal,
    // Every transport here hands over what its framing decoded (depth-checked, held by no one else).
    wireMessages: true,
    requestTimeoutMs: limits.requestTimeoutMs,
    idleTimeoutMs: limits.idleTimeoutMs,
    maxInFlight: limits.maxInFlight,
    ...(options.toolSearch ? { toolSearch: new ToolSearch(options.toolSearch) } : {}),
    onerror: (error, side) => log.error(`${label}: ${side}: ${error.message}`),
  });
  mediator.start();
  return {
    session,
    done: mediator.done,
    settled: mediator.settled,
    shutdown: (graceMs) => mediator.shutdown(graceMs),
    notifyClient: (method) => mediator.notifyClient(method),
    // A failed start closes both transports; the failure's text is shown to the client and journaled.
    start: () => mediator.open({
      upstream: () => upstream.start().catch((error: unknown) => { throw new Error(withoutUrlSecrets(errorMessage(error)), { cause: error }); }),
      client: () => accepted.transport.start(),
      answerRefused: accepted.refusedInSession === true,
    }),
  };
}
