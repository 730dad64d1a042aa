/**
 * The start/close state machine every transport shares, so the contract's lifecycle rules
 * (second start throws, close is idempotent, onclose fires exactly once) live in one place.
 */
import { TransportError } from './errors.js';

type State = 'idle' | 'open' | 'closing' | 'closed';

export class Lifecycle {
  private state: State = 'idle';
  private started = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly transportName: string) {}

  /** Call first thing in start(); throws the contract's error when start is not allowed. */
  get hasStarted(): boolean {
    return this.started;
  }

  begin(): void {
    if (this.started) throw new TransportError('already_started', `${this.transportName}: start called twice`);
    if (this.state !== 'idle') throw new TransportError('closed', `${this.transportName}: start after close`);
    this.started = true;
    this.state = 'open';
  }

  /** Why a send must be refused right now, or undefined when it may proceed. */
  sendRefusal(): TransportError | undefined {
    if (this.state === 'idle') return new TransportError('not_started', `${this.transportName}: send before start`);
    if (this.state !== 'open') return new TransportError('closed', `${this.transportName}: send after close`);
    return undefined;
  }

  /**
   * Runs `shutdown` once and then `fireOnClose`, even when shutdown throws; every call gets
   * the same promise, which settles after onclose has fired.
   */
  close(shutdown: () => Promise<void>, fireOnClose: () => void): Promise<void> {
    if (this.closing) return this.closing;
    // Kept before shutdown runs: shutdown starts synchronously, and whatever it ends may call
    // close() again (a stream ending closes the session it belongs to), which must get this
    // same promise instead of running shutdown and onclose a second time.
    let settle!: { resolve: () => void; reject: (error: unknown) => void };
    this.closing = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    this.runClose(shutdown, fireOnClose).then(settle.resolve, settle.reject);
    return this.closing;
  }

  private async runClose(shutdown: () => Promise<void>, fireOnClose: () => void): Promise<void> {
    this.state = 'closing';
    try {
      await shutdown();
    } finally {
      this.state = 'closed';
      fireOnClose();
    }
  }
}
