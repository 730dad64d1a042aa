/**
 * `warden check`, run as a real process in a directory of its own per case (cases in
 * check.cases.yaml: files, arguments, exact stdout, stderr and exit code), plus its usage errors.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { ROOT, WARDEN } from '../../e2e/support/repo.js';

interface Case { note: string; files: Record<string, string>; args: string[]; exit: number; stdout: string; stderr: string }

const { cases } = YAML.parse(readFileSync(path.join(ROOT, 'test/cli/commands/check.cases.yaml'), 'utf8')) as { cases: Case[] };

async function inDir<T>(files: Record<string, string>, run: (dir: string) => T): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-check-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), text);
    }
    return run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function warden(dir: string, args: string[]) {
  return spawnSync(process.execPath, [WARDEN, 'check', ...args], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
}

for (const c of cases) {
  test(c.note, () => inDir(c.files, (dir) => {
    const result = warden(dir, c.args);
    assert.is(result.stderr, c.stderr);
    assert.is(result.stdout, c.stdout);
    assert.is(result.status, c.exit);
  }));
}

test('usage errors exit 2 with the usage text', () => inDir({ 'a.rego': 'package a\n' }, (dir) => {
  for (const args of [[], ['--format', 'xml', 'a.rego'], ['--max-errors', 'many', 'a.rego'], ['--no-such-flag', 'a.rego']]) {
    const result = warden(dir, args);
    assert.is(result.status, 2, args.join(' '));
    assert.match(result.stderr, 'Usage: warden check');
    assert.is(result.stdout, '');
  }
}));

test('the shipped policies and their tests compile', () => {
  const result = warden(ROOT, ['policies']);
  assert.is(result.stderr, '');
  assert.is(result.status, 0);
});

test.run();
