/**
 * Usage handling shared by every command: --help prints the usage on stdout and exits 0;
 * unknown flags, missing options and missing arguments print a message and the usage on
 * stderr and exit 2.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../engine/policy/paths.js';
import { createSandbox, type Sandbox } from '../../e2e/support/sandbox.js';

let box: Sandbox;
test.before(async () => {
  box = await createSandbox();
});
test.after(() => box.remove());

const COMMANDS = ['run', 'eval', 'build', 'verify', 'test', 'check', 'fmt', 'replay'];

test('warden with no command prints the usage and exits 2', () => {
  const result = box.warden([]);
  assert.is(result.status, 2);
  assert.match(result.stderr, 'Usage: warden <command>');
  assert.is(result.stdout, '');
});

test('warden --help lists every command and exits 0', () => {
  const result = box.warden(['--help']);
  assert.is(result.status, 0);
  for (const name of COMMANDS) assert.match(result.stdout, new RegExp(`^  ${name} `, 'm'));
});

test('warden --version prints the package version, the wasm ABI and Node, and exits 0', () => {
  const result = box.warden(['--version']);
  assert.is(result.status, 0, result.stderr);
  const version = (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }).version;
  assert.equal(result.stdout.split('\n'), [`Version: ${version}`, 'Wasm ABI: 1.3', `Node: ${process.version}`, '']);
});

test('warden help COMMAND prints the command\'s usage, as warden COMMAND --help does', () => {
  for (const name of COMMANDS) {
    const result = box.warden(['help', name]);
    assert.is(result.status, 0, result.stderr);
    assert.is(result.stdout, box.warden([name, '--help']).stdout);
  }
  const unknown = box.warden(['help', 'frobnicate']);
  assert.is(unknown.status, 2);
  assert.match(unknown.stderr, 'unknown command "frobnicate"');
});

test('an unknown command is a usage error', () => {
  const result = box.warden(['frobnicate']);
  assert.is(result.status, 2);
  assert.match(result.stderr, 'unknown command "frobnicate"');
});

for (const name of COMMANDS) {
  test(`warden ${name} --help prints its usage on stdout and exits 0`, () => {
    const result = box.warden([name, '--help']);
    assert.is(result.status, 0, result.stderr);
    assert.match(result.stdout, `Usage: warden ${name}`);
    assert.match(result.stdout, 'Exit codes:');
  });

  test(`warden ${name} rejects an unknown flag with exit 2, message and usage on stderr`, () => {
    const result = box.warden([name, '--no-such-flag', 'x']);
    assert.is(result.status, 2);
    assert.match(result.stderr, "Unknown option '--no-such-flag'");
    assert.match(result.stderr, `Usage: warden ${name}`);
    assert.is(result.stdout, '');
  });
}

const missing: Array<[string, string[], string]> = [
  ['run without --policies', ['run', '--', 'node', 'server.js'], 'no policy directory: give --policies DIR'],
  ['run without an upstream', ['run', '--policies', 'p'], 'no upstream server: give --upstream URL or a command after --'],
  ['run with a network listener and no authentication', ['run', '--policies', 'p', '--listen', 'http://127.0.0.1:0/mcp', '--', 'node'], 'network listeners require authentication'],
  ['run with --no-auth on a non-loopback listener', ['run', '--policies', 'p', '--no-auth', '--listen', 'ws://0.0.0.0:0/mcp', '--', 'node'], 'loopback'],
  ['run with the command before --', ['run', '--policies', 'p', 'node'], 'put the server command after --'],
  ['eval without a query', ['eval', '--policies', 'p'], 'missing the query'],
  ['eval with an unknown format', ['eval', '-f', 'xml', 'x := 1'], 'unknown format "xml"'],
  ['eval with --input but no value', ['eval', '--policies', 'p', 'x := 1', '--input'], "Option '-i, --input <value>' argument missing"],
  ['build without -e', ['build', '--policies', 'p', '-o', 'out.wasm'], 'missing required option -e/--entrypoint'],
  ['build with a target but wasm', ['build', '--policies', 'p', '-t', 'rego', '-e', 'mcp/allow'], '--target rego: warden build has no Rego interpreter'],
  ['verify without a directory', ['verify'], 'missing the journal directory'],
  ['run with --policies twice', ['run', '--policies', 'p1', '--policies', 'p2', '--', 'node'], 'option --policies given more than once'],
  ['eval with --input twice', ['eval', '--input', 'a.json', '-i', 'b.json', 'x := 1'], 'option --input given more than once'],
  ['verify with --public-key twice', ['verify', '--public-key', 'a.pem', '--public-key', 'b.pem', 'journal'], 'option --public-key given more than once'],
];

for (const [label, args, message] of missing) {
  test(`${label} is a usage error`, () => {
    const result = box.warden(args);
    assert.is(result.status, 2, result.stderr);
    assert.match(result.stderr, message);
    assert.match(result.stderr, `Usage: warden ${args[0]}`);
  });
}

test.run();
