/**
 * The process warden starts for a containerised server: `node container-run.js ENGINE NAME
 * RUN-ARGS...`. It runs `ENGINE RUN-ARGS...` on warden's own pipes and makes sure the container
 * goes with it. Killing `podman run` or `docker run` only kills the client: the container
 * keeps running, and a server that ignores EOF would outlive its session. So when this process
 * is told to stop, or warden disappears, it kills the container by name, and exits with the client.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** How often to check that warden is still there (bubblewrap's --die-with-parent, by polling). */
const PARENT_CHECK_MS = 500;
/** A stop that comes before the container exists finds nothing to kill: try again until it goes. */
const KILL_RETRY_MS = 1000;

function main(argv: readonly string[]): void {
  // Before anything can take time: warden may already be gone by then.
  const parent = process.ppid;
  const [engine, name, ...runArgs] = argv;
  if (engine === undefined || name === undefined || runArgs.length === 0) {
    process.stderr.write('usage: container-run ENGINE NAME RUN-ARGS...\n');
    process.exit(2);
  }
  const client = spawn(engine, runArgs, { stdio: 'inherit' });
  const kill = (): void => void spawn(engine, ['kill', name], { stdio: 'ignore' }).on('error', () => undefined);
  let retry: NodeJS.Timeout | undefined;
  const stop = (): void => {
    if (retry !== undefined) return;
    kill();
    retry = setInterval(kill, KILL_RETRY_MS);
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, stop);
  const watch = setInterval(() => {
    if (process.ppid !== parent) stop();
  }, PARENT_CHECK_MS);
  client.on('error', (error) => {
    process.stderr.write(`container-run: cannot start ${engine}: ${error.message}\n`);
    process.exit(127);
  });
  client.on('exit', (code, signal) => {
    clearInterval(watch);
    clearInterval(retry);
    process.exit(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
  });
}

main(process.argv.slice(2));
