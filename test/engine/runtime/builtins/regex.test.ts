/**
 * Differential test of the runtime's native regex.match (engine/runtime/assembly/builtins/regex.ts)
 * against re2js, the host implementation: every pattern of policies/, of the conformance corpus and
 * of regex.cases.yaml, over shared edge-case subjects, the string literals of the policy tests
 * (which hold realistic secrets, paths and URLs) and seeded random strings built from each
 * pattern's own characters. Patterns or subjects outside the native subset reach the host stub,
 * which answers with re2js; the answers must agree either way.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { compile } from '../../../../engine/compiler/index.js';
import { DEFAULT_FUEL_LIMIT, FUEL_EXHAUSTED, FUEL_LIMIT_EXPORT } from '../../../../engine/compiler/wasm/fuel.js';
import { loadPolicyWasm } from '../../../../engine/policy/load-wasm.js';
import { ROOT, SHIPPED_POLICIES } from '../../../e2e/support/repo.js';
import { loadRuntime } from '../harness.js';
import { expected, nativeMatcher } from './regex-harness.js';
import { seededRandom } from '../../../support/seeded-random.js';

interface Cases {
  subjects: string[];
  patterns: Array<{ pattern: string; native?: boolean }>;
}
const cases = parse(readFileSync(fileURLToPath(new URL('./regex.cases.yaml', import.meta.url)), 'utf8')) as Cases;
const CONFORMANCE = join(ROOT, '../shared/rego-conformance/v1');
const RANDOM_SUBJECTS = 40;
const SAMPLE_SUBJECTS = 400;

const native = nativeMatcher();

/** Backquoted literals, and first arguments of regex.* calls, in Rego sources. */
function regoPatterns(text: string, raw: boolean): string[] {
  const out: string[] = [];
  const code = text.split('\n').filter((line) => !line.trimStart().startsWith('#')).join('\n');
  if (raw) for (const m of code.matchAll(/`([^`\n]*)`/g)) out.push(m[1]!);
  for (const m of code.matchAll(/regex\.[a-z_]+\(\s*"((?:[^"\\]|\\.)*)"/g)) out.push(JSON.parse(`"${m[1]}"`) as string);
  return out;
}

function regoFiles(dir: string, suffix: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => suffix.test(f)).map((f) => join(dir, f));
}

const policyFiles = regoFiles(SHIPPED_POLICIES, /\.rego$/).filter((f) => !f.endsWith('_test.rego'));
const policyPatterns = [...new Set(policyFiles.flatMap((f) => regoPatterns(readFileSync(f, 'utf8'), true)))];
const conformancePatterns = existsSync(CONFORMANCE)
  ? regoFiles(CONFORMANCE, /\.yaml$/).flatMap((f) => regoPatterns(readFileSync(f, 'utf8'), false))
  : (console.log('regex differential: ../shared/rego-conformance is not present, its patterns are skipped'), []);
const testLiterals = regoFiles(SHIPPED_POLICIES, /_test\.rego$/)
  .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string));

const EXTRA = ['a', 'Z', '0', '9', ' ', '\n', '-', '_', '/', '.', 'é', '\u212a', '\u017f', '😀', '\t'];

function randomSubjects(pattern: string, next: () => number): string[] {
  const alphabet = [...new Set([...pattern].filter((c) => c !== '\\')), ...EXTRA];
  const out: string[] = [];
  for (let i = 0; i < RANDOM_SUBJECTS; i++) {
    const n = Math.floor(next() * 24);
    let s = '';
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(next() * alphabet.length)]!;
    out.push(s);
  }
  return out;
}

/** Realistic subjects, with pieces cut out and noise around them, a random selection of them. */
function sampleSubjects(next: () => number): string[] {
  const all = testLiterals.flatMap((s) => {
    const cut = Math.floor(next() * (s.length + 1));
    return [s, `x${s}y`, `${s.slice(0, cut)} ${s.slice(cut)}`, s.slice(cut)];
  });
  return Array.from({ length: Math.min(SAMPLE_SUBJECTS, all.length) }, () => all[Math.floor(next() * all.length)]!);
}

const patterns = [
  ...policyPatterns.map((pattern) => ({ pattern, from: 'policies', native: true as boolean | undefined })),
  ...conformancePatterns.map((pattern) => ({ pattern, from: 'conformance', native: undefined })),
  ...cases.patterns.map((c) => ({ pattern: c.pattern, from: 'regex.cases.yaml', native: c.native })),
];
const next = seededRandom(20261205);
const samples = sampleSubjects(next);
let checked = 0;
let judgedNatively = 0;

for (const { pattern, from, native: mustBeNative } of patterns) {
  test(`regex.match ${JSON.stringify(pattern)} (${from}) agrees with re2js`, () => {
    const subjects = [...cases.subjects, ...samples, ...randomSubjects(pattern, next)];
    for (const subject of subjects) {
      const got = native(pattern, subject);
      assert.is(got.result, expected(pattern, subject), `subject ${JSON.stringify(subject)}`);
      checked++;
      if (!got.host) judgedNatively++;
    }
    if (mustBeNative !== undefined) {
      assert.is(native(pattern, 'plain ascii text').host, !mustBeNative, mustBeNative ? 'runs natively' : 'goes to the host');
    }
  });
}

/**
 * Long subjects: the DFA (regex/dfa.ts) judges ASCII subjects a byte at a time from states it
 * keeps between calls, and hands a subject to the NFA at its first non-ASCII byte.
 */
function longSubjects(pattern: string, next: () => number): string[] {
  const pieces = [...randomSubjects(pattern, next), ...samples.slice(0, 40)].filter((x) => /^[\x00-\x7f]*$/.test(x));
  const long = (n: number): string => Array.from({ length: n }, () => pieces[Math.floor(next() * pieces.length)]!).join(next() < 0.5 ? ' ' : '\n');
  const a = long(200);
  return [a, long(400), `${a}é`, `é${a}`];
}

test('long ASCII subjects, and non-ASCII bytes after a long ASCII run, agree with re2js', () => {
  const next = seededRandom(7);
  for (const { pattern } of patterns) {
    if (expected(pattern, '') === undefined) continue;
    for (const subject of longSubjects(pattern, next)) {
      assert.is(native(pattern, subject).result, expected(pattern, subject), `${pattern} on ${subject.length} characters`);
    }
  }
});

test('a pattern whose DFA outgrows its table still agrees with re2js, call after call', () => {
  const next = seededRandom(11);
  // Matching `a` twelve bytes from the end needs 2^13 states: the table fills, is emptied, and
  // after a few times the program is left to the NFA.
  for (const pattern of ['(a|b)*a(a|b){12}', '^[ab]*a[ab]{12}c']) {
    for (let i = 0; i < 12; i++) {
      const subject = Array.from({ length: 3000 }, () => (next() < 0.5 ? 'a' : 'b')).join('') + (i % 2 ? 'c' : '');
      assert.is(native(pattern, subject).result, expected(pattern, subject), `${pattern}, call ${i}`);
    }
  }
});

test('a long scan is charged one unit per 16 bytes, as one NFA thread step a byte', async () => {
  const source = 'package f\nm := regex.match(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}`, input.s)\n';
  const { wasm, entrypoints } = await compile({ modules: { 'f.rego': source }, entrypoints: ['f/m'] });
  const policy = await loadPolicyWasm(wasm);
  const limit = (policy.wasmInstance as WebAssembly.Instance).exports[FUEL_LIMIT_EXPORT] as WebAssembly.Global;
  const prose = `${'The quick brown fox jumps over the lazy dog, again and again. '.repeat(1600)}mail me @ home`;
  const fits = (s: string, units: number): boolean => {
    limit.value = units;
    try {
      return (policy.evaluate({ s }, entrypoints['f/m']) as Array<{ result: boolean }>)[0]!.result === false;
    } catch {
      return false;
    }
  };
  // Words keep an e-mail thread alive at most bytes: the NFA pays for it and one more.
  const dfaCost = Math.ceil(prose.length / 16) + 100;
  assert.ok(fits(prose, dfaCost), 'the DFA scan fits one unit per 16 bytes');
  assert.ok(fits(`“${prose}” — é`, dfaCost), 'non-ASCII code points are stepped on by the DFA too');
  // Words mixing scripts: each non-ASCII character is a new step taken with a thread alive.
  const otherScript = Array.from({ length: 64 }, (_, i) => `a${String.fromCodePoint(0x4e00 + i * 7)}`).join('');
  assert.not.ok(fits(`${otherScript}${prose}`, dfaCost), 'the NFA, which text in another script hands the scan to, costs more');
  limit.value = DEFAULT_FUEL_LIMIT;
});

