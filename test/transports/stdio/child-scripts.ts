/**
 * Tiny upstream servers for the child transport tests, run with `node -e` so they need
 * neither tsx nor a build step and start in a few tens of milliseconds.
 */

/**
 * Relays the child's stdio to a Unix socket the test listens on (argv[1]), so the test
 * holds the far end of the transport's pipes: what the transport writes to the child's
 * stdin comes out of the socket and vice versa. Hanging up the socket ends the child.
 */
export const RELAY = `
const socket = require('node:net').connect(process.argv[1]);
socket.on('connect', () => {
  process.stdin.pipe(socket);
  socket.pipe(process.stdout);
});
const quit = () => process.exit(0);
socket.on('end', quit);
socket.on('close', quit);
socket.on('error', quit);
`;

/** Writes `lines` (ndjson) to stdout, then exits with `code` at once. */
export function writeThenExit(lines: readonly unknown[], code: number): string {
  return `
for (const line of ${JSON.stringify(lines)}) process.stdout.write(JSON.stringify(line) + '\\n');
process.exit(${code});
`;
}

/** Reports its environment, cwd and a stderr line, then stays up until stdin ends. */
export const REPORTER = `
process.stderr.write('diagnostics on stderr\\n');
const params = { env: process.env, cwd: process.cwd() };
process.stdout.write(JSON.stringify({ jsonrpc: '2.0', method: 'report', params }) + '\\n');
process.stdin.resume();
`;

/** Ignores EOF and SIGTERM: only SIGKILL ends it. Says "ready" once the trap is set. */
export const STUBBORN = `
process.on('SIGTERM', () => {});
setInterval(() => {}, 1000);
process.stdout.write(JSON.stringify({ jsonrpc: '2.0', method: 'ready' }) + '\\n');
`;

/** Ignores EOF but dies on SIGTERM like most processes. */
export const DEAF = `
setInterval(() => {}, 1000);
process.stdout.write(JSON.stringify({ jsonrpc: '2.0', method: 'ready' }) + '\\n');
`;
