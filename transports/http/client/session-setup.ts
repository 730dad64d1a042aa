/**
 * What the client set up on an upstream session that lives in the session itself: its resource
 * subscriptions and its log level (MCP: `resources/subscribe`, `logging/setLevel`). A session
 * started after the old one expired (session-renewal.ts) knows neither, so the client would stop
 * getting `notifications/resources/updated` and log messages at its level without being told.
 *
 * Only what the server accepted counts: a request is remembered when sent and applied when its
 * result arrives; an error answer, or none, changes nothing.
 */
import { isJsonObject, type JsonObject, type JsonRpcMessage, type JsonRpcRequest, type RequestId } from '../../../engine/protocol/jsonrpc.js';

const TRACKED = new Set(['resources/subscribe', 'resources/unsubscribe', 'logging/setLevel']);
/** Requests awaiting their answer; one never answered (its session expired) must not stay forever. */
const MAX_ASKED = 256;

export class SessionSetup {
  readonly #asked = new Map<RequestId, JsonRpcRequest>();
  readonly #subscriptions = new Set<string>();
  #level: JsonObject | undefined;

  /** A message going to the server. */
  sent(message: JsonRpcMessage): void {
    if (!('method' in message) || !('id' in message) || !TRACKED.has(message.method)) return;
    if (this.#asked.size >= MAX_ASKED) this.#asked.delete(this.#asked.keys().next().value!);
    this.#asked.set(message.id, message);
  }

  /** A message from the server. */
  received(message: JsonRpcMessage): void {
    if ('method' in message || !('id' in message) || message.id === null) return;
    const request = this.#asked.get(message.id);
    if (!request) return;
    this.#asked.delete(message.id);
    if ('result' in message) this.#apply(request);
  }

  /** The subscriptions held now, in the order they were made. */
  get subscriptions(): readonly string[] {
    return [...this.#subscriptions];
  }

  /** The requests that set up a new session as this one: the log level, then each subscription. */
  replay(idFor: (index: number) => string): JsonRpcRequest[] {
    const requests: JsonRpcRequest[] = [];
    if (this.#level) requests.push({ jsonrpc: '2.0', id: idFor(requests.length), method: 'logging/setLevel', params: this.#level });
    for (const uri of this.#subscriptions) requests.push({ jsonrpc: '2.0', id: idFor(requests.length), method: 'resources/subscribe', params: { uri } });
    return requests;
  }

  #apply(request: JsonRpcRequest): void {
    const params = isJsonObject(request.params) ? request.params : {};
    if (request.method === 'logging/setLevel') {
      this.#level = params;
      return;
    }
    const { uri } = params;
    if (typeof uri !== 'string') return;
    if (request.method === 'resources/subscribe') this.#subscriptions.add(uri);
    else this.#subscriptions.delete(uri);
  }
}
