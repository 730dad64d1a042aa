/** Timing helpers for the bench: nearest-rank percentiles over samples in milliseconds. */

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Runs `body` `warmup` times unmeasured, then `runs` times, returning each run's milliseconds. */
export async function sample(runs: number, warmup: number, body: () => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await body();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await body();
    out.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return out;
}

/** Same for synchronous bodies, without an await per iteration distorting microsecond timings. */
export function sampleSync(runs: number, warmup: number, body: () => unknown): number[] {
  for (let i = 0; i < warmup; i++) body();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    body();
    out.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return out;
}
