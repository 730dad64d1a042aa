import fsp, { readdir, readFile, stat } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createWhole, writeFileAtomic } from '../../../engine/journal/durable.js';
import { withDir } from './helpers.js';

test('replaces a file whole, mode 0600, leaving nothing beside it', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'state.json');
    await writeFileAtomic(file, 'old\n', dir);
    await writeFileAtomic(file, 'new\n', dir);
    assert.is(await readFile(file, 'utf8'), 'new\n');
    assert.is((await stat(file)).mode & 0o777, 0o600);
    assert.equal(await readdir(dir), ['state.json']);
  }));

test('writers of one file at once (wardens sharing a state directory) each leave it whole', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'tools.json');
    const contents = Array.from({ length: 12 }, (_, i) => `${String(i).repeat(200_000)}\n`);
    const outcomes = await Promise.allSettled(contents.map((content) => writeFileAtomic(file, content, dir)));
    assert.equal(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason)), []);
    assert.ok(contents.includes(await readFile(file, 'utf8')), 'the file is one writer\'s content, whole');
    assert.equal(await readdir(dir), ['tools.json']);
  }));

test('createWhole: the first of those racing creates the file, whole and 0600; the others change nothing', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'signing-key.pem');
    const contents = Array.from({ length: 8 }, (_, i) => `${String(i).repeat(100_000)}\n`);
    const created = await Promise.all(contents.map((content) => createWhole(file, content, { durable: true })));
    assert.is(created.filter(Boolean).length, 1);
    assert.is(await readFile(file, 'utf8'), contents[created.indexOf(true)]);
    assert.is((await stat(file)).mode & 0o777, 0o600);
    assert.equal(await readdir(dir), ['signing-key.pem']);
  }));

test('createWhole on a file system without hard links creates the file in place, still only once', () =>
  withDir(async (dir) => {
    const link = fsp.link;
    fsp.link = () => Promise.reject(Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' }));
    syncBuiltinESMExports();
    try {
      const file = path.join(dir, 'writer.lock');
      assert.is(await createWhole(file, '1\n'), true);
      assert.is(await createWhole(file, '2\n'), false);
      assert.is(await readFile(file, 'utf8'), '1\n');
      assert.equal(await readdir(dir), ['writer.lock']);
    } finally {
      fsp.link = link;
      syncBuiltinESMExports();
    }
  }));

test.run();
