import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { filesBelow, hidden } from '../../../engine/policy/file-walk.js';

const rego = (name: string): boolean => name.endsWith('.rego');

async function tree(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-walk-'));
  await mkdir(path.join(dir, 'b/deep'), { recursive: true });
  await mkdir(path.join(dir, '.git'));
  await mkdir(path.join(dir, 'elsewhere'));
  await writeFile(path.join(dir, 'a.rego'), '');
  await writeFile(path.join(dir, 'notes.txt'), '');
  await writeFile(path.join(dir, 'b/deep/c.rego'), '');
  await writeFile(path.join(dir, '.git/x.rego'), '');
  await writeFile(path.join(dir, 'elsewhere/linked.rego'), '');
  return dir;
}

/** Runs `body` on a fresh tree (above), removed after. */
async function withTree(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await tree();
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true });
  }
}

const relative = (dir: string, files: string[]): string[] => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));

test('depth first in name order, accepted names only, skipped entries passed over', () => withTree(async (dir) => {
  assert.equal(relative(dir, await filesBelow(dir, rego, hidden)), ['a.rego', 'b/deep/c.rego', 'elsewhere/linked.rego']);
  assert.equal(relative(dir, await filesBelow(dir, rego, () => false)), ['.git/x.rego', 'a.rego', 'b/deep/c.rego', 'elsewhere/linked.rego']);
  assert.equal(relative(dir, await filesBelow(dir, rego, (name) => hidden(name) || name === 'b')), ['a.rego', 'elsewhere/linked.rego']);
}));

test('links to files and to directories are followed; a directory reached again is walked once', () => withTree(async (dir) => {
  await symlink('elsewhere/linked.rego', path.join(dir, 'z-file.rego'));
  await symlink('b', path.join(dir, 'y-dir'));
  await symlink('..', path.join(dir, 'b/deep/up'));
  assert.equal(relative(dir, await filesBelow(dir, rego, hidden)), ['a.rego', 'b/deep/c.rego', 'elsewhere/linked.rego', 'z-file.rego']);
}));

test('a link to nothing is listed when its name is accepted, so that reading it fails naming it', () => withTree(async (dir) => {
  await symlink('gone.rego', path.join(dir, 'dangling.rego'));
  await symlink('gone', path.join(dir, 'dangling-dir'));
  await symlink('loop.rego', path.join(dir, 'loop.rego'));
  assert.equal(relative(dir, await filesBelow(dir, rego, hidden)), ['a.rego', 'b/deep/c.rego', 'dangling.rego', 'elsewhere/linked.rego', 'loop.rego']);
}));

test('a ConfigMap volume: its files are reached through the links, not twice through ..data', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-walk-'));
  try {
    await mkdir(path.join(dir, '..2026_12_07_v1/lib'), { recursive: true });
    await writeFile(path.join(dir, '..2026_12_07_v1/mcp.rego'), '');
    await writeFile(path.join(dir, '..2026_12_07_v1/lib/x.rego'), '');
    await symlink('..2026_12_07_v1', path.join(dir, '..data'));
    await symlink('..data/mcp.rego', path.join(dir, 'mcp.rego'));
    await symlink('..data/lib', path.join(dir, 'lib'));
    assert.equal(relative(dir, await filesBelow(dir, rego, hidden)), ['lib/x.rego', 'mcp.rego']);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test.run();
