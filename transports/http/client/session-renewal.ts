/**
 * Session expiry over Streamable HTTP (MCP 2025-06-18, Transports > Session Management): a 404 to
 * a request carrying `Mcp-Session-Id` means the server forgot the session, and the client MUST
 * start a new one with a new InitializeRequest sent without a session id.
 *
 * Why in the transport and not in the composition root: the session id, and which POST went out
 * on which session, are this transport's alone, and so is knowing that a 404'd message never
 * reached the server (so it can be sent again without being decided twice). The handshake
 * repeats what the client sent and the transport already forwarded, so nothing here decides: the
 * engine's view of the session (protocol version, capabilities) must not move, which is why a
 * new session answering another protocol version ends the session, and why the new answer is
 * never delivered. Only with one upstream (the router re-initializes its upstreams itself).
 */
import { isJsonObject, type JsonObject, type JsonRpcMessage, type JsonRpcRequest } from '../../../engine/protocol/jsonrpc.js';
import { TransportError } from '../../errors.js';
import { SessionSetup } from './session-setup.js';

/** A message as it was POSTed: sent again as the same bytes. */
export interface Held {
  readonly body: Buffer;
  readonly message: JsonRpcMessage;
}

export interface RenewalWire {
  /** The session id POSTs go out with now. */
  readonly sessionId: string | undefined;
  /** POSTs initialize without a session id and adopts the one answered; resolves with the answer, or why there is none. */
  reinitialize(request: JsonRpcRequest): Promise<JsonRpcMessage | TransportError>;
  /** POSTs a request of the renewal's own on the new session, ahead of anything queued; resolves with its answer, never delivered. */
  ask(request: JsonRpcRequest): Promise<JsonRpcMessage | TransportError>;
  /** POSTs a notification ahead of anything queued; resolves once the server took it (or it failed, reported). */
  notify(message: JsonRpcMessage): Promise<void>;
  /** POSTs again, ahead of anything queued, a message the expired session refused. */
  resend(held: Held): void;
  deliver(message: JsonRpcMessage): void;
  /** A warning: the transport stays open. */
  report(error: TransportError): void;
  /** Reported, then the transport closes. */
  fail(error: TransportError): void;
}

export interface RenewalLimits {
  /** Expiries tolerated within `windowMs`; one more ends the session. */
  readonly maxRenewals: number;
  readonly windowMs: number;
}

/** More than this means the server cannot keep a session: renewing again would only loop. */
export const DEFAULT_RENEWAL_LIMITS: RenewalLimits = { maxRenewals: 3, windowMs: 60_000 };

const LISTS = ['tools', 'prompts', 'resources'] as const;

interface Handshake {
  readonly params: JsonObject;
  readonly protocolVersion: string;
  readonly capabilities: JsonObject;
}

export class SessionRenewal {
  /** The client's subscriptions and log level, which the transport feeds and a new session is given again. */
  readonly setup = new SessionSetup();
  #handshake: Handshake | undefined;
  #pending: Promise<boolean> | undefined;
  #held: Held[] = [];
  #expiries: number[] = [];
  #count = 0;

  constructor(
    private readonly wire: RenewalWire,
    private readonly limits: RenewalLimits = DEFAULT_RENEWAL_LIMITS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The client's handshake, once the server answered it: what a new session repeats and must match. */
  negotiated(params: JsonObject, result: JsonObject): void {
    const { protocolVersion } = result;
    if (this.#handshake || typeof protocolVersion !== 'string') return;
    this.#handshake = { params, protocolVersion, capabilities: isJsonObject(result.capabilities) ? result.capabilities : {} };
  }

  /** Set while a new session is being started: sends wait for it, so none goes out on the dead one. */
  get settled(): Promise<boolean> | undefined {
    return this.#pending;
  }

  /**
   * A 404 to something sent with session `sentWith`. `held`: a POSTed message, which the server
   * never took, so it is sent again on the new session; without it the error names a request that
   * was in flight on the old session, answered by the engine from the report. Resolves with
   * whether a session is live again.
   */
  expired(error: TransportError, sentWith: string, held?: Held): Promise<boolean> {
    if (!this.#handshake) {
      this.wire.fail(error);
      return Promise.resolve(false);
    }
    if (held) this.#hold(held);
    else if (error.detail?.id !== undefined) this.wire.report(error);
    if (this.#pending) return this.#pending;
    // Sent before the session was renewed: the new one is live, this only goes again.
    if (sentWith !== this.wire.sessionId) {
      this.#flush();
      return Promise.resolve(true);
    }
    return this.#begin(this.#handshake);
  }

  #begin(handshake: Handshake): Promise<boolean> {
    const at = this.now();
    this.#expiries = [...this.#expiries.filter((t) => at - t < this.limits.windowMs), at];
    const { maxRenewals, windowMs } = this.limits;
    if (this.#expiries.length > maxRenewals) {
      return Promise.resolve(this.#giveUp(new TransportError('io_error', `the upstream session expired ${this.#expiries.length} times within ${windowMs / 1000} s; not starting another`, {
        detail: { status: 404, reason: 'session_expired_repeatedly', expiries: this.#expiries.length, window_ms: windowMs },
      })));
    }
    this.wire.report(new TransportError('io_error', 'the upstream says the session has expired (HTTP 404); starting a new session', {
      detail: { status: 404, reason: 'session_expired', renewing: true },
    }));
    // Never rejects: sends wait on it.
    this.#pending = this.#renew(handshake).catch((error: unknown) => this.#giveUp(renewalFailed(String(error), new TransportError('io_error', String(error), { cause: error }))));
    return this.#pending;
  }

