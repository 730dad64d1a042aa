/**
 * What a test's far end has received and not yet taken, in order: `push` as items arrive, `end`
 * once no more can come, `next` waits for one with a deadline. Shared by the contract suite's
 * stream and WebSocket peers (frames) and the listener tests' SSE reader (events).
 */
export class Inbox<T> {
  private readonly items: T[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  /** `what` names an item in the errors: `no ${what} within N ms`. */
  constructor(private readonly what: string) {}

  push(item: T): void {
    this.items.push(item);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async next(timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (this.items.length === 0) {
      if (this.ended) throw new Error(`the stream ended before the next ${this.what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${this.what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.items.shift()!;
  }
}
