/**
 * Collects a child's stderr and lets the caller wait for a line that has not been seen yet:
 * warden announces policy reloads there, so the demo knows when an edit has taken effect.
 */
import type { Readable } from 'node:stream';

export class StderrLog {
  #text = '';
  #consumed = 0;
  #waiters: Array<() => void> = [];

  constructor(stream: Readable, echo?: (chunk: string) => void) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      this.#text += chunk;
      echo?.(chunk);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  get text(): string {
    return this.#text;
  }

  /** The first line matching `pattern` after the previous match; rejects after `timeoutMs`. */
  async next(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.#find(pattern);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${pattern} on stderr`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  #find(pattern: RegExp): string | undefined {
    const lines = this.#text.slice(this.#consumed).split('\n');
    let offset = this.#consumed;
    // The last piece may be a line still being written.
    for (const line of lines.slice(0, -1)) {
      offset += line.length + 1;
      if (pattern.test(line)) {
        this.#consumed = offset;
        return line;
      }
    }
    return undefined;
  }
}
