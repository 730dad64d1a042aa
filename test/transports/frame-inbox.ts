/**
 * The frames a contract-suite peer has received and not yet read, in order: `push` as they
 * arrive, `next` waits for one with a deadline. Shared by the stream and WebSocket peers.
 */
export class FrameInbox {
  private readonly frames: Buffer[] = [];
  private wake: (() => void) | undefined;

  push(frame: Buffer): void {
    this.frames.push(frame);
    this.wake?.();
  }

  async next(timeoutMs: number): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame from the transport within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.frames.shift()!;
  }
}
