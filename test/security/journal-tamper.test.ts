/**
 * Attacks on the journal by someone who can write its directory but does not hold the signing
 * key, each reproduced against the real openJournal/verifyJournal and the built `warden verify`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openJournal, verifyJournal, type JournalError } from '../../engine/journal/index.js';
import { WARDEN } from '../e2e/support/repo.js';
import { CHECKPOINT_1, forgeCheckpoint, journalIdOf, keyPair, withDir, readLines, rechain, SEGMENT_1, writeJournal, writeLines } from '../engine/journal/helpers.js';

const { privateKey, publicKey } = keyPair();
const JOURNAL_INDEX = pathToFileURL(path.resolve(path.dirname(WARDEN), '../engine/journal/index.js')).href;

/** `warden verify` with the key pinned from a PEM file, and a home without a key of its own. */
async function wardenVerify(dir: string): Promise<{ status: number | null; stdout: string }> {
  const pem = path.join(dir, '..', `${path.basename(dir)}.pub.pem`);
  await writeFile(pem, publicKey.export({ type: 'spki', format: 'pem' }));
  try {
    const env = { ...process.env, MCP_WARDEN_HOME: path.join(dir, 'no-home') };
    const result = spawnSync(process.execPath, [WARDEN, 'verify', '--public-key', pem, dir], { env, encoding: 'utf8', timeout: 20_000 });
    return { status: result.status, stdout: result.stdout };
  } finally {
    await rm(pem, { force: true });
  }
}

async function openError(dir: string): Promise<string> {
  try {
    await (await openJournal({ dir, signingKey: privateKey })).close();
  } catch (err) {
    return (err as JournalError).code;
  }
  return 'opened';
}

/**
 * A writer in a child process: opens, appends `count` decisions, waits `waitMs`, then is killed
 * with SIGKILL, as a crash would stop it. Returns once the process is gone.
 */
