import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendWithLock, approvalLogFile, ApprovalLogError, readLog } from '../../../engine/approvals/approval-log.js';
import type { ApprovalRecord } from '../../../engine/approvals/record.js';
import { withDir } from '../journal/helpers.js';
import { LOCK_STALE_MS } from '../../../engine/journal/lock.js';

const HASH = 'a'.repeat(64);

function record(tool: string, op: ApprovalRecord['op'] = 'approve'): ApprovalRecord {
  return { v: 1, id: randomUUID(), op, upstream: 'fs', tool, hash: HASH, by: 'alice', at: '2026-01-01T00:00:00.000Z' };
}

function scratch(fn: (state: string) => Promise<void>): Promise<void> {
  return withDir((dir) => fn(path.join(dir, 'state')));
}

test('records append under the lock, read back in order; the lock file is gone after', () => scratch(async (state) => {
  await appendWithLock(state, () => [record('a'), record('b')]);
  const seen: number[] = [];
  await appendWithLock(state, (logged) => {
    seen.push(logged.length);
    return [record('a', 'revoke')];
  });
  assert.equal(seen, [2]);
  const { records, end } = readLog(approvalLogFile(state));
  assert.equal(records.map((r) => `${r.op} ${r.tool}`), ['approve a', 'approve b', 'revoke a']);
  assert.is(end, (await stat(approvalLogFile(state))).size);
  assert.is((await stat(approvalLogFile(state))).mode & 0o777, 0o600);
  assert.is((await stat(path.dirname(approvalLogFile(state)))).mode & 0o777, 0o700);
  assert.is(await stat(path.join(path.dirname(approvalLogFile(state)), 'approvals.lock')).then(() => 'held', () => 'free'), 'free');
}));

test('a line being written is not read; a torn tail a crashed writer left is cut by the next writer', () => scratch(async (state) => {
  await appendWithLock(state, () => [record('a')]);
  const file = approvalLogFile(state);
  await appendFile(file, '{"v":1,"id":');
  assert.is(readLog(file).records.length, 1);
  await appendWithLock(state, () => [record('b')]);
  assert.equal(readLog(file).records.map((r) => r.tool), ['a', 'b']);
}));

test('a line that is not a record distrusts the log, naming the file and line', () => scratch(async (state) => {
  await appendWithLock(state, () => [record('a')]);
  const file = approvalLogFile(state);
  await appendFile(file, '{"v":1,"op":"approve"}\n');
  assert.throws(() => readLog(file), (e: unknown) => e instanceof ApprovalLogError && e.message.includes(`${file}: line 2`));
}));

test('a record that readers would refuse is never written', () => scratch(async (state) => {
  const bad = { ...record('x'.repeat(600)) };
  await appendWithLock(state, () => [record('ok'), bad]).then(() => assert.unreachable('must refuse'), () => undefined);
  assert.equal(readLog(approvalLogFile(state)).records, []);
}));

test('a lock left by a process that is gone is taken over; a live one makes a writer wait, then give up', () => scratch(async (state) => {
  await appendWithLock(state, () => []);
  const lock = path.join(path.dirname(approvalLogFile(state)), 'approvals.lock');
  await writeFile(lock, '999999999\n');
  await appendWithLock(state, () => [record('a')]);
  await writeFile(lock, `${process.pid}\n`);
  const error = await appendWithLock(state, () => [record('b')], { timeoutMs: 50 }).then(() => undefined, (e: unknown) => e);
  assert.instance(error, ApprovalLogError);
  assert.match((error as Error).message, /locked by process/);
  await rm(lock);
  assert.is(readLog(approvalLogFile(state)).records.length, 1);
}));

test('a lock from another PID namespace is not judged by its pid: waited for while in use, taken over once a minute unused', () => scratch(async (state) => {
  await appendWithLock(state, () => []);
  const lock = path.join(path.dirname(approvalLogFile(state)), 'approvals.lock');
  // A pid that is gone here, in a namespace that is not this one: it may be alive there.
  await writeFile(lock, '999999999\nanother-boot pid:[4026531836]\n');
  const error = await appendWithLock(state, () => [record('a')], { timeoutMs: 50 }).then(() => undefined, (e: unknown) => e);
  assert.instance(error, ApprovalLogError);
  assert.match((error as Error).message, /locked by process 999999999 in another PID namespace or on another machine/);
  const then = new Date(Date.now() - LOCK_STALE_MS - 1000);
  await utimes(lock, then, then);
  await appendWithLock(state, () => [record('b')]);
  assert.equal(readLog(approvalLogFile(state)).records.map((r) => r.tool), ['b']);
}));

