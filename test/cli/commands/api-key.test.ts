/**
 * `warden api-key`: create prints a fresh key once and the entry for it, or writes the entry
 * to a key file (created 0600, appended with comments kept); hash digests a key from stdin.
 * Runs the command with in-memory streams; every key it makes must authenticate.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { createApiKeyCommand } from '../../../cli/commands/api-key.js';
import { CommandFailure, UsageError } from '../../../cli/usage.js';
import { loadApiKeyAuthenticator } from '../../../transports/auth/api-keys.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], stdin = ''): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const code = await createApiKeyCommand({ stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr }).run(argv);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

async function rejects(argv: string[], type: typeof UsageError | typeof CommandFailure, pattern: RegExp, stdin = ''): Promise<void> {
  try {
    await run(argv, stdin);
    assert.unreachable(`${argv.join(' ')} should fail`);
  } catch (error) {
    assert.instance(error, type);
    assert.match((error as Error).message, pattern);
  }
}

const KEY = /^mcpw_[A-Za-z0-9_-]{43}$/;

let dir: string;
test.before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'warden-api-key-'));
});
test.after(() => rm(dir, { recursive: true, force: true }));

async function authenticates(file: string, key: string, id: string, roles: string[]): Promise<void> {
  const result = await (await loadApiKeyAuthenticator(file)).authenticate({ 'x-api-key': key });
  assert.ok(result.ok, `${id} should authenticate`);
  assert.is(result.ok && result.principal.id, id);
  assert.equal(result.ok && result.principal.roles, roles);
}

test('create without --file prints the key first, then the entry to paste', async () => {
  const result = await run(['create', '--id', 'ci-bot', '--role', 'reader', '--role', 'writer', '--role', 'reader']);
  assert.is(result.code, 0);
  const [key, ...rest] = result.stdout.split('\n');
  assert.match(key!, KEY);
  const entry = parseYaml(rest.join('\n')) as unknown;
  assert.equal(entry, [{ id: 'ci-bot', hash: `sha256:${createHash('sha256').update(key!).digest('hex')}`, roles: ['reader', 'writer'] }]);
  assert.is(result.stdout.split(key!).length, 2, 'the key appears once');
  const file = path.join(dir, 'pasted.yaml');
  await writeFile(file, `keys:\n${rest.join('\n')}`);
  await authenticates(file, key!, 'ci-bot', ['reader', 'writer']);
});

test('two creates make different keys', async () => {
  const a = await run(['create', '--id', 'a']);
  const b = await run(['create', '--id', 'a']);
  assert.is.not(a.stdout.split('\n')[0], b.stdout.split('\n')[0]);
});

test('create --file creates the file 0600 and prints only the key on stdout', async () => {
  const file = path.join(dir, 'keys.yaml');
  const result = await run(['create', '--id', 'ci-bot', '--role', 'reader', '--file', file]);
  assert.is(result.code, 0);
  assert.match(result.stdout, /^mcpw_[A-Za-z0-9_-]{43}\n$/);
  assert.match(result.stderr, `created ${file} with key "ci-bot"`);
  assert.is((await stat(file)).mode & 0o777, 0o600);
  assert.not.match(await readFile(file, 'utf8'), result.stdout.trim());
  await authenticates(file, result.stdout.trim(), 'ci-bot', ['reader']);
});

test('create --file appends to a YAML file, keeping its comments and mode', async () => {
  const file = path.join(dir, 'commented.yaml');
  await writeFile(file, '# who may call the gateway\nkeys: []\n', { mode: 0o640 });
  const first = (await run(['create', '--id', 'one', '--file', file])).stdout.trim();
  const second = await run(['create', '--id', 'two', '--role', 'admin', '--file', file]);
  assert.match(second.stderr, 'updated');
  const text = await readFile(file, 'utf8');
  assert.match(text, '# who may call the gateway');
  assert.is((await stat(file)).mode & 0o777, 0o640);
  await authenticates(file, first, 'one', []);
  await authenticates(file, second.stdout.trim(), 'two', ['admin']);
});

test('create --file appends to a JSON file as JSON', async () => {
  const file = path.join(dir, 'keys.json');
  const first = (await run(['create', '--id', 'one', '--file', file])).stdout.trim();
  const second = (await run(['create', '--id', 'two', '--file', file])).stdout.trim();
  const value = JSON.parse(await readFile(file, 'utf8')) as { keys: Array<{ id: string }> };
  assert.equal(value.keys.map((k) => k.id), ['one', 'two']);
  await authenticates(file, first, 'one', []);
  await authenticates(file, second, 'two', []);
});

test('create --file refuses a duplicate id or an invalid file, changing nothing and printing no key', async () => {
  const file = path.join(dir, 'dup.yaml');
  await run(['create', '--id', 'one', '--file', file]);
  const before = await readFile(file, 'utf8');
  await rejects(['create', '--id', 'one', '--file', file], CommandFailure, /dup\.yaml: a key with id "one" exists already/);
  assert.is(await readFile(file, 'utf8'), before);
  const broken = path.join(dir, 'broken.yaml');
  await writeFile(broken, 'keys: [{id: x, hash: nope}]\n');
  await rejects(['create', '--id', 'one', '--file', broken], CommandFailure, /broken\.yaml:1:22: \/keys\/0\/hash: must be/);
  await run(['create', '--id', 'one', '--file', broken]).then(
    () => assert.unreachable('should fail'),
    (error: unknown) => assert.is((error as CommandFailure).exitCode, 2, 'a malformed key file is the caller\'s to fix, as a config file is'),
  );
});

test('usage errors: no subcommand, unknown one, missing or bad --id, stray arguments', async () => {
  await rejects([], UsageError, /missing the subcommand/);
  await rejects(['delete'], UsageError, /unknown subcommand "delete"/);
  await rejects(['create'], UsageError, /missing required option --id/);
  await rejects(['create', '--id', 'has space'], UsageError, /--id must be/);
  await rejects(['create', '--id', 'x', 'extra'], UsageError, /unexpected argument/);
  await rejects(['create', '--id', 'x', '--bogus'], UsageError, /bogus/);
  await rejects(['hash', 'mcpw_key_on_the_command_line_is_bad'], UsageError, /stdin/);
});

test('hash prints the sha256 digest of the key on stdin, ignoring one final newline', async () => {
  const created = await run(['create', '--id', 'x']);
  const key = created.stdout.split('\n')[0]!;
  const expected = `sha256:${createHash('sha256').update(key).digest('hex')}\n`;
  assert.is((await run(['hash'], `${key}\n`)).stdout, expected);
  assert.is((await run(['hash'], `${key}\r\n`)).stdout, expected);
  assert.is((await run(['hash'], key)).stdout, expected);
  assert.ok(created.stdout.includes(expected.trim()), 'hash agrees with create');
});

test('hash refuses short keys, empty input, several lines and oversized input', async () => {
  await rejects(['hash'], CommandFailure, /exactly one key/, '');
  await rejects(['hash'], CommandFailure, /shorter than 32 characters/, 'password123\n');
  await rejects(['hash'], CommandFailure, /exactly one key/, 'mcpw_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nmcpw_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n');
  await rejects(['hash'], CommandFailure, /more than 4096 bytes/, 'a'.repeat(5000));
});

test.run();
