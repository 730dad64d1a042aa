import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileAtomic } from '../../../engine/journal/durable.js';
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

test.run();
