/**
 * Runs a write after a quiet period, never two at once: a burst of changes becomes one write of
 * the latest state, and a change during a write is written after it, so nothing is lost.
 */
export interface DebouncedWriterOptions {
  /** Writes the current state (read at call time, not when the change was scheduled). */
  write: () => Promise<void>;
  delayMs: number;
  onError: (error: unknown) => void;
}

export class DebouncedWriter {
  readonly #options: DebouncedWriterOptions;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #dirty = false;

  constructor(options: DebouncedWriterOptions) {
    this.#options = options;
  }

  schedule(): void {
    this.#dirty = true;
    this.#arm();
  }

  /** Resolves once every change scheduled so far is written (or its write failed). */
  async flush(): Promise<void> {
    while (this.#timer !== undefined || this.#writing !== undefined || this.#dirty) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      if (this.#writing) await this.#writing;
      else this.#start();
    }
  }

  #arm(): void {
    if (this.#timer !== undefined || this.#writing !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#start();
    }, this.#options.delayMs);
  }

  #start(): void {
    this.#dirty = false;
    this.#writing = this.#options.write()
      .catch((error: unknown) => this.#options.onError(error))
      .finally(() => {
        this.#writing = undefined;
        if (this.#dirty) this.#arm();
      });
  }
}
