/**
 * `warden test` end to end in process (the command is not registered in cli/warden.ts yet):
 * real loader, real compiler, real opa-wasm SDK. Each case of fixtures/cases.yaml gives argv,
 * the exit code, and the stdout golden written from `opa test`'s documented format, compared
 * line by line with durations normalised.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { createTestCommand } from '../../../cli/commands/test.js';
import { UsageError } from '../../../cli/usage.js';
import { SHIPPED_POLICIES } from '../../e2e/support/repo.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../policy-test/fixtures');

interface Case {
  note: string;
  argv: string[];
  exit?: number;
  golden?: string;
  stdout?: string;
  stderr?: string[];
  thrown?: string;
  usage?: string;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  thrown?: Error;
}

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-test-bench-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const command = createTestCommand({ stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  try {
    return { code: await command.run(argv), stdout, stderr };
  } catch (error) {
    const thrown = error instanceof Error ? error : new Error(String(error));
    return { code: (thrown as { exitCode?: number }).exitCode ?? -1, stdout, stderr, thrown };
  }
}

/** Durations vary run to run; the fixture root depends on where the build lives. */
function normalise(text: string): string {
  return text
    .split(FIXTURES)
    .join('<fixtures>')
    .replace(/\((\d+(\.\d+)?(ns|µs|ms|s|m|h))+\)/g, '(DURATION)')
    .replace(/"duration": \d+/g, '"duration": DURATION');
}

const { cases } = parseYaml(readFileSync(path.join(FIXTURES, 'cases.yaml'), 'utf8')) as { cases: Case[] };

for (const c of cases) {
  test(c.note, async () => {
    const result = await run(c.argv.map((a) => a.replace('<fixtures>', FIXTURES)));
    if (c.usage !== undefined) {
      assert.instance(result.thrown, UsageError);
      assert.is(result.thrown!.message, c.usage);
      return;
    }
    assert.is(result.code, c.exit, `${result.stderr}\n${result.thrown?.message ?? ''}`);
    if (c.golden !== undefined) {
      const want = readFileSync(path.join(FIXTURES, 'golden', c.golden), 'utf8').split('\n');
      assert.equal(normalise(result.stdout).split('\n'), want);
    }
    if (c.stdout !== undefined) assert.is(normalise(result.stdout), c.stdout);
    for (const pattern of c.stderr ?? []) assert.ok(normalise(result.stderr).includes(pattern), normalise(result.stderr));
    if (c.thrown !== undefined) assert.ok(normalise(result.thrown?.message ?? '').includes(c.thrown), result.thrown?.message);
  });
}

test('--bench prints a Go benchmark line for each passing test', async () => {
  const result = await run(['--bench', '--run', 'test_(ok|failure)$', path.join(FIXTURES, 'outcomes')]);
  assert.is(result.code, 2);
  const lines = normalise(result.stdout).split('\n');
  assert.match(lines.find((l) => l.startsWith('data.example_test.test_ok\t')) ?? '', /^data\.example_test\.test_ok\t {0,7}\d{1,8}\t +\d+(\.\d+)? ns\/op\t {0,7}\d{1,8} B\/op$/);
  assert.ok(lines.includes('data.example_test.test_failure: FAIL (DURATION)'), result.stdout);
  const printing = await run(['--bench', '-v', '--run', 'test_prints_then_fails$', path.join(FIXTURES, 'outcomes')]);
  assert.not.match(printing.stdout, 'checking 2', 'print is off while benchmarking, as in opa test');
});

test('--format gobench names each benchmark line as Go\'s benchmark data format wants', async () => {
  const result = await run(['--bench', '--format', 'gobench', '--run', 'test_ok$', path.join(FIXTURES, 'outcomes')]);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /^BenchmarkDataExampleTestTestOk\t {0,7}\d{1,8}\t +\d+(\.\d+)? ns\/op\t {0,7}\d{1,8} B\/op$/m);
});

/** B/op of each benchmarked test, by name. */
function bytesPerOp(stdout: string): Map<string, number> {
  return new Map([...stdout.matchAll(/^(\S+)\t.* ns\/op\t +(\d+) B\/op$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

test('--bench measures B/op as the wasm heap one evaluation allocates: a test building a large array allocates more than one comparing two numbers; --benchmem=false leaves it out', () =>
  withTempDir(async (dir) => {
    await writeFile(path.join(dir, 'alloc_test.rego'), [
      'package alloc_test',
      '',
      'test_small if 1 < 2',
      '',
      'test_large if count([x | some x in numbers.range(1, 20000)]) == 20000',
      '',
    ].join('\n'));
    const result = await run(['--bench', dir]);
    assert.is(result.code, 0, result.stderr);
    const bytes = bytesPerOp(result.stdout);
    const small = bytes.get('data.alloc_test.test_small');
    const large = bytes.get('data.alloc_test.test_large');
    assert.ok(small !== undefined && large !== undefined, result.stdout);
    // 20,000 numbers and an array holding them: at least 8 bytes each, whatever their layout.
    assert.ok(large! - small! > 20000 * 8, `${large} vs ${small} B/op`);
    const off = await run(['--bench', '--benchmem=false', dir]);
    assert.match(off.stdout, /^data\.alloc_test\.test_small\t {0,7}\d{1,8}\t +\d+(\.\d+)? ns\/op$/m);
    assert.not.match(off.stdout, /B\/op/);
  }));

test('the shipped policies run in bounded time (under 10 s even on a loaded machine)', async () => {
  const start = performance.now();
  const result = await run([SHIPPED_POLICIES]);
  const elapsed = performance.now() - start;
  assert.ok(result.thrown === undefined, result.thrown?.message);
  assert.match(result.stdout, /^PASS: \d+\/\d+$/m);
  assert.ok(elapsed < 10_000, `took ${elapsed.toFixed(0)} ms`);
});

test.run();
