/**
 * `warden eval`, run as a real process (cases in eval.cases.yaml: files, arguments, standard
 * input, exact output and exit code), plus its usage errors.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { ROOT, WARDEN } from '../../e2e/support/repo.js';

interface Case { note: string; files?: Record<string, string>; args: string[]; stdin?: string; exit: number; stdout: string; stderr?: string }

const { files, cases } = YAML.parse(readFileSync(path.join(ROOT, 'test/cli/commands/eval.cases.yaml'), 'utf8')) as { files: Record<string, string>; cases: Case[] };

let dir: string;
test.before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'warden-eval-'));
  await writeFiles(files);
});
test.after(() => rm(dir, { recursive: true, force: true }));

async function writeFiles(entries: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(entries)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
}

function warden(args: string[], stdin = '') {
  return spawnSync(process.execPath, [WARDEN, 'eval', ...args], { cwd: dir, input: stdin, encoding: 'utf8', timeout: 20_000 });
}

for (const c of cases) {
  test(c.note, async () => {
    await writeFiles(c.files ?? {});
    const result = warden(c.args, c.stdin);
    if (c.stderr !== undefined) assert.is(result.stderr, c.stderr);
    assert.is(result.stdout, c.stdout, result.stderr);
    assert.is(result.status, c.exit, result.stderr);
  });
}

test('usage errors exit 2 with the usage text', () => {
  for (const args of [[], ['1', '2'], ['-f', 'xml', '1'], ['--pretty-limit', 'x', '1'], ['--fail', '--fail-defined', '1'], ['--nope', '1'], ['-t', 'rego', '1'], ['--target', 'plan', '1']]) {
    const result = warden(args);
    assert.is(result.status, 2, args.join(' '));
    assert.match(result.stderr, 'Usage: warden eval');
    assert.is(result.stdout, '');
  }
});

test.run();
