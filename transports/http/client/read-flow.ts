/**
 * Pauses and resumes every response body the upstream transport is reading (contract `pause`):
 * a paused body is not read, so TCP slows the server down. Bodies opened while paused start
 * paused; a body leaves once it closed.
 */
import type http from 'node:http';

export class ReadFlow {
  private readonly bodies = new Set<http.IncomingMessage>();
  private paused = false;

  /** Call before listening for 'data': an explicitly paused stream stays paused when one listens. */
  track(res: http.IncomingMessage): void {
    this.bodies.add(res);
    res.once('close', () => this.bodies.delete(res));
    if (this.paused) res.pause();
  }

  pause(): void {
    this.paused = true;
    for (const res of this.bodies) res.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const res of this.bodies) res.resume();
  }
}
