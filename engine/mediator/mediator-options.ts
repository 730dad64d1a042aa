/** What a Mediator is built from, and what its `open` starts. */
import type { TimeInfo } from '../decision/input.js';
import type { Decider } from '../decision/verdict.js';
import type { Session } from '../session/session.js';
import type { ToolSearch } from '../search/tool-search.js';
import type { DecisionJournal } from './audit.js';
import type { MessageChannel, Side } from './channel.js';

/** Twice the default message size limit (4 MiB), so the largest message never pauses alone. */
export const DEFAULT_CLIENT_QUEUE_BYTES = 8 * 1024 * 1024;

export interface MediatorOptions {
  client: MessageChannel;
  upstream: MessageChannel;
  session: Session;
  decider: Decider;
  journal: DecisionJournal;
  /** Transport errors and failed sends; neither stops the mediator. */
  onerror?: (error: Error, side: Side) => void;
  /** A request unanswered this long is answered with a timeout error and cancelled; 0 or absent = never. */
  requestTimeoutMs?: number;
  /** Requests each side may have in flight at once; beyond, a request is refused (-32000). Default: unbounded. */
  maxInFlight?: number;
  /** With nothing pending and no message for this long, the session stops; 0 or absent = never. */
  idleTimeoutMs?: number;
  /** Both channels deliver messages just decoded from the wire (see PlanContext.wireMessages). */
  wireMessages?: boolean;
  /**
   * Bytes of messages waiting for the client (queued behind a send it has not taken yet) past
   * which the upstream is paused; default DEFAULT_CLIENT_QUEUE_BYTES. Larger than the biggest
   * message, or a single one would pause the upstream.
   */
  clientQueueBytes?: number;
  /** Tool search for this session (engine/search); absent = off. */
  toolSearch?: ToolSearch;
  /** For tests: a fixed clock and predictable decision ids. */
  now?: () => TimeInfo;
  newDecisionId?: () => string;
}

/** What `open` starts: each channel's own start, which the mediator's owner holds. */
export interface ChannelStarts {
  upstream(): Promise<void>;
  client(): Promise<void>;
  /**
   * The client can be told of a refusal only inside the session (stdio): when the upstream cannot
   * start, the client channel is started all the same, so its requests are answered with why.
   */
  answerRefused?: boolean;
}
