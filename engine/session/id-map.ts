/**
 * Request id translation for one direction of one session. Clients reuse ids (some send id 1 on
 * every request), so the warden never forwards a peer's id: it assigns its own, unique on the
 * connection it forwards to, remembers the original, and maps the response back.
 */
import type { RequestId } from '../protocol/jsonrpc.js';

/** Hands out the ids used on one connection. Share one per upstream connection when several
 * sessions are multiplexed on it, so their forwarded ids never collide. */
export class IdAllocator {
  #next = 1;

  allocate(): number {
    return this.#next++;
  }
}

export interface Mapping<T> {
  originalId: RequestId;
  forwardedId: number;
  info: T;
  /** When it was forwarded (performance.now() ms), for request timeouts. */
  sentAt: number;
}

export class IdMap<T> {
  readonly #allocator: IdAllocator;
  readonly #byForwarded = new Map<number, Mapping<T>>();
  /** Latest forwarded id per original id; used to translate cancellations. */
  readonly #byOriginal = new Map<RequestId, number>();

  constructor(allocator: IdAllocator = new IdAllocator()) {
    this.#allocator = allocator;
  }

  /** Assigns a fresh forwarded id for a request the peer sent with `originalId`. */
  assign(originalId: RequestId, info: T): number {
    const forwardedId = this.#allocator.allocate();
    this.#byForwarded.set(forwardedId, { originalId, forwardedId, info, sentAt: performance.now() });
    this.#byOriginal.set(originalId, forwardedId);
    return forwardedId;
  }

  /** Removes and returns the mapping a response with `forwardedId` settles. Ids are matched
   * exactly: a string "7" does not settle the number 7, because the warden only sent numbers. */
  settle(forwardedId: RequestId | null): Mapping<T> | undefined {
    if (typeof forwardedId !== 'number') return undefined;
    const mapping = this.#byForwarded.get(forwardedId);
    if (!mapping) return undefined;
    this.#byForwarded.delete(forwardedId);
    if (this.#byOriginal.get(mapping.originalId) === forwardedId) this.#byOriginal.delete(mapping.originalId);
    return mapping;
  }

  /** The forwarded id of a request still pending under `originalId`, if any. */
  forwardedFor(originalId: RequestId): number | undefined {
    return this.#byOriginal.get(originalId);
  }

  /** The original id a still-pending forwarded id stands for, if any. */
  originalFor(forwardedId: RequestId): RequestId | undefined {
    return typeof forwardedId === 'number' ? this.#byForwarded.get(forwardedId)?.originalId : undefined;
  }

  /** Every pending mapping, oldest first, without settling any. */
  pending(): IterableIterator<Mapping<T>> {
    return this.#byForwarded.values();
  }

  /** Pending mappings forwarded before `time` (performance.now() ms), oldest first. */
  sentBefore(time: number): Mapping<T>[] {
    const old: Mapping<T>[] = [];
    // Map order is insertion order, which is forwarding order: stop at the first young one.
    for (const mapping of this.#byForwarded.values()) {
      if (mapping.sentAt >= time) break;
      old.push(mapping);
    }
    return old;
  }

  /** Every pending mapping, oldest first; drains the map (used when a side closes). */
  drain(): Mapping<T>[] {
    const all = [...this.#byForwarded.values()];
    this.#byForwarded.clear();
    this.#byOriginal.clear();
    return all;
  }

  get size(): number {
    return this.#byForwarded.size;
  }
}
