/**
 * container-run against a fake engine: a shell script whose `run` behaves like a client whose
 * container ignores EOF and SIGTERM (it only ends when `kill NAME` kills it), and whose `kill`
 * records the name once the container is dead (recorded first, a test could end and remove the
 * state directory before the kill read the pid, and leave the container running). Real engines are exercised in container.test.ts and the hostile-upstream test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { until } from '../../../support/until.js';

const CONTAINER_RUN = fileURLToPath(new URL('../../../../transports/stdio/sandbox/container-run.js', import.meta.url));

const FAKE_ENGINE = `#!/bin/sh
state=$(dirname "$0")
case "$1" in
  run)
    [ "$2" = echo ] && exec cat
    [ "$2" = exit ] && exit "$3"
    echo $$ > "$state/pid.new" && mv "$state/pid.new" "$state/pid"
    trap '' TERM INT HUP
    while :; do sleep 0.05; done ;;
  kill)
    while [ ! -f "$state/pid" ]; do sleep 0.05; done
    kill -9 "$(cat "$state/pid")"
    echo "$2" >> "$state/killed" ;;
esac
`;

let dir: string;
let engine: string;

test.before.each(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mcp-warden-container-run-'));
  engine = path.join(dir, 'engine');
  await writeFile(engine, FAKE_ENGINE);
  await chmod(engine, 0o755);
});

test.after.each(async () => {
  await rm(dir, { recursive: true, force: true });
});

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

const killed = (): string => (existsSync(path.join(dir, 'killed')) ? readFileSync(path.join(dir, 'killed'), 'utf8') : '');

test('the client\'s own exit code is the exit code', async () => {
  const child = spawn(process.execPath, [CONTAINER_RUN, engine, 'box-1', 'run', 'exit', '3'], { stdio: 'ignore' });
  assert.is(await exitOf(child), 3);
  assert.is(killed(), '');
});

test('stdin and stdout are the engine\'s: the bytes pass untouched', async () => {
  const child = spawn(process.execPath, [CONTAINER_RUN, engine, 'box-1', 'run', 'echo'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stdin!.end('{"jsonrpc":"2.0","id":1}\n');
  assert.is(await exitOf(child), 0);
  assert.is(out, '{"jsonrpc":"2.0","id":1}\n');
});

test('SIGTERM kills the container by name, even one that ignores signals, and the process exits', async () => {
  const child = spawn(process.execPath, [CONTAINER_RUN, engine, 'box-2', 'run', 'stubborn'], { stdio: 'ignore' });
  await until(() => existsSync(path.join(dir, 'pid')), 'the fake container to start');
  const exited = exitOf(child);
  child.kill('SIGTERM');
  await exited;
  assert.is(killed(), 'box-2\n');
});

test('warden disappearing kills the container too', async () => {
  // sh starts container-run in the background and exits once the container runs: container-run's parent is gone.
  const script = `"${process.execPath}" "${CONTAINER_RUN}" "${engine}" box-3 run stubborn >/dev/null 2>&1 &
    while [ ! -f "${path.join(dir, 'pid')}" ]; do sleep 0.05; done`;
  const parent = spawn('/bin/sh', ['-c', script], { stdio: 'ignore' });
  await exitOf(parent);
  await until(() => killed() === 'box-3\n', 'the orphaned container-run to kill its container');
});

test('usage errors exit 2', async () => {
  assert.is(await exitOf(spawn(process.execPath, [CONTAINER_RUN, engine], { stdio: 'ignore' })), 2);
});

test.run();
