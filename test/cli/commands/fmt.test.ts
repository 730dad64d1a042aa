/**
 * `warden fmt` as a real process: every flag, stdin, directories, and each exit code
 * (0 ok, 1 parse or I/O error, 2 usage, 3 --fail with files to format).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WARDEN } from '../../e2e/support/repo.js';

/**
 * Until `fmt` is registered in cli/warden.ts, run the command module the way warden.ts does
 * (usage errors exit 2, command failures print and exit with their code).
 */
const SHIM = `
import { fmtCommand } from ${JSON.stringify(pathToFileURL(path.join(path.dirname(WARDEN), 'commands/fmt.js')).href)};
import { CommandFailure, UsageError } from ${JSON.stringify(pathToFileURL(path.join(path.dirname(WARDEN), 'usage.js')).href)};
try { process.exitCode = await fmtCommand.run(process.argv.slice(1)); }
catch (e) { process.stderr.write('warden fmt: ' + e.message + '\\n'); process.exitCode = e instanceof UsageError ? 2 : e instanceof CommandFailure ? e.exitCode : 1; }
`;

const registered = spawnSync(process.execPath, [WARDEN, 'fmt', '--help'], { encoding: 'utf8', timeout: 20_000 }).status === 0;

function fmt(args: string[], stdin?: string): SpawnSyncReturns<string> {
  const argv = registered ? [WARDEN, 'fmt', ...args] : ['--input-type=module', '-e', SHIM, '--', ...args];
  return spawnSync(process.execPath, argv, { encoding: 'utf8', timeout: 20_000, input: stdin ?? '' });
}

const UNFORMATTED = 'package p\n\nallow if {\n    input.user == "admin"\n}\n';
const FORMATTED = 'package p\n\nallow if {\n\tinput.user == "admin"\n}\n';
const BROKEN = 'package p\n\nallow if {\n\tinput.user ==\n}\n';

let dir: string;
let messy: string;
let tidy: string;
let nested: string;

test.before.each(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'warden-fmt-'));
  await mkdir(path.join(dir, 'lib'));
  messy = path.join(dir, 'messy.rego');
  tidy = path.join(dir, 'tidy.rego');
  nested = path.join(dir, 'lib', 'nested.rego');
  await writeFile(messy, UNFORMATTED);
  await writeFile(tidy, FORMATTED);
  await writeFile(nested, UNFORMATTED.replace('package p', 'package lib'));
  await writeFile(path.join(dir, 'notes.txt'), 'not rego {');
});
test.after.each(() => rm(dir, { recursive: true, force: true }));

test('without flags prints the formatted source and leaves the file alone', async () => {
  const r = fmt([messy]);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, FORMATTED);
  assert.is(await readFile(messy, 'utf8'), UNFORMATTED);
});

test('without a path formats stdin to stdout', () => {
  const r = fmt([], UNFORMATTED);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, FORMATTED);
});

test('--v0-compatible reads and writes Rego v0, which it refuses without the flag', () => {
  const v0 = 'package p\n\nallow { input.user == "admin" }\ndeny[msg] { msg := "no" }\n';
  const v0Formatted = 'package p\n\nallow {\n\tinput.user == "admin"\n}\n\ndeny[msg] {\n\tmsg := "no"\n}\n';
  const result = fmt(['--v0-compatible'], v0);
  assert.is(result.stderr, '');
  assert.is(result.stdout, v0Formatted);
  assert.is(result.status, 0);
  assert.is(fmt([], v0).status, 1);
  assert.is(fmt(['--v0-compatible'], FORMATTED).status, 1, 'a v1 module does not parse as v0');
});

test('--list prints the .rego files below a directory whose formatting differs', () => {
  const r = fmt(['--list', dir]);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, `${nested}\n${messy}\n`);
});

test('--diff prints a unified diff of each file that would change', () => {
  const r = fmt(['-d', messy, tidy]);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, [
    `--- ${messy}\t(original)`,
    `+++ ${messy}\t(formatted)`,
    '@@ -1,5 +1,5 @@',
    ' package p',
    ' ',
    ' allow if {',
    '-    input.user == "admin"',
    '+\tinput.user == "admin"',
    ' }',
    '',
  ].join('\n'));
});

test('--write rewrites only the files that change, after which --list is empty', async () => {
  const tidyBefore = (await stat(tidy)).mtimeMs;
  const r = fmt(['-w', dir]);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, '');
  assert.is(await readFile(messy, 'utf8'), FORMATTED);
  assert.is(await readFile(nested, 'utf8'), FORMATTED.replace('package p', 'package lib'));
  assert.is((await stat(tidy)).mtimeMs, tidyBefore);
  assert.is(fmt(['--list', dir]).stdout, '');
});

test('--fail exits 3 when a file needs formatting and 0 when none does', () => {
  const listed = fmt(['--list', '--fail', messy, tidy]);
  assert.is(listed.status, 2, listed.stderr);
  assert.is(listed.stdout, `${messy}\n`);

  const alone = fmt(['--fail', messy]);
  assert.is(alone.status, 2);
  assert.is(alone.stdout, '');
  assert.match(alone.stderr, `${messy} needs formatting`);

  const clean = fmt(['--fail', '--list', tidy]);
  assert.is(clean.status, 0, clean.stderr);
  assert.is(clean.stdout, '');
});

test('a parse error exits 2 as in opa fmt, with file:row:col, and the other files are still formatted', async () => {
  const broken = path.join(dir, 'broken.rego');
  await writeFile(broken, BROKEN);
  const r = fmt(['--write', broken, messy]);
  assert.is(r.status, 2);
  assert.match(r.stderr, new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:1: rego_parse_error: `, 'm'));
  assert.is(await readFile(broken, 'utf8'), BROKEN);
  assert.is(await readFile(messy, 'utf8'), FORMATTED);
});

test('standard input that does not parse exits 1, as opa fmt does', () => {
  const r = fmt([], BROKEN);
  assert.is(r.status, 1);
  assert.match(r.stderr, 'rego_parse_error');
});

test('a missing path exits 1', () => {
  const r = fmt([path.join(dir, 'nope.rego')]);
  assert.is(r.status, 1);
  assert.is(r.stderr, `warden fmt: ${path.join(dir, 'nope.rego')}: does not exist; expected a .rego file or a directory of them\n`);
});

test('usage errors exit 2: an unknown flag, or --write with stdin', () => {
  assert.is(fmt(['--check', messy]).status, 2);
  const r = fmt(['--write'], UNFORMATTED);
  assert.is(r.status, 2);
  assert.match(r.stderr, '--write needs a PATH');
});

test.run();