test('two processes approving at once lose nothing', () => scratch(async (state) => {
  const logModule = new URL('../../../engine/approvals/approval-log.js', import.meta.url).href;
  const writer = (name: string) => `
    import { randomUUID } from 'node:crypto';
    import { appendWithLock } from ${JSON.stringify(logModule)};
    for (let i = 0; i < 40; i++) {
      await appendWithLock(${JSON.stringify(state)}, () => [{ v: 1, id: randomUUID(), op: 'approve', upstream: 'fs', tool: '${name}-' + i, hash: '${HASH}', by: '${name}', at: new Date().toISOString() }]);
    }`;
  const run = (name: string) => new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', writer(name)], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
  assert.equal(await Promise.all([run('p1'), run('p2')]), [0, 0]);
  const { records } = readLog(approvalLogFile(state));
  assert.is(records.length, 80);
  assert.is(new Set(records.map((r) => r.tool)).size, 80);
  const text = await readFile(approvalLogFile(state), 'utf8');
  assert.is(text.split('\n').length, 81, 'one record per line, nothing interleaved');
  assert.ok(fileURLToPath(logModule).endsWith('approval-log.js'));
}));

test('a log larger than a read is read whole, from the start and from any line on', () => scratch(async (state) => {
  const count = 5000;
  await appendWithLock(state, () => Array.from({ length: count }, (_, i) => record(`tool-${i}`)));
  const file = approvalLogFile(state);
  const { size } = await stat(file);
  assert.ok(size > 1024 * 1024, `${size} bytes: more than one chunk`);
  const all = readLog(file);
  assert.equal(all.records.map((r) => r.tool), Array.from({ length: count }, (_, i) => `tool-${i}`));
  assert.is(all.end, size);
  const text = await readFile(file, 'utf8');
  const from = text.indexOf('\n', 1024 * 1024 - 10) + 1;
  const rest = readLog(file, from);
  assert.is(rest.records.length, text.slice(from).split('\n').length - 1);
  assert.is(rest.records[0]!.id, readLog(file).records[all.records.length - rest.records.length]!.id);
  await appendFile(file, '{"v":1,"id":');
  assert.is(readLog(file).end, size, 'a line still being written is not read');
}));

/** What someone who can write the state directory can put under the log's name. */
const impostors: Array<{ name: string; kind: string; put(file: string): Promise<void> }> = [
  { name: 'a FIFO', kind: 'a FIFO', put: async (file) => assert.is(spawnSync('mkfifo', [file]).status, 0) },
  { name: 'a link to /dev/zero', kind: 'a device', put: (file) => symlink('/dev/zero', file) },
  { name: 'a directory', kind: 'a directory', put: (file) => mkdir(file) },
];

for (const impostor of impostors) {
  test(`a log replaced by ${impostor.name} is an error naming it, not a read that blocks the warden`, () => scratch(async (state) => {
    await appendWithLock(state, () => [record('a')]);
    const file = approvalLogFile(state);
    await rm(file);
    await impostor.put(file);
    // readLog is synchronous: a read that blocks would block this process too, so a child reads.
    const logModule = new URL('../../../engine/approvals/approval-log.js', import.meta.url).href;
    const script = `import { readLog } from ${JSON.stringify(logModule)};
try { readLog(${JSON.stringify(file)}); console.log('read'); } catch (error) { console.log(error.name + ': ' + error.message); }`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 10_000, encoding: 'utf8' });
    assert.is(child.signal, null, `the read did not return within 10 s (${impostor.name})`);
    assert.is(child.stdout.trim(), `ApprovalLogError: cannot read the approvals log ${file}: not a regular file (${impostor.kind})`);
    const writing = await appendWithLock(state, () => [record('b')]).then(() => undefined, (e: unknown) => e);
    assert.instance(writing, ApprovalLogError);
  }));
}

test.run();
