import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compilePolicy } from '../../../engine/policy/build.js';
import { buildAndCheckHere } from '../../../engine/policy/build-here.js';
import { decodeEntry, encodeEntry, KEEP_ENTRIES, readCached, writeCached, type CachedBuild, type CompileCache } from '../../../engine/policy/compile-cache.js';
import { policyDigest } from '../../../engine/policy/digest.js';
import { PolicyLoadError } from '../../../engine/policy/errors.js';
import { buildInput } from '../../../engine/decision/input.js';
import { context } from '../decision/fixtures.js';

const SOURCES = { modules: { 'p.rego': 'package mcp\nimport rego.v1\nallow if input.method == data.allowed\n' }, data: { allowed: 'ping' } };
const ping = buildInput({ jsonrpc: '2.0', id: 1, method: 'ping' }, context());

async function withCache(body: (cache: CompileCache) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mcp-warden-compile-cache-'));
  try {
    await body({ dir: path.join(dir, 'cache'), buildId: 'build-a' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function compiled(): Promise<CachedBuild> {
  return { ...await compilePolicy(SOURCES), warnings: ['a warning'] };
}

async function entries(cache: CompileCache): Promise<string[]> {
  return (await readdir(cache.dir)).sort();
}

test('an entry decodes to what was encoded', async () => {
  const build = await compiled();
  const decoded = decodeEntry(encodeEntry(build));
  assert.ok(decoded);
  assert.equal(Buffer.from(decoded.wasm), Buffer.from(build.wasm));
  assert.equal({ ...decoded, wasm: null }, { ...build, wasm: null });
});

test('a truncated, altered or foreign entry does not decode', async () => {
  const bytes = encodeEntry(await compiled());
  const altered = Buffer.from(bytes);
  altered[altered.length - 10] ^= 1;
  const header = bytes.subarray(0, bytes.indexOf(0x0a)).toString('utf8');
  const foreign = Buffer.concat([Buffer.from(`${header.replace('compiled policy v1', 'compiled policy v0')}\n`), bytes.subarray(bytes.indexOf(0x0a) + 1)]);
  for (const [what, entry] of [['truncated', bytes.subarray(0, bytes.length - 1)], ['altered', altered], ['another format', foreign], ['no header', Buffer.from('\0asm')], ['empty', Buffer.alloc(0)]] as const) {
    assert.is(decodeEntry(entry), undefined, what);
  }
});

test('a build is found again for the same sources and build, and only then', () =>
  withCache(async (cache) => {
    assert.is(await readCached(cache, policyDigest(SOURCES)), undefined);
    await writeCached(cache, policyDigest(SOURCES), await compiled());
    assert.ok(await readCached(cache, policyDigest(SOURCES)));
    assert.is(await readCached({ ...cache, buildId: 'build-b' }, policyDigest(SOURCES)), undefined, 'another build');
    assert.is(await readCached(cache, policyDigest({ ...SOURCES, data: { allowed: 'tools/list' } })), undefined, 'other data');
    assert.is(await readCached(cache, policyDigest({ ...SOURCES, modules: { 'q.rego': SOURCES.modules['p.rego'] } })), undefined, 'another file name');
  }));

test('the first load through the cache compiles and stores; the next one loads what was stored', () =>
  withCache(async (cache) => {
    const first = await buildAndCheckHere(SOURCES, { compileCache: cache });
    assert.is(first.cached, undefined);
    const second = await buildAndCheckHere(SOURCES, { compileCache: cache });
    assert.is(second.cached, true);
    assert.is(second.policy.digest, first.policy.digest);
    assert.equal(second.policy.evaluate(ping), first.policy.evaluate(ping));
    assert.ok(second.policy.evaluate(ping).allowed);
    assert.equal(second.warnings, first.warnings);
  }));

test('a corrupt entry is compiled again and replaced', () =>
  withCache(async (cache) => {
    await buildAndCheckHere(SOURCES, { compileCache: cache });
    const [name] = await entries(cache);
    const file = path.join(cache.dir, name!);
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 100));
    const again = await buildAndCheckHere(SOURCES, { compileCache: cache });
    assert.is(again.cached, undefined);
    assert.ok(again.policy.evaluate(ping).allowed);
    assert.equal(await readFile(file), bytes);
    assert.is((await buildAndCheckHere(SOURCES, { compileCache: cache })).cached, true);
  }));

test('a policy that does not compile is not stored, and fails as without a cache', () =>
  withCache(async (cache) => {
    const broken = { modules: { 'p.rego': 'package mcp\nallow if {\n' }, data: {} };
    try {
      await buildAndCheckHere(broken, { compileCache: cache });
      assert.unreachable('compiled');
    } catch (error) {
      assert.instance(error, PolicyLoadError);
    }
    assert.is(await readCached(cache, policyDigest(broken)), undefined);
  }));

test('a cache that cannot be written costs the compile and says so, never the load', () =>
  withCache(async (cache) => {
    // A file where the directory should be: permissions would not stop root.
    await writeFile(cache.dir, 'not a directory');
    const built = await buildAndCheckHere(SOURCES, { compileCache: cache });
    assert.ok(built.policy.evaluate(ping).allowed);
    assert.is(built.cached, undefined);
    assert.ok(built.warnings.some((w) => /^compiled policy not cached: /.test(w)), built.warnings.join('\n'));
    assert.ok(built.warnings.every((w) => /^compiled policy (not cached|cache not read): /.test(w)), built.warnings.join('\n'));
  }));

test(`the ${KEEP_ENTRIES} most recently used entries are kept`, () =>
  withCache(async (cache) => {
    const build = await compiled();
    const sources = (i: number) => ({ ...SOURCES, data: { allowed: `m${i}` } });
    const files: string[] = [];
    for (let i = 0; i < KEEP_ENTRIES; i++) {
      const before = new Set(await entries(cache).catch(() => []));
      await writeCached(cache, policyDigest(sources(i)), build);
      files.push(path.join(cache.dir, (await entries(cache)).find((name) => !before.has(name))!));
    }
    // Entry i was last used at second i; then entry 0 is used again, which makes entry 1 the oldest.
    for (const [i, file] of files.entries()) await utimes(file, new Date((i + 1) * 1000), new Date((i + 1) * 1000));
    assert.ok(await readCached(cache, policyDigest(sources(0))));
    await writeCached(cache, policyDigest(sources(KEEP_ENTRIES)), build);
    assert.is((await entries(cache)).length, KEEP_ENTRIES);
    assert.is(await readCached(cache, policyDigest(sources(1))), undefined, 'least recently used, pruned');
    for (const i of [0, 2, KEEP_ENTRIES]) assert.ok(await readCached(cache, policyDigest(sources(i))), `entry ${i} kept`);
  }));

test.run();
