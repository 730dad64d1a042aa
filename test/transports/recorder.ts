/**
 * Records what a transport reports, and lets a test wait until something has arrived
 * instead of sleeping for a guessed amount of time.
 */
import type { JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import type { Transport } from '../../transports/contract.js';
import type { TransportError } from '../../transports/errors.js';

interface Waiter {
  readonly ready: () => boolean;
  readonly resolve: () => void;
}

export class Recorder {
  readonly messages: JsonRpcMessage[] = [];
  readonly errors: TransportError[] = [];
  closes = 0;
  private waiters: Waiter[] = [];

  constructor(transport: Transport) {
    transport.onmessage = (message) => this.record(() => this.messages.push(message));
    transport.onerror = (error) => this.record(() => this.errors.push(error));
    transport.onclose = () => this.record(() => this.closes++);
  }

  get errorCodes(): string[] {
    return this.errors.map((error) => error.code);
  }

  /** Resolves once `ready()` holds; rejects naming `what` after `timeoutMs`. */
  until(ready: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== done);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ ready, resolve: done });
    });
  }

  untilMessages(count: number, timeoutMs?: number): Promise<void> {
    return this.until(() => this.messages.length >= count, `${count} message(s), have ${this.messages.length}`, timeoutMs);
  }

  untilErrors(count: number, timeoutMs?: number): Promise<void> {
    return this.until(() => this.errors.length >= count, `${count} error(s), have ${this.errors.length}`, timeoutMs);
  }

  untilClosed(timeoutMs?: number): Promise<void> {
    return this.until(() => this.closes > 0, 'onclose', timeoutMs);
  }

  private record(change: () => void): void {
    change();
    const ready = this.waiters.filter((waiter) => waiter.ready());
    this.waiters = this.waiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) waiter.resolve();
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
