/**
 * loadConfigFile against the fixtures: every valid/*.yaml|json loads to its *.expected.json
 * (a PartialConfig, `<dir>` standing for the fixture's directory); every invalid/* file yields
 * exactly the diagnostics in its *.expected.json, and no diagnostic repeats a secret.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDiagnostic } from '../../../cli/config/diagnostic.js';
import { loadConfigFile } from '../../../cli/config/load.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const ENV = { TEST_TOKEN: 'test-secret-value' };
/** Values the fixtures use as credentials: no diagnostic may contain them. */
const SECRETS = ['sk-live-abcdef', 'test-secret-value'];

function cases(kind: 'valid' | 'invalid'): string[] {
  return readdirSync(path.join(fixtures, kind)).filter((f) => /\.(yaml|json)$/.test(f) && !f.endsWith('.expected.json'));
}

function expected(kind: string, file: string): unknown {
  const dir = path.join(fixtures, kind);
  const text = readFileSync(path.join(dir, file.replace(/\.(yaml|json)$/, '.expected.json')), 'utf8');
  return JSON.parse(text.split('<dir>/..').join(path.dirname(dir)).split('<dir>').join(dir));
}

for (const file of cases('valid')) {
  test(`valid/${file} loads`, async () => {
    const result = await loadConfigFile(path.join(fixtures, 'valid', file), ENV);
    if (!result.ok) assert.unreachable(result.errors.map(formatDiagnostic).join('\n'));
    else assert.equal(result.config, expected('valid', file));
  });
}

for (const file of cases('invalid')) {
  test(`invalid/${file} is explained`, async () => {
    const dir = path.join(fixtures, 'invalid');
    const result = await loadConfigFile(path.join(dir, file), ENV);
    if (result.ok) return assert.unreachable('expected diagnostics');
    const got = result.errors.map((e) => ({ ...e, file: path.relative(dir, e.file ?? '') }));
    assert.equal(got, expected('invalid', file));
    for (const e of result.errors) for (const secret of SECRETS) assert.not.ok(formatDiagnostic(e).includes(secret), `leaks a secret: ${e.path}`);
  });
}

test('relative paths resolve against the config file, not the working directory', async () => {
  const relative = path.relative(process.cwd(), path.join(fixtures, 'valid', 'full.yaml'));
  const result = await loadConfigFile(relative, ENV);
  if (!result.ok) return assert.unreachable('expected a config');
  assert.is(result.config.policies, path.join(fixtures, 'valid', 'policies'));
  assert.is(result.config.upstream?.env?.REGION, 'eu-west-1');
});

test('an explicit env entry wins over env_file', async () => {
  const result = await loadConfigFile(path.join(fixtures, 'valid', 'full.yaml'), ENV);
  assert.ok(result.ok && result.config.upstream?.env?.LOG_LEVEL === 'debug');
});

test('every env_file the file names is reported, resolved, so the sandbox can hide it', async () => {
  const single = await loadConfigFile(path.join(fixtures, 'valid', 'full.yaml'), ENV);
  assert.equal(single.ok && single.envFiles, [path.join(fixtures, 'valid', 'full.env')]);
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-config-'));
  try {
    writeFileSync(path.join(dir, 'a.env'), 'A=1\n');
    writeFileSync(path.join(dir, 'b.env'), 'B=2\n');
    const file = path.join(dir, 'warden.yaml');
    writeFileSync(file, 'upstreams:\n  - { name: a, command: [a], env_file: a.env }\n  - { name: b, command: [b], env_file: ./b.env }\n  - { name: c, command: [c] }\n');
    const several = await loadConfigFile(file, ENV);
    assert.equal(several.ok && several.envFiles, [path.join(dir, 'a.env'), path.join(dir, 'b.env')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing config file is one diagnostic naming it', async () => {
  const file = path.join(fixtures, 'nope.yaml');
  const result = await loadConfigFile(file, ENV);
  assert.equal(result, { ok: false, errors: [{ file, path: '', message: 'config file does not exist' }] });
});

test('oversized files and alias bombs are refused', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-config-'));
  try {
    const big = path.join(dir, 'big.yaml');
    writeFileSync(big, `policies: "${'x'.repeat(1024 * 1024)}"\n`);
    const tooBig = await loadConfigFile(big, ENV);
    assert.ok(!tooBig.ok && /larger than/.test(tooBig.errors[0]!.message));
    const bomb = path.join(dir, 'bomb.yaml');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) levels.push(`${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(10).fill(`*${'abcdefgh'[i - 1]}`).join(', ')}]`);
    writeFileSync(bomb, `${levels.join('\n')}\n`);
    const exploded = await loadConfigFile(bomb, ENV);
    assert.ok(!exploded.ok);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('big integers are range errors, not silently rounded values', async () => {
  const result = await loadConfigFile(path.join(fixtures, 'invalid', 'wrong-types.yaml'), ENV);
  assert.ok(!result.ok && result.errors.some((e) => e.path === '/limits/max_message_bytes' && e.message === 'must be <= 1073741824'));
});

test.run();