async function crashAfter(dir: string, count: number, waitMs: number): Promise<void> {
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const script = `
    const { createPrivateKey } = await import('node:crypto');
    const { openJournal } = await import(${JSON.stringify(JOURNAL_INDEX)});
    const journal = await openJournal({ dir: ${JSON.stringify(dir)}, signingKey: createPrivateKey(${JSON.stringify(pem)}) });
    for (let i = 0; i < ${count}; i++) await journal.append({ kind: 'decision', allow: true, n: i });
    process.stdout.write('ready\\n');
    setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('writer child did not get ready')), 15_000);
    child.stdout.on('data', () => {
      clearTimeout(timer);
      setTimeout(() => child.kill('SIGKILL'), waitMs);
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

test('a re-chained edit of the last lines plus a deleted newest checkpoint is refused, never re-signed', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 10, { signingKey: privateKey });
    const file = path.join(dir, SEGMENT_1);
    const lines = await readLines(file);
    await writeLines(file, rechain(lines, (e) => (e.seq as number) >= 10 && (e.allow = true)));
    await rm(path.join(dir, CHECKPOINT_1));
    assert.is(await openError(dir), 'checkpoint_missing');
    const report = await verifyJournal(dir, { publicKey });
    assert.not.ok(report.ok);
    assert.is((await wardenVerify(dir)).status, 1);
  }));

test('the same attack on the newest of several segments is refused', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 40, { signingKey: privateKey, segmentMaxBytes: 1500 });
    const newest = (await verifyJournal(dir, { publicKey })).segments;
    const base = `segment-${String(newest).padStart(6, '0')}`;
    const file = path.join(dir, `${base}.jsonl`);
    const lines = await readLines(file);
    const prev = JSON.parse(lines[0]!).prev as string;
    await writeLines(file, rechain(lines, (e) => e.kind === 'decision' && (e.note = 'forged'), prev));
    await rm(path.join(dir, `${base}.checkpoint`));
    assert.is(await openError(dir), 'checkpoint_missing');
    assert.is((await wardenVerify(dir)).status, 1);
  }));

test('an older checkpoint of the same journal put back to unsign a later session, whose lines are then edited, is refused', () =>
  withDir(async (dir) => {
    const first = await openJournal({ dir, signingKey: privateKey });
    const early = await readFile(path.join(dir, CHECKPOINT_1));
    await first.append({ kind: 'decision', allow: true, note: 'first session' });
    await first.close();
    await writeJournal(dir, 3, { signingKey: privateKey });
    const file = path.join(dir, SEGMENT_1);
    await writeFile(path.join(dir, CHECKPOINT_1), early);
    await writeLines(file, rechain(await readLines(file), (e) => e.note === 'entry-0' && (e.allow = true)));
    const report = await verifyJournal(dir, { publicKey });
    assert.equal(report.problems.map((p) => p.code), ['checkpoint_rollback']);
    assert.is((await wardenVerify(dir)).status, 1);
  }));

test('a checkpoint signed by another key over edited lines is refused, never re-signed', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 10, { signingKey: privateKey });
    const file = path.join(dir, SEGMENT_1);
    const edited = rechain(await readLines(file), (e) => e.kind === 'decision' && (e.allow = true));
    await writeLines(file, edited);
    await writeFile(path.join(dir, CHECKPOINT_1), forgeCheckpoint(edited, journalIdOf(edited), keyPair().privateKey));
    assert.is(await openError(dir), 'checkpoint_invalid');
    assert.is((await wardenVerify(dir)).status, 1);
  }));

test('a crash early on: cutting what followed the opening checkpoint never verifies as a plain PASS', () =>
  withDir(async (dir) => {
    await crashAfter(dir, 35, 0);
    const file = path.join(dir, SEGMENT_1);
    const lines = await readLines(file);
    assert.is(lines.length, 37);
    await writeLines(file, [lines[0]!, ...lines.slice(36)]);
    assert.is.not((await wardenVerify(dir)).status, 0, 'lines 2..36 cut');
    await writeLines(file, lines.slice(0, 2));
    const cut = await wardenVerify(dir);
    assert.is(cut.status, 3, cut.stdout);
    assert.match(cut.stdout, /not_closed/);
  }));

test('a crash after a second: the first decisions are signed, and cutting them is tamper', () =>
  withDir(async (dir) => {
    await crashAfter(dir, 35, 1500);
    const file = path.join(dir, SEGMENT_1);
    const lines = await readLines(file);
    await writeLines(file, lines.slice(0, 2));
    const cut = await wardenVerify(dir);
    assert.is(cut.status, 1, cut.stdout);
    assert.match(cut.stdout, /truncated/);
  }));

test('a crash that left an unsigned tail still opens, naming the tail in a recovery entry', () =>
  withDir(async (dir) => {
    await crashAfter(dir, 35, 0);
    const before = await wardenVerify(dir);
    assert.is(before.status, 3, before.stdout);
    assert.match(before.stdout, /unsigned_tail/);
    const journal = await openJournal({ dir, signingKey: privateKey });
    await journal.close();
    const recovery = (await readLines(path.join(dir, SEGMENT_1))).map((l) => JSON.parse(l)).find((e) => e.kind === 'recovery');
    assert.equal([recovery.reason, recovery.firstSeq, recovery.lastSeq, recovery.checkpointMissing], ['unsigned_tail', 3, 37, false]);
    const after = await wardenVerify(dir);
    assert.is(after.status, 3, after.stdout);
    assert.match(after.stdout, /recovered_tail/);
  }));

/**
 * Nothing follows a signed close, so bytes there, even without a newline, are forged, not a torn
 * line a crash left: tamper to verify (at the first line after the close), refused by an open.
 */
for (const [name, segmentMaxBytes] of [['one segment', undefined], ['after rotations', 1500]] as const) {
  test(`bytes appended after the signed close (${name}) are append_after_close, and the open refuses them`, () =>
    withDir(async (dir) => {
      await writeJournal(dir, 40, { signingKey: privateKey, ...(segmentMaxBytes ? { segmentMaxBytes } : {}) });
      const { segments, entries } = await verifyJournal(dir, { publicKey });
      const base = `segment-${String(segments).padStart(6, '0')}.jsonl`;
      const file = path.join(dir, base);
      await appendFile(file, '{"kind":"decision","forged":');
      const line = (await readLines(file)).length + 1;
      const cli = await wardenVerify(dir);
      assert.is(cli.status, 1, cli.stdout);
      assert.match(cli.stdout, `${base}:${line}: append_after_close: 28 bytes without newline follow the signed close of the journal at entry ${entries}`);
      assert.is(await openError(dir), 'journal_corrupt');
      assert.is((await wardenVerify(dir)).status, 1, 'the open cut nothing');
    }));
}

test('a torn segment created after the signed close is tamper too', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 3, { signingKey: privateKey });
    await writeFile(path.join(dir, 'segment-000002.jsonl'), '{"kind":"segment-open"');
    const report = await verifyJournal(dir, { publicKey });
    assert.equal(report.problems.map((p) => [p.code, path.basename(p.file), p.line]), [
      ['checkpoint_missing', 'segment-000002.checkpoint', 0],
      ['append_after_close', 'segment-000002.jsonl', 1],
    ]);
    assert.is(await openError(dir), 'journal_corrupt');
  }));

test('an empty segment-9999999.jsonl is a named failure, found at once by verify and open', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 3, { signingKey: privateKey });
    await writeFile(path.join(dir, 'segment-9999999.jsonl'), '');
    const started = Date.now();
    const report = await verifyJournal(dir, { publicKey });
    assert.equal(report.problems.map((p) => [p.code, path.basename(p.file)]), [['segment_out_of_range', 'segment-9999999.jsonl']]);
    const cli = await wardenVerify(dir);
    assert.is(cli.status, 1, cli.stdout);
    assert.is(await openError(dir), 'journal_corrupt');
    assert.ok(Date.now() - started < 10_000);
  }));

test('a gap in the segment numbers is one segment_gap finding, however wide', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 3, { signingKey: privateKey });
    await writeFile(path.join(dir, 'segment-999999.jsonl'), '');
    const report = await verifyJournal(dir, { publicKey });
    const gaps = report.problems.filter((p) => p.code === 'segment_gap');
    assert.equal(gaps.map((p) => [path.basename(p.file), p.message]), [['segment-000002.jsonl', 'segments 2..999998 are missing: segment numbers must run from 1 without gaps, and no checkpoint after the gap can be checked against the entries']]);
    assert.is((await wardenVerify(dir)).status, 1);
    assert.is(await openError(dir), 'journal_corrupt');
  }));

test.run();
