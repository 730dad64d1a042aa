/**
 * Loaded into the warden process the memory bench measures (`node --expose-gc --import`): on
 * SIGWINCH it collects garbage twice and prints the live heap to stderr. RSS alone follows how
 * much heap V8 happens to have reserved and swings by tens of MiB without any leak; the heap
 * after a forced collection grows only if something is kept.
 */
const collect = (globalThis as { gc?: () => void }).gc;

process.on('SIGWINCH', () => {
  collect?.();
  collect?.();
  process.stderr.write(`heap-probe ${collect ? process.memoryUsage().heapUsed : -1}\n`);
});
