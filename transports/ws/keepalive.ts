/**
 * Ping/pong keepalive: a ping every interval, and a peer that has not answered the previous
 * ping by the next one is declared dead. TCP alone can take hours to notice a vanished peer,
 * and a half-open session would hold an upstream connection all that time.
 */
import type { WebSocket } from 'ws';

export class Keepalive {
  private timer: NodeJS.Timeout | undefined;
  private answered = true;

  constructor(
    private readonly socket: WebSocket,
    private readonly intervalMs: number,
    private readonly onDead: () => void,
  ) {}

  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.socket.on('pong', this.onPong);
    this.timer = setInterval(this.tick, this.intervalMs);
    // The socket keeps the process alive while it matters; the timer alone must not.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.socket.off('pong', this.onPong);
  }

  private readonly tick = (): void => {
    if (!this.answered) {
      this.stop();
      this.onDead();
      return;
    }
    this.answered = false;
    this.socket.ping();
  };

  private readonly onPong = (): void => {
    this.answered = true;
  };
}