test('policies/ holds the patterns this test is meant to cover', () => {
  assert.ok(policyPatterns.length >= 15, `found ${policyPatterns.length}`);
});

test('constant patterns in a compiled policy (cached by address) agree with re2js, evaluation after evaluation', async () => {
  const constants = [...policyPatterns, ...cases.patterns.map((c) => c.pattern)].slice(0, 120);
  const rules = constants.map((p, i) => `r${i} := regex.match(${JSON.stringify(p)}, input.s)`).join('\n');
  const { wasm, entrypoints } = await compile({ modules: { 'r.rego': `package r\n${rules}\n` }, entrypoints: ['r'] });
  const policy = await loadPolicyWasm(wasm);
  for (const subject of [...cases.subjects, ...cases.subjects]) {
    const [row] = policy.evaluate({ s: subject }, entrypoints.r) as Array<{ result: Record<string, boolean> }>;
    constants.forEach((p, i) => assert.is(row!.result[`r${i}`], expected(p, subject), `${p} on ${JSON.stringify(subject)}`));
  }
});

test('matching charges the evaluation budget: a heavy pattern over a large subject runs out of fuel', async () => {
  const source = 'package f\nm := regex.match(`(?:a|b|ab|ba)*c`, input.s)\n';
  const { wasm, entrypoints } = await compile({ modules: { 'f.rego': source }, entrypoints: ['f/m'] });
  const policy = await loadPolicyWasm(wasm);
  const limit = (policy.wasmInstance as WebAssembly.Instance).exports[FUEL_LIMIT_EXPORT] as WebAssembly.Global;
  const subject = 'ab'.repeat(200_000);
  limit.value = DEFAULT_FUEL_LIMIT;
  assert.equal(policy.evaluate({ s: subject }, entrypoints['f/m']), [{ result: false }]);
  limit.value = 2_000;
  assert.throws(() => policy.evaluate({ s: subject }, entrypoints['f/m']), (e: unknown) => String(e).includes(FUEL_EXHAUSTED));
  assert.equal(policy.evaluate({ s: 'abc' }, entrypoints['f/m']), [{ result: true }]);
});

test('a non-string argument goes to the host', () => {
  let hostCalls = 0;
  const rt = loadRuntime(() => {
    hostCalls++;
    return 0;
  });
  rt.exports.warden_regex_match(7, 0, rt.str('a'), rt.json('1'));
  assert.is(hostCalls, 1);
});

test.after(() => {
  console.log(`regex differential: ${patterns.length} patterns, ${checked} matches compared, ${judgedNatively} judged natively`);
});

test.run();
