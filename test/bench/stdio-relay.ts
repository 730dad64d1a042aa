/**
 * The floor of any stdio->stdio proxy written for Node, for `make bench`: it starts the server
 * and copies bytes both ways without reading a message. What it costs (a third process, two more
 * pipe hops, its wake-ups) every such proxy pays too, so the stdio targets can be read against it.
 * Usage: node stdio-relay.js COMMAND ARGS...
 */
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  process.stderr.write('usage: stdio-relay COMMAND ARGS...\n');
  process.exit(2);
}
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
process.stdin.pipe(child.stdin);
child.stdout.pipe(process.stdout);
child.on('exit', (code) => process.exit(code ?? 1));