  async #renew(handshake: Handshake): Promise<boolean> {
    const id = `mcp-warden-renew-${++this.#count}`;
    const answer = await this.wire.reinitialize({ jsonrpc: '2.0', id, method: 'initialize', params: handshake.params });
    const refusal = refusalOf(answer, handshake.protocolVersion);
    if (refusal !== undefined) return this.#giveUp(renewalFailed(refusal, answer));
    await this.wire.notify({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const renewed = await this.#setUp(id);
    // In one step with the flush: a 404 arriving from now on is resent at once, never left held.
    this.#pending = undefined;
    const resent = this.#flush();
    this.wire.report(new TransportError('io_error', `started a new upstream session; ${resent} message(s) sent again, the client is told its lists may have changed`, {
      detail: { reason: 'session_renewed', resent, subscriptions: renewed.length },
    }));
    const capabilities = 'result' in answer && isJsonObject(answer.result.capabilities) ? answer.result.capabilities : {};
    for (const kind of LISTS) {
      if (isJsonObject(handshake.capabilities[kind]) || isJsonObject(capabilities[kind])) this.wire.deliver({ jsonrpc: '2.0', method: `notifications/${kind}/list_changed` });
    }
    // Whatever changed while no session was subscribed went unannounced: the client reads again.
    for (const uri of renewed) this.wire.deliver({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri } });
    return true;
  }

  /**
   * The client's log level and subscriptions, given to the new session; resolves with the URIs
   * subscribed again. A refusal is a warning naming what was lost, and the session goes on: the
   * client's calls still work, and ending the session would lose more than the subscription.
   */
  async #setUp(prefix: string): Promise<string[]> {
    const renewed: string[] = [];
    for (const request of this.setup.replay((index) => `${prefix}-setup-${index}`)) {
      const answer = await this.wire.ask(request);
      const uri = request.method === 'resources/subscribe' && isJsonObject(request.params) ? String(request.params.uri) : undefined;
      if (!(answer instanceof TransportError) && 'result' in answer) {
        if (uri !== undefined) renewed.push(uri);
        continue;
      }
      const why = answer instanceof TransportError ? answer.message : 'error' in answer ? `error ${answer.error.code}` : 'no result';
      this.wire.report(new TransportError('io_error', `the new upstream session did not take the client's ${uri === undefined ? 'log level' : 'subscription'} again: ${why}`, {
        detail: { reason: 'setup_not_renewed', method: request.method, ...(uri === undefined ? {} : { uri }) },
      }));
    }
    return renewed;
  }

  /**
   * A response answered a request of the expired session, which the new one never sent; the
   * renewal sends its own notifications/initialized. Everything else goes again.
   */
  #hold(held: Held): void {
    const { message } = held;
    if (!('method' in message) || message.method === 'notifications/initialized') return;
    this.#held.push(held);
  }

  #flush(): number {
    const held = this.#held;
    this.#held = [];
    for (const one of held) this.wire.resend(one);
    return held.length;
  }

  /** Held messages are not answered here: the closing transport ends the session, and the engine answers every open request. */
  #giveUp(error: TransportError): false {
    this.#pending = undefined;
    this.#held = [];
    this.wire.fail(error);
    return false;
  }
}

/** Why a new session's initialize answer cannot continue the client's session, if it cannot. */
function refusalOf(answer: JsonRpcMessage | TransportError, negotiated: string): string | undefined {
  if (answer instanceof TransportError) return answer.message;
  if ('error' in answer) return `the upstream answered the new initialize with error ${answer.error.code}`;
  if (!('result' in answer)) return 'the upstream answered the new initialize with no result';
  const version = answer.result.protocolVersion;
  if (version !== negotiated) {
    return `the upstream answered the new initialize with protocol version ${JSON.stringify(version ?? null)}, not the ${negotiated} the client negotiated`;
  }
  return undefined;
}

function renewalFailed(why: string, answer: JsonRpcMessage | TransportError): TransportError {
  return new TransportError('io_error', `cannot start a new upstream session after it expired: ${why}`, {
    detail: { reason: 'session_renewal_failed' },
    ...(answer instanceof TransportError ? { cause: answer } : {}),
  });
}
